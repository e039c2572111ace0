package org.colorize.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.colorize.core.Colorizer;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.model.LNormalization;
import org.colorize.core.model.ModelKind;
import org.colorize.examples.CustomArchitectureExample.TinyUNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.MultiDataSet;

/** A user's own network, end to end: train on real CIFAR images, bundle, reload, colorize a real photo. */
class CustomArchitectureExampleTest {

    private static Path data() {
        String prop = System.getProperty("colorize.data.dir");
        Path dir = prop != null ? Path.of(prop) : Path.of("..", "..", "shared", "data");
        assumeTrue(Files.isDirectory(dir), "real test data not found at " + dir.toAbsolutePath() + "; skipping");
        return dir;
    }

    @Test
    void trainBundleReloadAndColorizeARealPhoto(@TempDir Path tmp) throws Exception {
        Path cifar = data().resolve("cifar-10").resolve("data_batch_1.bin");
        Path photo = data().resolve("photos").resolve("unsplash").resolve("woman.png");
        assumeTrue(Files.isRegularFile(cifar) && Files.isRegularFile(photo), "CIFAR batch or photo missing; skipping");

        TinyUNet probe = new TinyUNet(16);
        MultiDataSet data = CustomArchitectureExample.cifarLab(cifar, 64, probe.lNormalization());
        double before = probe.newNetwork().score(data);
        ModelBundle bundle = CustomArchitectureExample.trainAndSave(cifar, tmp.resolve("tiny.zip"), 8);
        assertEquals("example-tiny-unet", bundle.metadata().architecture());
        assertEquals(ModelKind.L_TO_AB, bundle.metadata().kind());
        assertEquals(LNormalization.SYMMETRIC, bundle.metadata().lNormalization());
        assertEquals(16, ((Number) bundle.metadata().architectureParams().get("baseFilters")).intValue());
        double after = ((org.deeplearning4j.nn.graph.ComputationGraph) bundle.network()).score(data);
        assertTrue(after < before, "training lowers the loss: " + before + " -> " + after);

        BufferedImage gray = ImageIO.read(photo.toFile());
        try (Colorizer colorizer = Colorizer.of(bundle)) {
            BufferedImage colour = colorizer.colorize(gray);
            assertEquals(gray.getWidth(), colour.getWidth());
            assertEquals(gray.getHeight(), colour.getHeight());
        }
    }
}
