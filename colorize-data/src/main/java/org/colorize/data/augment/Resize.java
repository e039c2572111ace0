package org.colorize.data.augment;

/**
 * Separable resizing of a rectangular region of an image to a new size: area averaging (box filter
 * with exact fractional coverage) along an axis that shrinks, bilinear interpolation with pixel
 * centres aligned along an axis that grows, and a plain copy along an axis that keeps its length, so
 * that a region of the target size comes out bit-exact.
 *
 * <p>Outputs are interleaved float values, row-major; packed inputs are scaled to [0,1].
 * Stateless and thread-safe.
 */
public final class Resize {

    private Resize() {
    }

    /**
     * Resizes a region of a packed {@code 0xRRGGBB} image to interleaved float RGB in [0,1].
     *
     * @param pixels packed pixels, row-major
     * @param width image width
     * @param height image height
     * @param x left of the region
     * @param y top of the region
     * @param w region width, at least 1
     * @param h region height, at least 1
     * @param outWidth output width, at least 1
     * @param outHeight output height, at least 1
     * @return {@code outHeight * outWidth * 3} values
     */
    public static float[] packedRgb(int[] pixels, int width, int height, int x, int y, int w, int h,
            int outWidth, int outHeight) {
        checkRegion(pixels.length, width, height, 1, x, y, w, h, outWidth, outHeight);
        final float s = 1f / 255f;
        float[] out = new float[outWidth * outHeight * 3];
        if (w == outWidth && h == outHeight) {
            for (int r = 0, d = 0; r < h; r++) {
                int o = (y + r) * width + x;
                for (int c = 0; c < w; c++, d += 3) {
                    int p = pixels[o + c];
                    out[d] = ((p >> 16) & 0xff) / 255f; // correctly rounded, as a user would compute it
                    out[d + 1] = ((p >> 8) & 0xff) / 255f;
                    out[d + 2] = (p & 0xff) / 255f;
                }
            }
            return out;
        }
        Axis ax = Axis.of(w, outWidth), ay = Axis.of(h, outHeight);
        // Horizontal pass, on the 8-bit values: h rows of outWidth pixels.
        float[] tmp = new float[h * outWidth * 3];
        for (int r = 0; r < h; r++) {
            int o = (y + r) * width + x;
            int t = r * outWidth * 3;
            for (int c = 0; c < outWidth; c++, t += 3) {
                float vr = 0, vg = 0, vb = 0;
                int start = ax.start[c], wo = c * ax.taps;
                for (int k = 0; k < ax.taps; k++) {
                    float wk = ax.weights[wo + k];
                    if (wk != 0f) {
                        int p = pixels[o + start + k];
                        vr += wk * ((p >> 16) & 0xff);
                        vg += wk * ((p >> 8) & 0xff);
                        vb += wk * (p & 0xff);
                    }
                }
                tmp[t] = vr * s;
                tmp[t + 1] = vg * s;
                tmp[t + 2] = vb * s;
            }
        }
        vertical(tmp, outWidth * 3, ay, out);
        return out;
    }

    /**
     * Resizes a region of an interleaved float image.
     *
     * @param src interleaved values, row-major
     * @param width image width
     * @param height image height
     * @param channels values per pixel
     * @param x left of the region
     * @param y top of the region
     * @param w region width, at least 1
     * @param h region height, at least 1
     * @param outWidth output width, at least 1
     * @param outHeight output height, at least 1
     * @return {@code outHeight * outWidth * channels} values
     */
    public static float[] floats(float[] src, int width, int height, int channels, int x, int y, int w, int h,
            int outWidth, int outHeight) {
        checkRegion(src.length, width, height, channels, x, y, w, h, outWidth, outHeight);
        Axis ax = Axis.of(w, outWidth), ay = Axis.of(h, outHeight);
        float[] tmp = new float[h * outWidth * channels];
        for (int r = 0; r < h; r++) {
            int o = ((y + r) * width + x) * channels;
            int t = r * outWidth * channels;
            for (int c = 0; c < outWidth; c++, t += channels) {
                int start = ax.start[c], wo = c * ax.taps;
                for (int ch = 0; ch < channels; ch++) {
                    float v = 0;
                    for (int k = 0; k < ax.taps; k++) {
                        float wk = ax.weights[wo + k];
                        if (wk != 0f) {
                            v += wk * src[o + (start + k) * channels + ch];
                        }
                    }
                    tmp[t + ch] = v;
                }
            }
        }
        float[] out = new float[outWidth * outHeight * channels];
        vertical(tmp, outWidth * channels, ay, out);
        return out;
    }

