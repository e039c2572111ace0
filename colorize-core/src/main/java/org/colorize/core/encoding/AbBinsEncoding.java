package org.colorize.core.encoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.colorize.core.color.Lab;
import org.colorize.core.model.LNormalization;
import org.colorize.core.model.ModelKind;

/**
 * {@link ModelKind#L_TO_AB_BINS}: chroma as a classification (Zhang, Isola and Efros 2016, "Colorful
 * Image Colorization"). The ab plane is quantised on a grid (10 units), keeping only the bins that occur
 * in the training data; the network predicts, at {@link #outputStride()} times less resolution than its
 * input, a probability for each bin (softmax over channels).
 *
 * <ul>
 *   <li>Labels: each pixel's ab (area-averaged over the stride) soft-encoded over its
 *       {@code neighbours} nearest bins with a Gaussian of {@code sigma} Lab units.</li>
 *   <li>Loss: cross-entropy weighted by class rebalancing, {@link #classWeights()}:
 *       {@code w ∝ 1 / ((1 - lambda) p~ + lambda / Q)} with {@code p~} the bins' empirical
 *       distribution smoothed by a Gaussian of {@code sigma}, normalised so that {@code E[w] = 1}.</li>
 *   <li>Decoding: the annealed mean {@code sum_q f_T(z)_q * bin_q} with {@code f_T(z) ∝ z^(1/T)}.
 *       T = 1 is the mean (muted), T → 0 the mode (vivid, patchy). The user's vividness {@code v} sets
 *       {@code T = T0^v} where {@code T0} is the model's default temperature: 0 is the plain mean, 1 the
 *       default, 2 twice as sharp on a log scale.</li>
 *   <li>Calibration: the decoded ab is multiplied by the model's {@link #chromaGain()} (default 1), a
 *       constant picked on validation photos with the default temperature. A network that is unsure of a
 *       hue spreads its probability, and the annealed mean of a spread distribution can still be more
 *       colourful than the evidence supports; a gain below 1 trades some colourfulness for error against
 *       the truth, a gain above 1 the reverse. Vividness does not change the gain.</li>
 *   <li>Enlarged pictures: a picture smaller than the working size's
 *       {@link org.colorize.core.model.WorkingSize#minSide() minSide} is enlarged before the network, and
 *       the network is less sure of the colours of an enlarged (blurred) picture than of a photo at its
 *       own scale, so its annealed mean comes out more muted. Such pictures are decoded with
 *       {@link #enlargedChromaGain()} instead (by default the same as the chroma gain), picked on
 *       enlarged validation pictures (see {@link Encoding#forEnlargedInput()}).</li>
 * </ul>
 *
 * <pre>{@code
 * AbHistogram h = new AbHistogram(10);
 * // h.addRgb(...) for every training picture
 * AbBinsEncoding enc = AbBinsEncoding.builder(h).outputStride(4).temperature(0.38f).build();
 * }</pre>
 */
public final class AbBinsEncoding implements Encoding {

    /** The id in bundle metadata. */
    public static final String ID = "lab-bins";

    private final LNormalization lNormalization;
    private final float grid;
    private final float[] binA;
    private final float[] binB;
    private final float[] prior;
    private final float[] weights;
    private final float temperature;
    private final float chromaGain;
    private final float enlargedChromaGain;
    private final float sigma;
    private final int neighbours;
    private final float lambda;
    private final int outputStride;
    private volatile SoftTable table;

    private AbBinsEncoding(Builder b, float[] binA, float[] binB, float[] prior, float[] weights) {
        this.lNormalization = b.lNormalization;
        this.grid = b.grid;
        this.binA = binA;
        this.binB = binB;
        this.prior = prior;
        this.weights = weights;
        this.temperature = b.temperature;
        this.chromaGain = b.chromaGain;
        this.enlargedChromaGain = Float.isNaN(b.enlargedChromaGain) ? b.chromaGain : b.enlargedChromaGain;
        this.sigma = b.sigma;
        this.neighbours = Math.min(b.neighbours, binA.length);
        this.lambda = b.lambda;
        this.outputStride = b.outputStride;
    }

