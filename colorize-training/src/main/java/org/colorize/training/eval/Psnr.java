package org.colorize.training.eval;

import java.util.Objects;

/**
 * Peak signal-to-noise ratio of images with values in [0,1] (8-bit values divided by 255), in
 * decibels: {@code PSNR = 10 log10(1 / MSE)}, where MSE is the mean squared error over every value
 * of every channel.
 *
 * <pre>{@code
 * double db = Psnr.of(truthRgb, predictedRgb);   // 48.13 dB when every value is off by 1/255
 * }</pre>
 */
public final class Psnr {

    /**
     * The ceiling, in dB, of one image's PSNR when PSNRs are averaged over images ({@link Metrics#psnrMean()}):
     * an exactly predicted image (e.g. a gray photo in a colour dataset, for the gray baseline) would
     * otherwise make the mean infinite. 100 dB is the PSNR of an MSE of 1e-10, far above any 8-bit error.
     */
    public static final double IMAGE_CAP_DB = 100;

    private Psnr() {
    }

    /**
     * PSNR of a mean squared error.
     *
     * @param mse the mean squared error of values in [0,1] (&gt;= 0)
     * @return PSNR in dB; {@link Double#POSITIVE_INFINITY} when {@code mse == 0}
     * @throws IllegalArgumentException if {@code mse} is negative or NaN
     */
    public static double fromMse(double mse) {
        if (!(mse >= 0)) {
            throw new IllegalArgumentException("mse must be >= 0, was " + mse);
        }
        return mse == 0 ? Double.POSITIVE_INFINITY : -10 * Math.log10(mse);
    }

    /**
     * PSNR of two arrays of values in [0,1] (any layout, compared value by value).
     *
     * @param truth the reference values
     * @param prediction the values to score, as many as {@code truth}
     * @return PSNR in dB; {@link Double#POSITIVE_INFINITY} for equal arrays
     * @throws IllegalArgumentException if the lengths differ or the arrays are empty
     */
    public static double of(float[] truth, float[] prediction) {
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(prediction, "prediction");
        if (truth.length != prediction.length || truth.length == 0) {
            throw new IllegalArgumentException("need two non-empty arrays of one length, were "
                    + truth.length + " and " + prediction.length + " values");
        }
        return fromMse(sumSquaredError(truth, prediction) / truth.length);
    }

    /** The sum of squared differences, in double precision (exact for 8-bit code values). */
    static double sumSquaredError(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    /** PSNR of a sum of squared errors of values on the 0..255 scale, over {@code n} values. */
    static double fromCodeSse(double sse, double n) {
        return sse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 * n / sse);
    }
}
