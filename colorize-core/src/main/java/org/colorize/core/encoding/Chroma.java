package org.colorize.core.encoding;

import java.util.Objects;

/**
 * Predicted chroma of one image: the CIE a and b planes (row-major, in Lab units) at the resolution
 * of the network's output. The pipeline resizes them to the input's resolution and joins them to the
 * input's own lightness.
 *
 * @param a the a plane, {@code width * height} values
 * @param b the b plane, {@code width * height} values
 * @param width the planes' width
 * @param height the planes' height
 */
public record Chroma(float[] a, float[] b, int width, int height) {

    /** @throws IllegalArgumentException if a plane's length is not {@code width * height} */
    public Chroma {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (width < 1 || height < 1 || a.length != width * height || b.length != width * height) {
            throw new IllegalArgumentException("chroma planes of " + a.length + " and " + b.length
                    + " values do not match " + width + "x" + height);
        }
    }
}