    private AbBinsEncoding(AbBinsEncoding o, float temperature, float chromaGain, float enlargedChromaGain) {
        this.lNormalization = o.lNormalization;
        this.grid = o.grid;
        this.binA = o.binA;
        this.binB = o.binB;
        this.prior = o.prior;
        this.weights = o.weights;
        this.temperature = temperature;
        this.chromaGain = chromaGain;
        this.enlargedChromaGain = enlargedChromaGain;
        this.sigma = o.sigma;
        this.neighbours = o.neighbours;
        this.lambda = o.lambda;
        this.outputStride = o.outputStride;
        this.table = o.table;
    }

    /**
     * The same bins, labels and loss with another decoding: how a trained model's default temperature and
     * chroma gain are calibrated on validation photos without retraining.
     *
     * @param defaultTemperature the new default temperature T0, in (0, 1]
     * @param gain the new chroma gain, in (0, 4], for every picture (enlarged ones included)
     * @return a copy with that decoding
     * @throws IllegalArgumentException naming the value out of range
     */
    public AbBinsEncoding withDecoding(float defaultTemperature, float gain) {
        return withDecoding(defaultTemperature, gain, gain);
    }

    /**
     * As {@link #withDecoding(float, float)}, with a gain of its own for pictures enlarged before the
     * network (see {@link #enlargedChromaGain()}).
     *
     * @param defaultTemperature the new default temperature T0, in (0, 1]
     * @param gain the new chroma gain, in (0, 4]
     * @param enlargedGain the new chroma gain of enlarged pictures, in (0, 4]
     * @return a copy with that decoding
     * @throws IllegalArgumentException naming the value out of range
     */
    public AbBinsEncoding withDecoding(float defaultTemperature, float gain, float enlargedGain) {
        return new AbBinsEncoding(this, checkTemperature(defaultTemperature), checkGain(gain),
                checkGain(enlargedGain, "enlargedChromaGain"));
    }

    /**
     * {@inheritDoc}
     *
     * @return this encoding with {@link #enlargedChromaGain()} as its chroma gain (this one if they are equal)
     */
    @Override
    public AbBinsEncoding forEnlargedInput() {
        return enlargedChromaGain == chromaGain ? this
                : new AbBinsEncoding(this, temperature, enlargedChromaGain, enlargedChromaGain);
    }

    private static float checkTemperature(float t) {
        if (!(t > 0f && t <= 1f)) {
            throw new IllegalArgumentException("temperature must be in (0, 1], was " + t);
        }
        return t;
    }

    private static float checkGain(float g) {
        return checkGain(g, "chromaGain");
    }

    private static float checkGain(float g, String name) {
        if (!(g > 0f && g <= 4f)) {
            throw new IllegalArgumentException(name + " must be in (0, 4], was " + g);
        }
        return g;
    }

