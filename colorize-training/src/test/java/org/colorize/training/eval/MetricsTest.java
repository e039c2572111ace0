package org.colorize.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** PSNR, colourfulness and their accumulation, against values computed by hand. */
class MetricsTest {

    private static final double PSNR_ONE_CODE = 20 * Math.log10(255);   // 48.1308 dB

    /** A random 8-bit RGB image with every channel in 2..253, so that +-2 stays in range. */
    private static BufferedImage randomImage(int w, int h, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((2 + r.nextInt(252)) << 16) | ((2 + r.nextInt(252)) << 8) | (2 + r.nextInt(252)));
            }
        }
        return img;
    }

    /** The image with every channel moved by {@code d} code values (alternating sign by pixel). */
    private static BufferedImage offBy(BufferedImage img, int d) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int c = img.getRGB(x, y), s = (x + y) % 2 == 0 ? d : -d;
                int r = ((c >> 16) & 0xff) + s, g = ((c >> 8) & 0xff) + s, b = (c & 0xff) + s;
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    @Test
    void psnrOfOneCodeValueEverywhere() {
        assertEquals(48.1308, PSNR_ONE_CODE, 1e-4);
        BufferedImage a = randomImage(20, 13, 1);
        Metrics m = Metrics.of(List.of(a), List.of(offBy(a, 1)));
        assertEquals(PSNR_ONE_CODE, m.psnrMean(), 1e-9);
        assertEquals(PSNR_ONE_CODE, m.psnrDataset(), 1e-9);
        assertEquals(1, m.count());
        assertEquals(PSNR_ONE_CODE, Psnr.fromMse(1.0 / (255 * 255)), 1e-12);
        // the array route, in [0,1]
        float[] t = {0.5f, 0.25f, 0.75f}, p = {0.5f + 1 / 255f, 0.25f - 1 / 255f, 0.75f + 1 / 255f};
        assertEquals(PSNR_ONE_CODE, Psnr.of(t, p), 1e-4);
        assertEquals(Double.POSITIVE_INFINITY, Psnr.of(t, t.clone()));
    }

    @Test
    void datasetPsnrDiffersFromTheMeanOfImagePsnrs() {
        // Image A off by 1 code value everywhere: MSE = 1/255^2, PSNR = 48.1308.
        // Image B (same size) off by 2: MSE = 4/255^2, PSNR = 48.1308 - 20 log10(2) = 42.1102.
        // Mean of PSNRs = 45.1205; dataset MSE = 2.5/255^2, PSNR = 10 log10(255^2 / 2.5) = 44.1514.
        BufferedImage a = randomImage(16, 16, 2), b = randomImage(16, 16, 3);
        Metrics m = Metrics.of(List.of(a, b), List.of(offBy(a, 1), offBy(b, 2)));
        assertEquals(45.1205, m.psnrMean(), 1e-4);
        assertEquals((PSNR_ONE_CODE + PSNR_ONE_CODE - 20 * Math.log10(2)) / 2, m.psnrMean(), 1e-9);
        assertEquals(44.1514, m.psnrDataset(), 1e-4);
        assertEquals(10 * Math.log10(255.0 * 255.0 / 2.5), m.psnrDataset(), 1e-9);
        assertEquals(2, m.count());
    }

    @Test
    void perfectPredictions() {
        BufferedImage a = randomImage(12, 9, 4);
        Metrics m = Metrics.of(List.of(a), List.of(a));
        assertEquals(Psnr.IMAGE_CAP_DB, m.psnrMean(), "an exact image counts as 100 dB in the mean");
        assertEquals(Double.POSITIVE_INFINITY, m.psnrDataset());
        assertEquals(1.0, m.ssim(), 0.0);
        assertEquals(0.0, m.ciede2000(), 0.0);
    }

    @Test
    void colourfulnessOfGrayIsZeroAndOfTwoColoursIsAsComputedByHand() {
        float[] gray = new float[3 * 50];
        Random r = new Random(5);
        for (int i = 0; i < gray.length; i += 3) {
            gray[i] = gray[i + 1] = gray[i + 2] = r.nextFloat();
        }
        assertEquals(0.0, Colourfulness.of(gray), 0.0);
        // Half the pixels pure red (255,0,0): rg = 255, yb = 127.5; half pure blue (0,0,255): rg = 0, yb = -255.
        // mean_rg = 127.5, sd_rg = 127.5; mean_yb = -63.75, sd_yb = 191.25.
        float[] two = new float[3 * 10];
        for (int p = 0; p < 10; p++) {
            two[3 * p + (p < 5 ? 0 : 2)] = 1f;
        }
        double expected = Math.sqrt(127.5 * 127.5 + 191.25 * 191.25) + 0.3 * Math.sqrt(127.5 * 127.5 + 63.75 * 63.75);
        assertEquals(272.6187, expected, 1e-4);
        assertEquals(expected, Colourfulness.of(two), 1e-9);
        // through the accumulator, from 8-bit images: the predictions' colourfulness
        BufferedImage img = new BufferedImage(5, 2, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 5; x++) {
            img.setRGB(x, 0, 0xFF0000);
            img.setRGB(x, 1, 0x0000FF);
        }
        assertEquals(expected, Metrics.of(List.of(img), List.of(img)).colourfulness(), 1e-9);
    }

    @Test
    void ciede2000IsTheMeanOverAllPixels() {
        // One pixel pair differs (white vs mid gray), the other three are equal: mean = dE / 4.
        BufferedImage t = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        BufferedImage p = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        t.setRGB(0, 0, 0xFFFFFF);
        p.setRGB(0, 0, 0x777777);
        double[] w = org.colorize.core.color.Lab.exactRgbToLab(1, 1, 1);
        double[] g = org.colorize.core.color.Lab.exactRgbToLab(0x77 / 255.0, 0x77 / 255.0, 0x77 / 255.0);
        double de = Ciede2000.difference(w[0], w[1], w[2], g[0], g[1], g[2]);
        assertEquals(de / 4, Metrics.of(List.of(t), List.of(p)).ciede2000(), 1e-3);
    }

    @Test
    void arraysTensorsAndImagesAgree() {
        BufferedImage a = randomImage(8, 6, 6), b = randomImage(8, 6, 7);
        Metrics fromImages = Metrics.of(List.of(a, b), List.of(b, a));
        float[] ra = org.colorize.core.image.ImageTensors.rgb(a), rb = org.colorize.core.image.ImageTensors.rgb(b);
        Metrics fromArrays = new MetricsAccumulator().add(ra, rb, 8, 6).add(rb, ra, 8, 6).metrics();
        var ta = org.colorize.core.image.ImageTensors.toTensor(List.of(a, b), org.colorize.core.color.ColorSpace.RGB);
        var tb = org.colorize.core.image.ImageTensors.toTensor(List.of(b, a), org.colorize.core.color.ColorSpace.RGB);
        Metrics fromTensors = new MetricsAccumulator().add(ta, tb).metrics();
        for (Metrics m : List.of(fromArrays, fromTensors)) {
            assertEquals(fromImages.psnrMean(), m.psnrMean(), 1e-5);
            assertEquals(fromImages.psnrDataset(), m.psnrDataset(), 1e-5);
            assertEquals(fromImages.ssim(), m.ssim(), 1e-6);
            assertEquals(fromImages.ciede2000(), m.ciede2000(), 1e-4);
            assertEquals(fromImages.colourfulness(), m.colourfulness(), 1e-4);
            assertEquals(2, m.count());
        }
        // predictions outside [0,1] are clipped, as saving them would
        var over = Nd4j.ones(DataType.FLOAT, 1, 3, 4, 4).muli(1.5);
        Metrics clipped = new MetricsAccumulator().add(Nd4j.ones(DataType.FLOAT, 1, 3, 4, 4), over).metrics();
        assertEquals(Double.POSITIVE_INFINITY, clipped.psnrDataset());
        // one exact image among two: the mean uses the cap, the dataset PSNR is the other image's halved MSE
        BufferedImage c = randomImage(8, 8, 10);
        Metrics mixed = Metrics.of(List.of(c, c), List.of(c, offBy(c, 1)));
        assertEquals((Psnr.IMAGE_CAP_DB + PSNR_ONE_CODE) / 2, mixed.psnrMean(), 1e-9);
        assertEquals(PSNR_ONE_CODE + 10 * Math.log10(2), mixed.psnrDataset(), 1e-9);
    }

    @Test
    void errorsNameTheProblem() {
        IllegalStateException empty = assertThrows(IllegalStateException.class, () -> new MetricsAccumulator().metrics());
        assertTrue(empty.getMessage().contains("no images"), empty.getMessage());
        BufferedImage a = randomImage(4, 4, 8), b = randomImage(5, 4, 9);
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> Metrics.of(List.of(a), List.of(b)));
        assertTrue(size.getMessage().contains("5x4") && size.getMessage().contains("4x4"), size.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> new MetricsAccumulator().add(new float[3], new float[] {0, Float.NaN, 0}, 1, 1));
        assertTrue(nan.getMessage().contains("predictedRgb[1]"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Psnr.fromMse(-1));
    }
}