    private static void vertical(float[] tmp, int rowLength, Axis ay, float[] out) {
        for (int r = 0; r < ay.start.length; r++) {
            int d = r * rowLength;
            int wo = r * ay.taps;
            int start = ay.start[r];
            for (int k = 0; k < ay.taps; k++) {
                float wk = ay.weights[wo + k];
                if (wk == 0f) {
                    continue;
                }
                int s = (start + k) * rowLength;
                if (wk == 1f) {
                    System.arraycopy(tmp, s, out, d, rowLength);
                } else {
                    for (int i = 0; i < rowLength; i++) {
                        out[d + i] += wk * tmp[s + i];
                    }
                }
            }
        }
    }

    private static void checkRegion(int length, int width, int height, int channels, int x, int y, int w, int h,
            int outWidth, int outHeight) {
        if (width < 1 || height < 1 || length < (long) width * height * channels) {
            throw new IllegalArgumentException("image of " + width + "x" + height + "x" + channels + " has only "
                    + length + " values");
        }
        if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > width || y + h > height) {
            throw new IllegalArgumentException("region " + w + "x" + h + " at (" + x + ", " + y
                    + ") is not inside the " + width + "x" + height + " image");
        }
        if (outWidth < 1 || outHeight < 1) {
            throw new IllegalArgumentException("output size must be positive, was " + outWidth + "x" + outHeight);
        }
    }

    /** The taps of one axis: for output i, {@code taps} weights starting at source index start[i]. */
    private static final class Axis {
        final int[] start;
        final float[] weights;
        final int taps;

        private Axis(int[] start, float[] weights, int taps) {
            this.start = start;
            this.weights = weights;
            this.taps = taps;
        }

        static Axis of(int in, int out) {
            int[] start = new int[out];
            if (in == out) {
                float[] w = new float[out];
                for (int i = 0; i < out; i++) {
                    start[i] = i;
                    w[i] = 1f;
                }
                return new Axis(start, w, 1);
            }
            if (in > out) {
                // Area: output i covers [i * s, (i + 1) * s) of the input.
                double s = (double) in / out;
                int taps = Math.min(in, (int) Math.ceil(s) + 1);
                float[] w = new float[out * taps];
                for (int i = 0; i < out; i++) {
                    double lo = i * s, hi = Math.min(in, (i + 1) * s);
                    int j0 = (int) Math.floor(lo);
                    for (int k = 0; k < taps; k++) {
                        int j = j0 + k;
                        if (j >= in) {
                            break;
                        }
                        double overlap = Math.min(hi, j + 1) - Math.max(lo, j);
                        if (overlap > 0) {
                            w[i * taps + k] = (float) (overlap / s);
                        }
                    }
                    // Taps past the end have zero weight; keep reads inside the input.
                    start[i] = j0;
                }
                return clampTaps(start, w, taps, in);
            }
            // Bilinear, pixel centres aligned, clamped at the edges.
            if (in == 1) {
                float[] w = new float[out];
                java.util.Arrays.fill(w, 1f);
                return new Axis(start, w, 1);
            }
            double s = (double) in / out;
            float[] w = new float[out * 2];
            for (int i = 0; i < out; i++) {
                double p = Math.max(0, Math.min(in - 1, (i + 0.5) * s - 0.5));
                int j0 = (int) Math.floor(p);
                float f = (float) (p - j0);
                if (j0 >= in - 1) {
                    j0 = in - 1;
                    f = 0f;
                }
                start[i] = j0;
                w[2 * i] = 1f - f;
                w[2 * i + 1] = f;
            }
            return clampTaps(start, w, 2, in);
        }

        /** Moves windows that would read past the input back inside, shifting their weights along. */
        private static Axis clampTaps(int[] start, float[] w, int taps, int in) {
            for (int i = 0; i < start.length; i++) {
                int over = start[i] + taps - in;
                if (over > 0) {
                    int base = i * taps;
                    for (int k = taps - 1; k >= 0; k--) {
                        int from = k - over;
                        w[base + k] = from >= 0 ? w[base + from] : 0f;
                    }
                    start[i] -= over;
                }
            }
            return new Axis(start, w, taps);
        }
    }
}