    /**
     * Starts an encoding whose bins and weights come from a histogram of training colours.
     *
     * @param histogram the training colours (at least one counted)
     * @return a builder with the defaults of Zhang et al.: sigma 5, 5 neighbours, lambda 0.5,
     *     temperature 0.38, output stride 4, L normalised (L - 50) / 50, bins kept where the count is at
     *     least 1
     */
    public static Builder builder(AbHistogram histogram) {
        return new Builder(Objects.requireNonNull(histogram, "histogram"));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ModelKind kind() {
        return ModelKind.L_TO_AB_BINS;
    }

    @Override
    public InputPlane inputPlane() {
        return InputPlane.LIGHTNESS;
    }

    @Override
    public int inputChannels() {
        return 1;
    }

    /** @return Q, the number of bins */
    @Override
    public int labelChannels() {
        return binA.length;
    }

    @Override
    public int outputStride() {
        return outputStride;
    }

    /** @return how L is scaled for the input */
    public LNormalization lNormalization() {
        return lNormalization;
    }

    /** @return the default temperature T0 (vividness 1) */
    public float temperature() {
        return temperature;
    }

    /** @return the factor the decoded ab is multiplied by (1 unless calibrated) */
    public float chromaGain() {
        return chromaGain;
    }

    /**
     * @return the factor the decoded ab of a picture enlarged before the network is multiplied by (the
     *     {@link #chromaGain()} unless calibrated apart)
     */
    public float enlargedChromaGain() {
        return enlargedChromaGain;
    }

    /** @return the temperature that vividness {@code v} gives: {@code T0^v} */
    public float temperatureFor(float vividness) {
        return (float) Math.pow(temperature, Encoding.checkVividness(vividness));
    }

    /** @return a copy of the bins' a centres */
    public float[] binA() {
        return binA.clone();
    }

    /** @return a copy of the bins' b centres */
    public float[] binB() {
        return binB.clone();
    }

    /** @return a copy of the smoothed empirical distribution of the bins (sums to 1) */
    public float[] prior() {
        return prior.clone();
    }

    /** @return a copy of the class-rebalancing weights, for a weighted cross-entropy loss */
    public float[] classWeights() {
        return weights.clone();
    }

    @Override
    public void encodeInput(float[] plane, float[] dest, int offset) {
        LabRegressionEncoding.normalize(lNormalization, plane, dest, offset);
    }

    @Override
    public void encodeTarget(float[] rgb, int w, int h, float[] dest, int offset) {
        if (w % outputStride != 0 || h % outputStride != 0) {
            throw new IllegalArgumentException("a " + w + "x" + h + " picture is not a multiple of the output stride "
                    + outputStride);
        }
        int ow = w / outputStride, oh = h / outputStride, op = ow * oh, q = binA.length;
        float[] sumA = new float[op], sumB = new float[op];
        float[] lab = new float[3];
        for (int y = 0; y < h; y++) {
            int row = (y / outputStride) * ow;
            for (int x = 0; x < w; x++) {
                Lab.rgbToLab(rgb, 3 * (y * w + x), lab, 0, 1);
                int o = row + x / outputStride;
                sumA[o] += lab[1];
                sumB[o] += lab[2];
            }
        }
        float inv = 1f / (outputStride * outputStride);
        SoftTable t = table();
        Arrays.fill(dest, offset, offset + q * op, 0f);
        for (int p = 0; p < op; p++) {
            int e = t.entry(sumA[p] * inv, sumB[p] * inv);
            for (int k = 0; k < neighbours; k++) {
                dest[offset + t.index[e + k] * op + p] = t.weight[e + k];
            }
        }
    }

    /**
     * The soft encoding of one colour, for tests and tools.
     *
     * @return the Q label values of a pixel of chroma {@code (a, b)}
     */
    public float[] softEncode(float a, float b) {
        SoftTable t = table();
        float[] v = new float[binA.length];
        int e = t.entry(a, b);
        for (int k = 0; k < neighbours; k++) {
            v[t.index[e + k]] = t.weight[e + k];
        }
        return v;
    }

    @Override
    public Chroma decode(float[] output, int offset, int width, int height, float vividness) {
        double invT = 1.0 / temperatureFor(vividness);
        double gain = chromaGain;
        int op = width * height, q = binA.length;
        float[] a = new float[op], b = new float[op];
        double[] logit = new double[q];
        for (int p = 0; p < op; p++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < q; c++) {
                double z = Math.log(Math.max(output[offset + c * op + p], 1e-30f)) * invT;
                logit[c] = z;
                if (z > max) {
                    max = z;
                }
            }
            double s = 0, sa = 0, sb = 0;
            for (int c = 0; c < q; c++) {
                double e = Math.exp(logit[c] - max);
                s += e;
                sa += e * binA[c];
                sb += e * binB[c];
            }
            a[p] = (float) (gain * sa / s);
            b[p] = (float) (gain * sb / s);
        }
        return new Chroma(a, b, width, height);
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("lNormalization", List.of(lNormalization.offset(), lNormalization.scale()));
        p.put("grid", grid);
        p.put("outputStride", outputStride);
        p.put("temperature", temperature);
        p.put("chromaGain", chromaGain);
        if (enlargedChromaGain != chromaGain) {
            p.put("enlargedChromaGain", enlargedChromaGain);
        }
        p.put("sigma", sigma);
        p.put("neighbours", neighbours);
        p.put("lambda", lambda);
        List<List<Float>> bins = new ArrayList<>();
        for (int i = 0; i < binA.length; i++) {
            bins.add(List.of(binA[i], binB[i]));
        }
        p.put("bins", bins);
        p.put("prior", toList(prior));
        p.put("weights", toList(weights));
        return p;
    }

