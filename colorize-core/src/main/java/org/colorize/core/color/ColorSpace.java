package org.colorize.core.color;

import java.util.Objects;

/**
 * The colour spaces of the library, with bulk conversion of interleaved pixels.
 *
 * <ul>
 *   <li>{@link #RGB}: sRGB (D65), gamma-encoded, each channel in [0,1]; 3 values a pixel.</li>
 *   <li>{@link #LAB}: CIE L*a*b* (D65), L in [0,100]; 3 values a pixel.</li>
 *   <li>{@link #GRAY}: luma {@code 0.299R + 0.587G + 0.114B} of the sRGB values, in [0,1]; 1 value a
 *       pixel. This is the gray the reference networks are trained on.</li>
 * </ul>
 *
 * <p>Conversions to RGB clip to [0,1]. Conversions from GRAY replicate the gray value to the three
 * sRGB channels first. The conversions are table-driven and allocation-free apart from the result
 * array (see {@link Lab} for the accuracy).
 *
 * <pre>{@code
 * float[] lab = ColorSpace.RGB.to(ColorSpace.LAB, new float[] {1f, 0f, 0f}); // {53.24, 80.09, 67.20}
 * }</pre>
 */
public enum ColorSpace {
    /** sRGB, gamma-encoded, channels in [0,1]. */
    RGB(3),
    /** CIE L*a*b* (D65), L in [0,100]. */
    LAB(3),
    /** Luma gray in [0,1]. */
    GRAY(1);

    private final int channels;

    ColorSpace(int channels) {
        this.channels = channels;
    }

    /** @return the number of interleaved values per pixel: 3 for RGB and LAB, 1 for GRAY */
    public int channels() {
        return channels;
    }

    /**
     * Converts interleaved pixels of this space to {@code target}.
     *
     * @param target the space to convert to
     * @param pixels interleaved pixels of this space; its length must be a multiple of {@link #channels()}
     * @return a new array of interleaved pixels in {@code target}
     * @throws IllegalArgumentException if the length of {@code pixels} is not a whole number of pixels
     */
    public float[] to(ColorSpace target, float[] pixels) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(pixels, "pixels");
        if (pixels.length % channels != 0) {
            throw new IllegalArgumentException("pixels.length " + pixels.length + " is not a multiple of "
                    + channels + " (the channels of " + this + ")");
        }
        int n = pixels.length / channels;
        float[] out = new float[n * target.channels];
        convert(target, pixels, 0, out, 0, n);
        return out;
    }

    /**
     * Converts {@code n} interleaved pixels of this space to {@code target} into an existing array.
     * When both spaces have the same number of channels, {@code src} and {@code dst} may be the same
     * array at the same offset.
     *
     * @param target the space to convert to
     * @param src source pixels
     * @param srcOff index of the first source value
     * @param dst destination array
     * @param dstOff index of the first destination value
     * @param n number of pixels
     */
    public void convert(ColorSpace target, float[] src, int srcOff, float[] dst, int dstOff, int n) {
        Objects.requireNonNull(target, "target");
        if (srcOff < 0 || dstOff < 0 || n < 0 || srcOff + (long) n * channels > src.length
                || dstOff + (long) n * target.channels > dst.length) {
            throw new IndexOutOfBoundsException("cannot convert " + n + " pixels from offset " + srcOff
                    + " of " + src.length + " values to offset " + dstOff + " of " + dst.length);
        }
        if (this == target) {
            System.arraycopy(src, srcOff, dst, dstOff, n * channels);
            return;
        }
        switch (this) {
            case RGB -> {
                if (target == LAB) {
                    Lab.rgbToLab(src, srcOff, dst, dstOff, n);
                } else {
                    rgbToGray(src, srcOff, dst, dstOff, n);
                }
            }
            case LAB -> {
                if (target == RGB) {
                    Lab.labToRgb(src, srcOff, dst, dstOff, n);
                } else {
                    float[] rgb = new float[3];
                    for (int p = 0; p < n; p++) {
                        Lab.labToRgb(src, srcOff + 3 * p, rgb, 0, 1);
                        dst[dstOff + p] = Lab.luma(rgb[0], rgb[1], rgb[2]);
                    }
                }
            }
            case GRAY -> {
                if (target == RGB) {
                    for (int p = n - 1; p >= 0; p--) {
                        float g = clip01(src[srcOff + p]);
                        int d = dstOff + 3 * p;
                        dst[d] = g;
                        dst[d + 1] = g;
                        dst[d + 2] = g;
                    }
                } else {
                    for (int p = n - 1; p >= 0; p--) {
                        int d = dstOff + 3 * p;
                        dst[d] = Lab.lightnessOfGray(src[srcOff + p]);
                        dst[d + 1] = 0f;
                        dst[d + 2] = 0f;
                    }
                }
            }
            default -> throw new AssertionError(this);
        }
    }

    private static void rgbToGray(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        for (int p = 0; p < n; p++) {
            int s = srcOff + 3 * p;
            dst[dstOff + p] = Lab.luma(src[s], src[s + 1], src[s + 2]);
        }
    }

    private static float clip01(float v) {
        return v < 0f ? 0f : Math.min(v, 1f);
    }
}
