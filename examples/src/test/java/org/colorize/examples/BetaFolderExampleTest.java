package org.colorize.examples;

import static org.colorize.examples.ExampleAssertions.assertTrained;
import static org.colorize.examples.ExampleAssertions.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.image.Images;
import org.colorize.core.model.WorkingSize;
import org.colorize.core.testing.TestData;
import org.colorize.models.LabBetaNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The beta example on the four scikit-image photos at 64x64 (the tutorial: 256x256), one epoch. */
class BetaFolderExampleTest {

    @Test
    void trainsOnAFolderAndColorizesTheHeldOutPhotoAtItsOwnSize(@TempDir Path out) throws Exception {
        Path folder = TestData.photosDir().resolve("skimage");
        LabBetaNet beta = LabBetaNet.builder().inputSize(64, 64).build();

        BetaFolderExample.Result r = BetaFolderExample.run(folder, out, beta, 1, 4, 1);

        assertTrained(r.history(), 1, true);
        assertEquals(1, r.heldOut().size());
        assertEquals("rocket.jpg", r.heldOut().get(0).getFileName().toString(), "the last photo in path order");
        BufferedImage original = Images.read(r.heldOut().get(0));
        png(r.colorized().get(0), original.getWidth(), original.getHeight());
        assertEquals(out.resolve("colorized").resolve("rocket.png"), r.colorized().get(0));

        ModelBundle bundle = ModelBundle.load(r.bundle());
        assertEquals(LabBetaNet.ID, bundle.metadata().architecture());
        assertEquals(WorkingSize.fixed(64, 64), bundle.metadata().workingSize());
    }

    @Test
    void refusesToHoldOutEveryPhoto(@TempDir Path out) {
        Path folder = TestData.photosDir().resolve("skimage");
        LabBetaNet beta = LabBetaNet.builder().inputSize(64, 64).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BetaFolderExample.run(folder, out, beta, 1, 2, 2));
        assertEquals("holdOut must be in [1, 1] for 2 photos, was 2", e.getMessage());
    }
}
