package org.colorize.training.eval;

import java.util.Objects;

/**
 * The structural similarity index (SSIM) of Wang, Bovik, Sheikh &amp; Simoncelli (2004), "Image
 * quality assessment: from error visibility to structural similarity", with the parameters of the
 * paper and of its reference implementation: an 11x11 Gaussian window of standard deviation 1.5,
 * K1 = 0.01, K2 = 0.03, dynamic range L = 1 (values in [0,1]).
 *
 * <p>The local statistics are computed only where the whole window lies inside the image (the
 * reference implementation's {@code 'valid'} filtering, no padding), and the SSIM map is averaged
 * over those positions. A colour image's SSIM is the mean of the SSIM of its channels (R, G and B for
 * the evaluation, as {@code skimage.metrics.structural_similarity(..., channel_axis=-1)} does).
 *
 * <p>Images narrower or lower than 11 pixels are handled by shrinking the window to the largest odd
 * side that fits (the same Gaussian of standard deviation 1.5, truncated and renormalised); an image
 * of one pixel is compared pixel against pixel with a 1x1 window.
 *
 * <p>All arithmetic is in double precision. The SSIM of an image with itself is exactly 1.
 *
 * <pre>{@code
 * double s = Ssim.of(truthRgb, predictedRgb, width, height, 3);   // interleaved, values in [0,1]
 * }</pre>
 */
public final class Ssim {

    /** Side of the Gaussian window, in pixels. */
    public static final int WINDOW = 11;
    /** Standard deviation of the Gaussian window, in pixels. */
    public static final double SIGMA = 1.5;
    /** Stabilising constants: {@code C1 = (K1 L)^2}, {@code C2 = (K2 L)^2} with L = 1. */
    public static final double C1 = 0.01 * 0.01, C2 = 0.03 * 0.03;

    private Ssim() {
    }

    /**
     * The mean SSIM over the channels of two images of one size.
     *
     * @param a the first image, {@code channels} interleaved values a pixel, row-major, in [0,1]
     * @param b the second image, same layout
     * @param width width in pixels (&gt;= 1)
     * @param height height in pixels (&gt;= 1)
     * @param channels values a pixel (&gt;= 1)
     * @return SSIM in [-1, 1]; 1 when the images are equal
     * @throws IllegalArgumentException if the sizes do not match the arrays
     */
    public static double of(float[] a, float[] b, int width, int height, int channels) {
        return of(a, b, width, height, channels, 1.0);
    }

    /** As {@link #of(float[], float[], int, int, int)} for values that become [0,1] when multiplied by {@code scale}. */
    static double of(float[] a, float[] b, int width, int height, int channels, double scale) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (width < 1 || height < 1 || channels < 1) {
            throw new IllegalArgumentException("width, height and channels must be >= 1, were "
                    + width + ", " + height + ", " + channels);
        }
        long n = (long) width * height * channels;
        if (a.length != n || b.length != n) {
            throw new IllegalArgumentException("arrays of " + a.length + " and " + b.length + " values for a "
                    + width + "x" + height + " image of " + channels + " channels (" + n + " values)");
        }
        int k = Math.min(WINDOW, Math.min(width, height));
        if (k % 2 == 0) {
            k--;
        }
        double[] g = window(k);
        double sum = 0;
        for (int c = 0; c < channels; c++) {
            sum += channel(a, b, width, height, channels, c, scale, g);
        }
        return sum / channels;
    }

    /** A normalised 1-d Gaussian of standard deviation {@link #SIGMA} and odd side k. */
    private static double[] window(int k) {
        double[] g = new double[k];
        int r = k / 2;
        double total = 0;
        for (int i = 0; i < k; i++) {
            g[i] = Math.exp(-((i - r) * (double) (i - r)) / (2 * SIGMA * SIGMA));
            total += g[i];
        }
        for (int i = 0; i < k; i++) {
            g[i] /= total;
        }
        return g;
    }

    /**
     * Mean SSIM of one channel. The separable filter runs row by row: each row is filtered
     * horizontally into a ring of k rows, from which the vertical pass makes one output row, so
     * memory is O(k * width) whatever the image size.
     */
    private static double channel(float[] a, float[] b, int w, int h, int stride, int c, double scale, double[] g) {
        int k = g.length;
        int ow = w - k + 1, oh = h - k + 1;
        // ring[slot][quantity][x]: quantities x, y, xx, yy, xy filtered horizontally.
        double[][][] ring = new double[k][5][ow];
        double[] xr = new double[w], yr = new double[w];
        double sum = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * stride + c;
                xr[x] = a[i] * scale;
                yr[x] = b[i] * scale;
            }
            double[][] slot = ring[y % k];
            for (int ox = 0; ox < ow; ox++) {
                double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                for (int j = 0; j < k; j++) {
                    double wt = g[j], xv = xr[ox + j], yv = yr[ox + j];
                    sx += wt * xv;
                    sy += wt * yv;
                    sxx += wt * (xv * xv);
                    syy += wt * (yv * yv);
                    sxy += wt * (xv * yv);
                }
                slot[0][ox] = sx;
                slot[1][ox] = sy;
                slot[2][ox] = sxx;
                slot[3][ox] = syy;
                slot[4][ox] = sxy;
            }
            if (y < k - 1) {
                continue;
            }
            int top = y - k + 1;
            double rowSum = 0;
            for (int ox = 0; ox < ow; ox++) {
                double mx = 0, my = 0, exx = 0, eyy = 0, exy = 0;
                for (int j = 0; j < k; j++) {
                    double[][] s = ring[(top + j) % k];
                    double wt = g[j];
                    mx += wt * s[0][ox];
                    my += wt * s[1][ox];
                    exx += wt * s[2][ox];
                    eyy += wt * s[3][ox];
                    exy += wt * s[4][ox];
                }
                double vx = exx - mx * mx, vy = eyy - my * my, cov = exy - mx * my;
                rowSum += ((2 * mx * my + C1) * (2 * cov + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2));
            }
            sum += rowSum;
        }
        return sum / ((double) ow * oh);
    }
}
