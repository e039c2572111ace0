package org.colorize.core.encoding;

import org.colorize.core.color.Lab;

/**
 * Counts how often each cell of a square grid in the CIE ab plane occurs in colour pictures: the data
 * from which an {@link AbBinsEncoding} keeps its bins and learns its class-rebalancing weights. Cell
 * {@code (i, j)} holds the colours nearest to {@code a = i * grid, b = j * grid}. Not thread-safe.
 *
 * <pre>{@code
 * AbHistogram h = new AbHistogram(10);
 * for (float[] rgb : pictures) h.addRgb(rgb, rgb.length / 3);
 * AbBinsEncoding enc = AbBinsEncoding.builder(h).build();
 * }</pre>
 */
public final class AbHistogram {

    /** Cells on each side of zero: a and b in [-130, 130] for a 10-unit grid. */
    private final int half;
    private final float grid;
    private final long[] counts;
    private long total;

    /**
     * @param grid the cell size in Lab units (10 in Zhang et al. 2016); in [1, 64]
     * @throws IllegalArgumentException if grid is outside [1, 64]
     */
    public AbHistogram(float grid) {
        if (!(grid >= 1f && grid <= 64f)) {
            throw new IllegalArgumentException("grid must be in [1, 64], was " + grid);
        }
        this.grid = grid;
        this.half = (int) Math.ceil(130f / grid);
        this.counts = new long[(2 * half + 1) * (2 * half + 1)];
    }

    /** @return the cell size */
    public float grid() {
        return grid;
    }

    /** @return cells on each side of zero, per axis */
    int half() {
        return half;
    }

    /** Counts one colour. */
    public void addAb(float a, float b) {
        counts[cell(a, b)]++;
        total++;
    }

    /**
     * Counts the colours of interleaved sRGB pixels.
     *
     * @param rgb sRGB triples in [0,1]
     * @param n pixels
     */
    public void addRgb(float[] rgb, int n) {
        float[] lab = new float[3];
        for (int p = 0; p < n; p++) {
            Lab.rgbToLab(rgb, 3 * p, lab, 0, 1);
            addAb(lab[1], lab[2]);
        }
    }

    /** @return how many colours were counted */
    public long total() {
        return total;
    }

    /** @return the count of the cell nearest to {@code (a, b)} */
    public long count(float a, float b) {
        return counts[cell(a, b)];
    }

    long countAt(int i, int j) {
        return counts[(i + half) * (2 * half + 1) + (j + half)];
    }

    private int cell(float a, float b) {
        int i = clamp(Math.round(a / grid)), j = clamp(Math.round(b / grid));
        return (i + half) * (2 * half + 1) + (j + half);
    }

    private int clamp(int v) {
        return Math.max(-half, Math.min(half, v));
    }
}