    private static List<Float> toList(float[] v) {
        List<Float> l = new ArrayList<>(v.length);
        for (float f : v) {
            l.add(f);
        }
        return l;
    }

    /**
     * Reads an encoding from the parameters {@link #parameters()} wrote.
     *
     * @param p the parameters
     * @return the encoding
     * @throws IllegalArgumentException naming the parameter, if one is missing or out of range
     */
    @SuppressWarnings("unchecked")
    public static AbBinsEncoding fromParameters(Map<String, ?> p) {
        Builder b = new Builder(null);
        List<? extends Number> ln = (List<? extends Number>) required(p, "lNormalization");
        if (ln.size() != 2) {
            throw new IllegalArgumentException("lab-bins lNormalization must be [offset, scale], was " + ln);
        }
        b.lNormalization(new LNormalization(ln.get(0).floatValue(), ln.get(1).floatValue()));
        b.grid = number(p, "grid").floatValue();
        if (!(b.grid > 0f && b.grid <= 256f)) {
            throw new IllegalArgumentException("lab-bins grid must be in (0, 256], was " + b.grid);
        }
        b.outputStride(number(p, "outputStride").intValue());
        b.temperature(number(p, "temperature").floatValue());
        // absent in bundles written before calibration existed: no gain
        if (p.get("chromaGain") != null) {
            b.chromaGain(number(p, "chromaGain").floatValue());
        }
        // absent unless enlarged pictures were calibrated apart: the chroma gain
        if (p.get("enlargedChromaGain") != null) {
            b.enlargedChromaGain(number(p, "enlargedChromaGain").floatValue());
        }
        b.sigma(number(p, "sigma").floatValue());
        b.neighbours(number(p, "neighbours").intValue());
        b.lambda(number(p, "lambda").floatValue());
        List<? extends List<? extends Number>> bins = (List<? extends List<? extends Number>>) required(p, "bins");
        List<? extends Number> prior = (List<? extends Number>) required(p, "prior");
        List<? extends Number> weights = (List<? extends Number>) required(p, "weights");
        int q = bins.size();
        if (q < 2 || q > 4096 || prior.size() != q || weights.size() != q) {
            throw new IllegalArgumentException("lab-bins needs 2..4096 bins with one prior and one weight each; has "
                    + q + " bins, " + prior.size() + " priors, " + weights.size() + " weights");
        }
        float[] a = new float[q], bb = new float[q], pr = new float[q], w = new float[q];
        for (int i = 0; i < q; i++) {
            List<? extends Number> bin = bins.get(i);
            if (bin.size() != 2) {
                throw new IllegalArgumentException("lab-bins bin " + i + " must be [a, b], was " + bin);
            }
            a[i] = finite("bins", bin.get(0).floatValue());
            bb[i] = finite("bins", bin.get(1).floatValue());
            pr[i] = finite("prior", prior.get(i).floatValue());
            w[i] = finite("weights", weights.get(i).floatValue());
        }
        return new AbBinsEncoding(b, a, bb, pr, w);
    }

    private static Object required(Map<String, ?> p, String key) {
        Object v = p.get(key);
        if (v == null) {
            throw new IllegalArgumentException("lab-bins encoding has no '" + key + "' parameter");
        }
        return v;
    }

    private static Number number(Map<String, ?> p, String key) {
        Object v = required(p, key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("lab-bins parameter '" + key + "' must be a number, was " + v);
        }
        return n;
    }

