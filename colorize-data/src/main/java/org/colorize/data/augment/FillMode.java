package org.colorize.data.augment;

/**
 * How points that an augmentation maps outside the image are filled, as Keras' {@code fill_mode}
 * (the scipy {@code ndimage} modes of the Keras 2 reference trainings). Shown for a row {@code abcd}:
 */
public enum FillMode {
    /** {@code aaaaaaaa|abcd|dddddddd}: the nearest edge pixel (the Keras default). */
    NEAREST,
    /** {@code abcddcba|abcd|dcbaabcd}: mirrored about the outer edge of the border pixel (scipy {@code reflect}). */
    REFLECT,
    /** {@code abcdabcd|abcd|abcdabcd}: the image repeats periodically. */
    WRAP,
    /** {@code kkkkkkkk|abcd|kkkkkkkk}: a constant value {@code k} (Keras' {@code cval}). */
    CONSTANT;

    /**
     * Maps a sample index, possibly outside {@code [0, n)}, to an index inside it. For
     * {@link #CONSTANT} the index is clamped (the caller decides beforehand whether the point is
     * outside and takes the constant).
     *
     * @param i the index
     * @param n the length of the axis, at least 1
     * @return an index in {@code [0, n)}
     */
    public int index(int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        switch (this) {
            case REFLECT: {
                int m = Math.floorMod(i, 2 * n);
                return m < n ? m : 2 * n - 1 - m;
            }
            case WRAP:
                return Math.floorMod(i, n);
            default:
                return i < 0 ? 0 : n - 1;
        }
    }
}
