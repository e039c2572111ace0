package org.colorize.training.eval;

import java.awt.image.BufferedImage;
import java.util.Objects;
import org.colorize.core.color.Lab;
import org.colorize.core.image.ImageTensors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Accumulates the {@link Metrics} of (truth, prediction) pairs one image at a time, so that a
 * trainer can score validation batches without a {@link org.colorize.core.Colorizer} and without
 * keeping images in memory. Sums are kept in double precision with compensated (Neumaier) summation;
 * squared errors of 8-bit images are sums of integers and therefore exact.
 *
 * <pre>{@code
 * MetricsAccumulator acc = new MetricsAccumulator();
 * for (DataSet batch : validation) {
 *     acc.add(batch.getLabels(), net.output(batch.getFeatures()));   // [N, 3, H, W] RGB in [0,1]
 * }
 * Metrics m = acc.metrics();
 * }</pre>
 *
 * <p>Not thread-safe: use one accumulator per thread.
 */
public final class MetricsAccumulator {

    private final Sum psnr = new Sum();
    private final Sum squaredError = new Sum();
    private final Sum ssim = new Sum();
    private final Sum deltaE = new Sum();
    private final Sum colourfulness = new Sum();
    private long values;
    private long pixels;
    private int count;

    /** Creates an empty accumulator. */
    public MetricsAccumulator() {
    }

    /**
     * Adds one image pair. Images are read as 8-bit sRGB (16-bit gray at full precision); alpha is
     * ignored.
     *
     * @param truth the ground-truth colour image
     * @param prediction the predicted image, of the same width and height
     * @return this accumulator
     * @throws IllegalArgumentException if the sizes differ
     */
    public MetricsAccumulator add(BufferedImage truth, BufferedImage prediction) {
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(prediction, "prediction");
        if (truth.getWidth() != prediction.getWidth() || truth.getHeight() != prediction.getHeight()) {
            throw new IllegalArgumentException("prediction is " + prediction.getWidth() + "x" + prediction.getHeight()
                    + " but its truth is " + truth.getWidth() + "x" + truth.getHeight());
        }
        addCodes(ImageTensors.codes(truth), ImageTensors.codes(prediction), truth.getWidth(), truth.getHeight());
        return this;
    }

