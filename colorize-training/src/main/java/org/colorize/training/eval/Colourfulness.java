package org.colorize.training.eval;

import java.util.Objects;

/**
 * The colourfulness metric of Hasler &amp; Suesstrunk (2003), "Measuring colourfulness in natural
 * images": on 8-bit values R, G, B in 0..255, with {@code rg = R - G} and
 * {@code yb = 0.5 (R + G) - B} over all pixels,
 * {@code M = sqrt(sd_rg^2 + sd_yb^2) + 0.3 sqrt(mean_rg^2 + mean_yb^2)}, the standard deviations
 * being population ones (divided by the pixel count). 0 for any gray image; about 15 for
 * "slightly colourful", 33 for "moderately", 59 for "quite", 82 for "highly", 109 for "extremely"
 * colourful images in the authors' scale.
 *
 * <pre>{@code
 * double m = Colourfulness.of(rgb);   // interleaved RGB in [0,1]
 * }</pre>
 */
public final class Colourfulness {

    private Colourfulness() {
    }

    /**
     * The colourfulness of an image.
     *
     * @param rgb interleaved RGB values in [0,1], 3 a pixel (at least one pixel)
     * @return M &gt;= 0, on the 0..255 scale of the paper
     * @throws IllegalArgumentException if the array is empty or not a whole number of pixels
     */
    public static double of(float[] rgb) {
        Objects.requireNonNull(rgb, "rgb");
        return of(rgb, 255.0);
    }

    /** Colourfulness of interleaved RGB values that reach the 0..255 scale when multiplied by {@code scale}. */
    static double of(float[] rgb, double scale) {
        if (rgb.length == 0 || rgb.length % 3 != 0) {
            throw new IllegalArgumentException("need interleaved RGB pixels, got " + rgb.length + " values");
        }
        int n = rgb.length / 3;
        double sumRg = 0, sumYb = 0;
        for (int i = 0; i < rgb.length; i += 3) {
            double r = rgb[i] * scale, g = rgb[i + 1] * scale, b = rgb[i + 2] * scale;
            sumRg += r - g;
            sumYb += 0.5 * (r + g) - b;
        }
        double meanRg = sumRg / n, meanYb = sumYb / n;
        double ssRg = 0, ssYb = 0;
        for (int i = 0; i < rgb.length; i += 3) {
            double r = rgb[i] * scale, g = rgb[i + 1] * scale, b = rgb[i + 2] * scale;
            double drg = (r - g) - meanRg, dyb = (0.5 * (r + g) - b) - meanYb;
            ssRg += drg * drg;
            ssYb += dyb * dyb;
        }
        return Math.sqrt(ssRg / n + ssYb / n) + 0.3 * Math.sqrt(meanRg * meanRg + meanYb * meanYb);
    }
}
