package org.colorize.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.colorize.training.EpochRecord;

/** Checks shared by the example tests: what a written PNG and a training history must look like. */
final class ExampleAssertions {

    private ExampleAssertions() {
    }

    /** Reads a PNG that must exist and decode, and checks its size. */
    static BufferedImage png(Path file, int width, int height) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " was not written");
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, file + " is not a readable image");
        assertEquals(width, img.getWidth(), file + " width");
        assertEquals(height, img.getHeight(), file + " height");
        return img;
    }

    /** Every pixel has R = G = B. */
    static void assertGray(BufferedImage img, String what) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
                if (r != g || g != b) {
                    throw new AssertionError(what + " is not gray at (" + x + ", " + y + "): " + r + ", " + g + ", " + b);
                }
            }
        }
    }

    /** The history has the given number of epochs, each with a finite, positive training loss. */
    static void assertTrained(List<EpochRecord> history, int epochs, boolean withValidation) {
        assertEquals(epochs, history.size(), "epochs trained");
        for (EpochRecord r : history) {
            assertTrue(Double.isFinite(r.trainLoss()) && r.trainLoss() > 0, "training loss " + r.trainLoss());
            if (withValidation) {
                assertTrue(Double.isFinite(r.validationLoss()) && r.validationLoss() > 0,
                        "validation loss " + r.validationLoss());
            }
        }
    }
}