    private static float finite(String what, float v) {
        if (!Float.isFinite(v)) {
            throw new IllegalArgumentException("lab-bins " + what + " must be finite, was " + v);
        }
        return v;
    }

    private SoftTable table() {
        SoftTable t = table;
        if (t == null) {
            synchronized (this) {
                t = table;
                if (t == null) {
                    t = new SoftTable();
                    table = t;
                }
            }
        }
        return t;
    }

    /**
     * The soft encoding of every integer (a, b) in [-128, 128]: the {@code neighbours} nearest bins and
     * their Gaussian weights (summing to 1). Built once, on first use.
     */
    private final class SoftTable {
        static final int LO = -128, SIDE = 257;
        final int[] index;
        final float[] weight;

        SoftTable() {
            int k = neighbours, q = binA.length;
            index = new int[SIDE * SIDE * k];
            weight = new float[SIDE * SIDE * k];
            float[] d2 = new float[q];
            int[] best = new int[k];
            double twoSigma2 = 2.0 * sigma * sigma;
            for (int ia = 0; ia < SIDE; ia++) {
                for (int ib = 0; ib < SIDE; ib++) {
                    float a = ia + LO, b = ib + LO;
                    for (int c = 0; c < q; c++) {
                        float da = a - binA[c], db = b - binB[c];
                        d2[c] = da * da + db * db;
                    }
                    // partial selection of the k nearest
                    for (int s = 0; s < k; s++) {
                        int m = -1;
                        for (int c = 0; c < q; c++) {
                            boolean taken = false;
                            for (int t = 0; t < s; t++) {
                                if (best[t] == c) {
                                    taken = true;
                                    break;
                                }
                            }
                            if (!taken && (m < 0 || d2[c] < d2[m])) {
                                m = c;
                            }
                        }
                        best[s] = m;
                    }
                    int e = (ia * SIDE + ib) * k;
                    double sum = 0;
                    double[] g = new double[k];
                    for (int s = 0; s < k; s++) {
                        g[s] = Math.exp(-(d2[best[s]] - d2[best[0]]) / twoSigma2);
                        sum += g[s];
                    }
                    for (int s = 0; s < k; s++) {
                        index[e + s] = best[s];
                        weight[e + s] = (float) (g[s] / sum);
                    }
                }
            }
        }

        int entry(float a, float b) {
            int ia = Math.max(0, Math.min(SIDE - 1, Math.round(a) - LO));
            int ib = Math.max(0, Math.min(SIDE - 1, Math.round(b) - LO));
            return (ia * SIDE + ib) * neighbours;
        }
    }

    @Override
    public String toString() {
        return ID + "{" + binA.length + " bins, grid " + grid + ", stride " + outputStride + ", T0 " + temperature
                + (chromaGain == 1f ? "" : ", gain " + chromaGain)
                + (enlargedChromaGain == chromaGain ? "" : ", enlarged gain " + enlargedChromaGain) + "}";
    }

    /** Builder of {@link AbBinsEncoding}; every option states its default and range. */
    public static final class Builder {
        private final AbHistogram histogram;
        private LNormalization lNormalization = LNormalization.SYMMETRIC;
        private float grid;
        private float temperature = 0.38f;
        private float chromaGain = 1f;
        private float enlargedChromaGain = Float.NaN;
        private float sigma = 5f;
        private int neighbours = 5;
        private float lambda = 0.5f;
        private int outputStride = 4;
        private long minCount = 1;

        private Builder(AbHistogram histogram) {
            this.histogram = histogram;
            this.grid = histogram == null ? 10f : histogram.grid();
        }

        /** @param n how L is scaled for the input (default {@link LNormalization#SYMMETRIC}) */
        public Builder lNormalization(LNormalization n) {
            this.lNormalization = Objects.requireNonNull(n, "lNormalization");
            return this;
        }

        /** @param t the default annealed-mean temperature T0 (default 0.38); in (0, 1] */
        public Builder temperature(float t) {
            this.temperature = checkTemperature(t);
            return this;
        }

