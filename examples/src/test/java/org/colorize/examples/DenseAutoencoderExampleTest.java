package org.colorize.examples;

import static org.colorize.examples.ExampleAssertions.assertTrained;
import static org.colorize.examples.ExampleAssertions.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.image.Images;
import org.colorize.core.model.ModelKind;
import org.colorize.core.model.WorkingSize;
import org.colorize.core.testing.TestData;
import org.colorize.models.DenseAutoencoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dense autoencoder example, shrunk with the builder's options (32x32, filters 16 and 8, a
 * 64-wide bottleneck: under 0.1M parameters instead of 206M, which need 2.5 GB to train), on the four
 * scikit-image photos, one epoch.
 */
class DenseAutoencoderExampleTest {

    @Test
    void theReferenceIsFarTooBigForATestSoItIsShrunk() {
        assertEquals(206_111_315L, DenseAutoencoder.builder().build().parameterCount());
        assertTrue(small().parameterCount() < 100_000, "shrunk: " + small().parameterCount());
    }

    @Test
    void trainsAShrunkAutoencoderAndColorizesTheHeldOutPhotoAtItsOwnSize(@TempDir Path out) throws Exception {
        Path folder = TestData.photosDir().resolve("skimage");

        DenseAutoencoderExample.Result r = DenseAutoencoderExample.run(folder, out, small(), 1, 4, 1);

        assertTrained(r.history(), 1, true);
        BufferedImage original = Images.read(r.heldOut().get(0));
        png(r.colorized().get(0), original.getWidth(), original.getHeight());
        ModelBundle bundle = ModelBundle.load(r.bundle());
        assertEquals(DenseAutoencoder.ID, bundle.metadata().architecture());
        assertEquals(ModelKind.GRAY_TO_RGB, bundle.metadata().kind());
        assertEquals(3, bundle.metadata().inputChannels(), "gray replicated to three channels");
        assertEquals(WorkingSize.fixed(32, 32), bundle.metadata().workingSize());
    }

    private static DenseAutoencoder small() {
        return DenseAutoencoder.builder().inputSize(32, 32).convFilters(16, 8).latentSize(64).build();
    }
}