    /**
     * Adds one image pair given as interleaved RGB arrays. Values are clipped to [0,1] first, as they
     * would be when the prediction is saved as an image.
     *
     * @param truthRgb the ground truth, RGB interleaved, row-major, in [0,1]
     * @param predictedRgb the prediction, same layout
     * @param width width in pixels
     * @param height height in pixels
     * @return this accumulator
     * @throws IllegalArgumentException if an array does not hold {@code 3 * width * height} values, or holds NaN
     */
    public MetricsAccumulator add(float[] truthRgb, float[] predictedRgb, int width, int height) {
        Objects.requireNonNull(truthRgb, "truthRgb");
        Objects.requireNonNull(predictedRgb, "predictedRgb");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("width and height must be >= 1, were " + width + " and " + height);
        }
        long n = 3L * width * height;
        if (truthRgb.length != n || predictedRgb.length != n) {
            throw new IllegalArgumentException("a " + width + "x" + height + " RGB image has " + n + " values, got "
                    + truthRgb.length + " (truth) and " + predictedRgb.length + " (prediction)");
        }
        add(clipped(truthRgb, "truthRgb"), clipped(predictedRgb, "predictedRgb"), width, height, 1.0);
        return this;
    }

    /**
     * Adds a batch of image pairs given as NCHW tensors, e.g. a validation batch's labels and the
     * network's output for an RGB model. Values are clipped to [0,1].
     *
     * @param truth shape [N, 3, H, W], RGB in [0,1]
     * @param prediction the same shape
     * @return this accumulator
     * @throws IllegalArgumentException if the shapes differ or are not [N, 3, H, W]
     */
    public MetricsAccumulator add(INDArray truth, INDArray prediction) {
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(prediction, "prediction");
        long[] s = truth.shape();
        if (s.length != 4 || s[1] != 3 || !java.util.Arrays.equals(s, prediction.shape())) {
            throw new IllegalArgumentException("need two tensors of shape [N, 3, H, W], got "
                    + java.util.Arrays.toString(s) + " and " + java.util.Arrays.toString(prediction.shape()));
        }
        int n = (int) s[0], h = (int) s[2], w = (int) s[3], plane = w * h;
        float[] t = truth.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] p = prediction.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] ti = new float[3 * plane], pi = new float[3 * plane];
        for (int img = 0; img < n; img++) {
            int base = img * 3 * plane;
            for (int c = 0; c < 3; c++) {
                for (int q = 0; q < plane; q++) {
                    ti[3 * q + c] = t[base + c * plane + q];
                    pi[3 * q + c] = p[base + c * plane + q];
                }
            }
            add(ti, pi, w, h);
        }
        return this;
    }

    /** @return the number of image pairs added so far */
    public int count() {
        return count;
    }

    /**
     * The metrics of the pairs added so far (the accumulator can keep accumulating afterwards).
     *
     * @return the metrics
     * @throws IllegalStateException if no pair was added
     */
    public Metrics metrics() {
        if (count == 0) {
            throw new IllegalStateException("no images were added: metrics of an empty set are undefined");
        }
        return new Metrics(psnr.value() / count, Psnr.fromMse(squaredError.value() / values),
                ssim.value() / count, deltaE.value() / pixels, colourfulness.value() / count, count);
    }

    /** Adds a pair of interleaved RGB arrays on the 0..255 scale. */
    void addCodes(float[] truth, float[] prediction, int width, int height) {
        add(truth, prediction, width, height, 1.0 / 255.0);
    }

    /** Adds a pair of interleaved RGB arrays that become [0,1] when multiplied by {@code toUnit}. */
    private void add(float[] truth, float[] prediction, int width, int height, double toUnit) {
        int n = width * height;
        double sse = Psnr.sumSquaredError(truth, prediction) * (toUnit * toUnit);
        psnr.add(Math.min(Psnr.IMAGE_CAP_DB, Psnr.fromMse(sse / (3.0 * n))));
        squaredError.add(sse);
        values += 3L * n;
        ssim.add(Ssim.of(truth, prediction, width, height, 3, toUnit));
        deltaE.add(meanDeltaE(truth, prediction, n, (float) toUnit) * n);
        pixels += n;
        colourfulness.add(Colourfulness.of(prediction, 255.0 * toUnit));
        count++;
    }

    private static double meanDeltaE(float[] truth, float[] prediction, int n, float toUnit) {
        float[] lt = new float[3 * n], lp = new float[3 * n];
        for (int i = 0; i < 3 * n; i++) {
            lt[i] = truth[i] * toUnit;
            lp[i] = prediction[i] * toUnit;
        }
        Lab.rgbToLab(lt, 0, lt, 0, n);
        Lab.rgbToLab(lp, 0, lp, 0, n);
        double sum = 0;
        for (int i = 0; i < 3 * n; i += 3) {
            sum += Ciede2000.difference(lt[i], lt[i + 1], lt[i + 2], lp[i], lp[i + 1], lp[i + 2]);
        }
        return sum / n;
    }

    private static float[] clipped(float[] v, String name) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            float x = v[i];
            if (Float.isNaN(x)) {
                throw new IllegalArgumentException(name + "[" + i + "] is NaN");
            }
            out[i] = x < 0f ? 0f : Math.min(x, 1f);
        }
        return out;
    }

    /** Neumaier's compensated sum; infinite terms are kept apart so they do not turn the compensation into NaN. */
    static final class Sum {
        private double sum;
        private double compensation;
        private double nonFinite;

        void add(double x) {
            if (!Double.isFinite(x)) {
                nonFinite += x;
                return;
            }
            double t = sum + x;
            if (Math.abs(sum) >= Math.abs(x)) {
                compensation += (sum - t) + x;
            } else {
                compensation += (x - t) + sum;
            }
            sum = t;
        }

        double value() {
            return nonFinite != 0 || Double.isNaN(nonFinite) ? nonFinite : sum + compensation;
        }
    }
}