        /** @param g the factor the decoded ab is multiplied by (default 1); in (0, 4] */
        public Builder chromaGain(float g) {
            this.chromaGain = checkGain(g);
            return this;
        }

        /**
         * @param g the factor the decoded ab of a picture enlarged before the network is multiplied by
         *     (default: the {@link #chromaGain(float) chroma gain}); in (0, 4]
         */
        public Builder enlargedChromaGain(float g) {
            this.enlargedChromaGain = checkGain(g, "enlargedChromaGain");
            return this;
        }

        /** @param s the Gaussian's sigma, in Lab units, for soft encoding and prior smoothing (default 5); in (0, 50] */
        public Builder sigma(float s) {
            if (!(s > 0f && s <= 50f)) {
                throw new IllegalArgumentException("sigma must be in (0, 50], was " + s);
            }
            this.sigma = s;
            return this;
        }

        /** @param k bins each label spreads over (default 5); in 1..32 */
        public Builder neighbours(int k) {
            if (k < 1 || k > 32) {
                throw new IllegalArgumentException("neighbours must be in 1..32, was " + k);
            }
            this.neighbours = k;
            return this;
        }

        /** @param l the rebalancing mix with the uniform distribution (default 0.5); in [0, 1] */
        public Builder lambda(float l) {
            if (!(l >= 0f && l <= 1f)) {
                throw new IllegalArgumentException("lambda must be in [0, 1], was " + l);
            }
            this.lambda = l;
            return this;
        }

        /** @param s how much smaller than the input the network's output is, per side (default 4); 1..32 */
        public Builder outputStride(int s) {
            if (s < 1 || s > 32) {
                throw new IllegalArgumentException("outputStride must be in 1..32, was " + s);
            }
            this.outputStride = s;
            return this;
        }

        /** @param n the count a grid cell needs to become a bin (default 1); at least 1 */
        public Builder minCount(long n) {
            if (n < 1) {
                throw new IllegalArgumentException("minCount must be >= 1, was " + n);
            }
            this.minCount = n;
            return this;
        }

        /**
         * @return the encoding
         * @throws IllegalStateException if fewer than 2 cells of the histogram reach {@code minCount}
         */
        public AbBinsEncoding build() {
            int half = histogram.half();
            List<float[]> kept = new ArrayList<>();
            for (int i = -half; i <= half; i++) {
                for (int j = -half; j <= half; j++) {
                    long c = histogram.countAt(i, j);
                    if (c >= minCount) {
                        kept.add(new float[] {i * grid, j * grid, c});
                    }
                }
            }
            int q = kept.size();
            if (q < 2) {
                throw new IllegalStateException("only " + q + " ab cells were counted at least " + minCount
                        + " times: count more colour pictures before building the bins");
            }
            float[] a = new float[q], b = new float[q];
            double[] p = new double[q];
            double total = 0;
            for (int i = 0; i < q; i++) {
                a[i] = kept.get(i)[0];
                b[i] = kept.get(i)[1];
                p[i] = kept.get(i)[2];
                total += p[i];
            }
            double[] smooth = new double[q];
            double twoSigma2 = 2.0 * sigma * sigma, ssum = 0;
            for (int i = 0; i < q; i++) {
                double s = 0;
                for (int j = 0; j < q; j++) {
                    double da = a[i] - a[j], db = b[i] - b[j];
                    s += p[j] / total * Math.exp(-(da * da + db * db) / twoSigma2);
                }
                smooth[i] = s;
                ssum += s;
            }
            float[] prior = new float[q], w = new float[q];
            double expect = 0;
            double[] raw = new double[q];
            for (int i = 0; i < q; i++) {
                smooth[i] /= ssum;
                raw[i] = 1.0 / ((1 - lambda) * smooth[i] + lambda / q);
                expect += smooth[i] * raw[i];
            }
            for (int i = 0; i < q; i++) {
                prior[i] = (float) smooth[i];
                w[i] = (float) (raw[i] / expect);
            }
            return new AbBinsEncoding(this, a, b, prior, w);
        }
    }
}
