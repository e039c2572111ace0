package org.colorize.core.image;

/**
 * One-dimensional resampling weights from {@code from} samples to {@code to} samples: area averaging
 * (box filter with fractional coverage) when shrinking, bilinear interpolation with half-pixel
 * centres when enlarging, identity when equal. Two of them, one per axis, make a separable 2-D
 * resize. Immutable and thread-safe.
 */
final class Resampler {

    final int from;
    final int to;
    /** For output i: the first source index and the number of taps. */
    final int[] start;
    final int[] count;
    /** Taps of output i are weights[offset[i] .. offset[i] + count[i]). */
    final int[] offset;
    final float[] weights;

    Resampler(int from, int to) {
        if (from < 1 || to < 1) {
            throw new IllegalArgumentException("sizes must be positive, were " + from + " -> " + to);
        }
        this.from = from;
        this.to = to;
        start = new int[to];
        count = new int[to];
        offset = new int[to];
        if (to < from) {
            double scale = (double) from / to;
            int maxTaps = (int) Math.ceil(scale) + 1;
            float[] w = new float[to * maxTaps];
            int pos = 0;
            for (int i = 0; i < to; i++) {
                double s0 = i * scale, s1 = (i + 1) * scale;
                int first = (int) Math.floor(s0);
                int last = Math.min(from - 1, (int) Math.ceil(s1) - 1);
                start[i] = first;
                offset[i] = pos;
                int c = 0;
                for (int k = first; k <= last; k++) {
                    double cover = Math.min(s1, k + 1) - Math.max(s0, k);
                    if (cover > 0) {
                        w[pos + c] = (float) (cover / scale);
                    }
                    c++;
                }
                count[i] = c;
                pos += c;
            }
            weights = java.util.Arrays.copyOf(w, pos);
        } else {
            weights = new float[to * 2];
            double scale = (double) from / to;
            for (int i = 0; i < to; i++) {
                offset[i] = 2 * i;
                if (to == from) {
                    start[i] = i;
                    count[i] = 1;
                    weights[2 * i] = 1f;
                    continue;
                }
                double s = (i + 0.5) * scale - 0.5;
                if (s <= 0) {
                    start[i] = 0;
                    count[i] = 1;
                    weights[2 * i] = 1f;
                } else if (s >= from - 1) {
                    start[i] = from - 1;
                    count[i] = 1;
                    weights[2 * i] = 1f;
                } else {
                    int i0 = (int) Math.floor(s);
                    float t = (float) (s - i0);
                    start[i] = i0;
                    count[i] = 2;
                    weights[2 * i] = 1f - t;
                    weights[2 * i + 1] = t;
                }
            }
        }
    }

    /** Resamples one row: {@code src[srcOff + k]} for k in [0,from) into {@code dst[dstOff + i]} for i in [0,to). */
    void row(float[] src, int srcOff, float[] dst, int dstOff) {
        for (int i = 0; i < to; i++) {
            int s = srcOff + start[i];
            int o = offset[i];
            float acc = 0f;
            for (int k = 0, c = count[i]; k < c; k++) {
                acc += weights[o + k] * src[s + k];
            }
            dst[dstOff + i] = acc;
        }
    }
}
