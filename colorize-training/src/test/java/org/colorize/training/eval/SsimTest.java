package org.colorize.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SsimTest {

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(256) / 255f;
        }
        return v;
    }

    private static float[] constant(int n, float c) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, c);
        return v;
    }

    @Test
    void identicalImagesScoreExactlyOne() {
        float[] a = random(3 * 40 * 27, 1);
        assertEquals(1.0, Ssim.of(a, a.clone(), 40, 27, 3), 0.0);
        float[] tiny = random(3 * 5 * 3, 2);
        assertEquals(1.0, Ssim.of(tiny, tiny.clone(), 5, 3, 3), 0.0);
    }

    @Test
    void constantImagesGiveTheLuminanceTerm() {
        // Constant images: both variances and the covariance are 0, so
        // SSIM = (2 mu1 mu2 + C1) / (mu1^2 + mu2^2 + C1).
        double mu1 = 0.25, mu2 = 0.75, c1 = 0.01 * 0.01;
        double expected = (2 * mu1 * mu2 + c1) / (mu1 * mu1 + mu2 * mu2 + c1);
        assertEquals(expected, Ssim.of(constant(16 * 12, 0.25f), constant(16 * 12, 0.75f), 16, 12, 1), 1e-12);
        assertEquals(0.6000640, expected, 1e-7);
        // and the same for an image smaller than the window
        assertEquals(expected, Ssim.of(constant(3 * 4, 0.25f), constant(3 * 4, 0.75f), 4, 3, 1), 1e-12);
    }

    @Test
    void clearlyDifferentImagesScoreBelowOne() {
        float[] a = random(3 * 32 * 32, 3);
        float[] noisy = a.clone();
        Random r = new Random(4);
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = Math.max(0f, Math.min(1f, noisy[i] + (float) r.nextGaussian() * 0.1f));
        }
        double s = Ssim.of(a, noisy, 32, 32, 3);
        assertTrue(s < 0.99 && s > 0.3, "SSIM of a noisy copy " + s);
        double unrelated = Ssim.of(a, random(3 * 32 * 32, 5), 32, 32, 3);
        assertTrue(Math.abs(unrelated) < 0.1, "SSIM of independent noise " + unrelated);
        float[] inverted = a.clone();
        for (int i = 0; i < inverted.length; i++) {
            inverted[i] = 1f - inverted[i];
        }
        assertTrue(Ssim.of(a, inverted, 32, 32, 3) < -0.5, "an inverted image is anti-correlated");
    }

    /** The separable, row-streamed filter against a direct 2-d window sum. */
    @Test
    void matchesADirectComputation() {
        for (int[] size : new int[][] {{23, 17}, {11, 11}, {12, 30}, {7, 9}, {1, 1}, {2, 6}}) {
            int w = size[0], h = size[1];
            float[] a = random(2 * w * h, w * 31 + h), b = random(2 * w * h, w * 17 + h);
            for (int i = 0; i < b.length; i += 2) {
                b[i] = 0.5f * (a[i] + b[i]);   // correlated in channel 0, independent in channel 1
            }
            assertEquals(direct(a, b, w, h, 2), Ssim.of(a, b, w, h, 2), 1e-12, w + "x" + h);
        }
    }

    private static double direct(float[] a, float[] b, int w, int h, int channels) {
        int k = Math.min(11, Math.min(w, h));
        if (k % 2 == 0) {
            k--;
        }
        int r = k / 2;
        double[][] g = new double[k][k];
        double total = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                g[i][j] = Math.exp(-((i - r) * (i - r) + (j - r) * (j - r)) / (2 * 1.5 * 1.5));
                total += g[i][j];
            }
        }
        double c1 = 1e-4, c2 = 9e-4, sum = 0;
        for (int c = 0; c < channels; c++) {
            double chSum = 0;
            for (int y = 0; y + k <= h; y++) {
                for (int x = 0; x + k <= w; x++) {
                    double mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < k; j++) {
                            double wt = g[i][j] / total;
                            double u = a[((y + i) * w + x + j) * channels + c];
                            double v = b[((y + i) * w + x + j) * channels + c];
                            mx += wt * u;
                            my += wt * v;
                            xx += wt * u * u;
                            yy += wt * v * v;
                            xy += wt * u * v;
                        }
                    }
                    double vx = xx - mx * mx, vy = yy - my * my, cov = xy - mx * my;
                    chSum += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                }
            }
            sum += chSum / ((w - k + 1) * (h - k + 1));
        }
        return sum / channels;
    }

    @Test
    void rejectsMismatchedSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ssim.of(new float[12], new float[12], 3, 3, 3));
        assertTrue(e.getMessage().contains("3x3"), e.getMessage());
    }
}
