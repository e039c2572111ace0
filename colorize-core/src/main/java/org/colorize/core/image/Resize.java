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
 * // a 300x200 region at (40, 10) of a 640x480 plane, without copying the region first
 * float[] crop = Resize.plane((y, row) -> System.arraycopy(lightness, (10 + y) * 640 + 40, row, 0, 300), 300, 200, 64, 64);
 * }</pre>
 *
 * <p>This is the one resampler of the library: colorize-data's training batches use it too (through
 * {@link RowSource}), so a picture is resized the same way for training as for colorizing.
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
        float[] tmp = new float[newWidth * height];
        for (int y = 0; y < height; y++) {
            rx.row(src, y * width, tmp, y * newWidth);
        }
        return vertical(tmp, height, newWidth, newHeight);
    }

    /**
     * The rows of a plane, handed out on request: lets {@link #plane(RowSource, int, int, int, int)}
     * resize a region of a larger image, or a plane kept in another form (packed 8-bit pixels, one
     * channel of interleaved values, 16-bit samples), without the caller first copying it whole into a
     * float plane.
     */
    @FunctionalInterface
    public interface RowSource {
        /**
         * Writes one row of the plane.
         *
         * @param y the row, in {@code [0, height)}; rows are asked for in increasing order, each once
         * @param dst receives the row's {@code width} values in {@code dst[0 .. width)}
         */
        void row(int y, float[] dst);
    }

    /**
     * Resizes a plane whose rows are supplied one at a time. The result is the same, bit for bit, as
     * {@link #plane(float[], int, int, int, int)} of a plane holding the same rows; only one row of the
     * source is held at a time.
     *
     * @param rows supplies the plane's rows
     * @param width its width, at least 1
     * @param height its height, at least 1
     * @param newWidth the width of the result, at least 1
     * @param newHeight the height of the result, at least 1
     * @return a new plane of {@code newWidth * newHeight} values (the rows themselves when the size is
     *     unchanged)
     * @throws IllegalArgumentException if a size is below 1
     */
    public static float[] plane(RowSource rows, int width, int height, int newWidth, int newHeight) {
        Objects.requireNonNull(rows, "rows");
        if (width < 1 || height < 1 || newWidth < 1 || newHeight < 1) {
            throw new IllegalArgumentException("sizes must be positive, were " + width + "x" + height + " -> "
                    + newWidth + "x" + newHeight);
        }
        float[] row = new float[width];
        if (width == newWidth && height == newHeight) {
            float[] out = new float[width * height];
            for (int y = 0; y < height; y++) {
                rows.row(y, row);
                System.arraycopy(row, 0, out, y * width, width);
            }
            return out;
        }
        Resampler rx = new Resampler(width, newWidth);
        float[] tmp = new float[newWidth * height];
        for (int y = 0; y < height; y++) {
            rows.row(y, row);
            rx.row(row, 0, tmp, y * newWidth);
        }
        return vertical(tmp, height, newWidth, newHeight);
    }

    /** The vertical pass: {@code height} rows of {@code newWidth} values to {@code newHeight} rows. */
    private static float[] vertical(float[] tmp, int height, int newWidth, int newHeight) {
        Resampler ry = new Resampler(height, newHeight);
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
