package org.colorize.examples;

import static org.colorize.examples.ExampleAssertions.assertGray;
import static org.colorize.examples.ExampleAssertions.assertTrained;
import static org.colorize.examples.ExampleAssertions.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.model.ModelKind;
import org.colorize.core.testing.TestData;
import org.colorize.data.source.CifarSource;
import org.colorize.data.source.RgbImage;
import org.colorize.models.CifarAutoencoder;
import org.colorize.training.eval.ComparisonGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CIFAR autoencoder example on 128 real CIFAR-10 training images (and 128 held out), one epoch. */
class CifarAutoencoderExampleTest {

    @Test
    void trainsAndWritesTheBooksThreeGridsOfTheFirst100TestImages(@TempDir Path out) throws Exception {
        Path batch1 = TestData.cifar("data_batch_1.bin");
        Path batch2 = TestData.cifar("data_batch_2.bin");

        CifarAutoencoderExample.Result r = CifarAutoencoderExample.run(batch1.getParent(), out, 1, 128);

        assertTrained(r.history(), 1, true);
        ModelBundle bundle = ModelBundle.load(r.bundle());
        assertEquals(CifarAutoencoder.ID, bundle.metadata().architecture());
        assertEquals(ModelKind.GRAY_TO_RGB, bundle.metadata().kind());
        assertEquals(128, r.testMetrics().count(), "test images colorized");
        assertTrue(Double.isFinite(r.testMetrics().psnrDataset()), "test PSNR " + r.testMetrics().psnrDataset());

        // Three 10x10 grids of 32x32 images, as the book's figures, and the three side by side at 2x.
        BufferedImage truth = png(r.truthGrid(), 320, 320);
        BufferedImage gray = png(r.grayGrid(), 320, 320);
        BufferedImage colour = png(r.colorizedGrid(), 320, 320);
        png(r.comparison(), 3 * 640 + 2 * ComparisonGrid.GAP, 640 + ComparisonGrid.LABEL_HEIGHT);
        assertGray(gray, "the gray grid");

        // The truth grid's first and last cells are the first and 100th held-out records (never trained on).
        CifarSource all = CifarSource.open(batch1, batch2);
        int firstTest = all.size() - CifarAutoencoderExample.TEST_RECORDS;
        assertCell(truth, 0, all.get(firstTest).image());
        assertCell(truth, 99, all.get(firstTest + 99).image());

        // The colorizer keeps the gray input's lightness: each colorized cell is as bright as its gray cell.
        double diff = 0;
        for (int y = 0; y < 320; y++) {
            for (int x = 0; x < 320; x++) {
                diff += Math.abs(luma(colour.getRGB(x, y)) - (gray.getRGB(x, y) & 0xff));
            }
        }
        diff /= 320 * 320;
        assertTrue(diff < 6, "mean luma difference between the colorized and the gray grid: " + diff);
    }

    private static void assertCell(BufferedImage grid, int index, RgbImage expected) {
        int x0 = (index % 10) * 32, y0 = (index / 10) * 32;
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                assertEquals(expected.rgb(x, y) & 0xffffff, grid.getRGB(x0 + x, y0 + y) & 0xffffff,
                        "cell " + index + " pixel (" + x + ", " + y + ")");
            }
        }
    }

    private static double luma(int rgb) {
        return 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
    }
}
