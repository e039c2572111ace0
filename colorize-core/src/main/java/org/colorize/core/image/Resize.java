package org.colorize.core.image;

import java.util.Objects;

/**
 * Good-quality resizing of float planes (one channel, row-major): area averaging along an axis that
 * shrinks, bilinear interpolation (half-pixel centres, edges clamped) along an axis that grows. Each
 * axis is handled separately, so shrinking one side while enlarging the other works as expected.
 * Area averaging keeps the mean of the plane exactly when shrinking by any factor.
 *
 * <pre>{@code
 * float[] small = Resize.plane(lightness, 4000, 3000, 512, 384);
 * }</pre>
 */
public final class Resize {

    private Resize() {
    }

    /**
     * Resizes a plane.
     *
     * @param src the plane, {@code width * height} values, row-major
     * @param width its width
     * @param height its height
     * @param newWidth the width of the result
     * @param newHeight the height of the result
     * @return a new plane of {@code newWidth * newHeight} values (a copy when the size is unchanged)
     */
    public static float[] plane(float[] src, int width, int height, int newWidth, int newHeight) {
        Objects.requireNonNull(src, "src");
        if (src.length != width * height) {
            throw new IllegalArgumentException("plane has " + src.length + " values, not " + width + "x" + height);
        }
        if (width == newWidth && height == newHeight) {
            return src.clone();
        }
        Resampler rx = new Resampler(width, newWidth);
        Resampler ry = new Resampler(height, newHeight);
        float[] tmp = new float[newWidth * height];
        for (int y = 0; y < height; y++) {
            rx.row(src, y * width, tmp, y * newWidth);
        }
        float[] out = new float[newWidth * newHeight];
        for (int y = 0; y < newHeight; y++) {
            verticalRow(ry, tmp, newWidth, y, out, y * newWidth);
        }
        return out;
    }

    /**
     * Resizes several planes of the same size (e.g. the channels of an image) in one call.
     *
     * @return one resized plane for each input plane
     */
    public static float[][] planes(float[][] src, int width, int height, int newWidth, int newHeight) {
        float[][] out = new float[src.length][];
        for (int c = 0; c < src.length; c++) {
            out[c] = plane(src[c], width, height, newWidth, newHeight);
        }
        return out;
    }

    /** Output row {@code y} of a vertical resample of {@code src} (rows of {@code width} values). */
    static void verticalRow(Resampler ry, float[] src, int width, int y, float[] dst, int dstOff) {
        int s = ry.start[y], c = ry.count[y], o = ry.offset[y];
        float w0 = ry.weights[o];
        int base = s * width;
        for (int x = 0; x < width; x++) {
            dst[dstOff + x] = w0 * src[base + x];
        }
        for (int k = 1; k < c; k++) {
            float w = ry.weights[o + k];
            int b = (s + k) * width;
            for (int x = 0; x < width; x++) {
                dst[dstOff + x] += w * src[b + x];
            }
        }
    }

    /**
     * A plane resized on demand, one output row at a time, so that a large result never has to be held
     * in memory whole (the pipeline uses it to bring predicted ab to full resolution).
     */
    public static final class RowStream {
        private final Resampler ry;
        private final float[] horizontal;
        private final int newWidth;

        /**
         * @param src the plane
         * @param width its width
         * @param height its height
         * @param newWidth width of the rows produced
         * @param newHeight number of rows that can be produced
         */
        public RowStream(float[] src, int width, int height, int newWidth, int newHeight) {
            if (src.length != width * height) {
                throw new IllegalArgumentException("plane has " + src.length + " values, not " + width + "x" + height);
            }
            Resampler rx = new Resampler(width, newWidth);
            this.ry = new Resampler(height, newHeight);
            this.newWidth = newWidth;
            this.horizontal = new float[newWidth * height];
            for (int y = 0; y < height; y++) {
                rx.row(src, y * width, horizontal, y * newWidth);
            }
        }

        /** Writes output row {@code y} ({@code newWidth} values) into {@code dst}. */
        public void row(int y, float[] dst) {
            verticalRow(ry, horizontal, newWidth, y, dst, 0);
        }
    }
}
