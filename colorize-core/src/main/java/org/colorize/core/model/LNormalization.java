package org.colorize.core.model;

/**
 * How the L channel (in [0,100]) is scaled for a network's input: {@code (L - offset) / scale}.
 *
 * <p>The reference Lab networks take L as it is ({@link #RAW}); other networks prefer [0,1]
 * ({@link #UNIT}) or [-1,1] ({@link #SYMMETRIC}). A model's metadata records which one it was
 * trained with, and the pipeline and the data iterators both apply it through this type.
 *
 * @param offset subtracted from L first
 * @param scale what the difference is divided by; must be positive
 */
public record LNormalization(float offset, float scale) {

    /** L as it is, in [0,100] (the reference "alpha", "beta" and fusion networks). */
    public static final LNormalization RAW = new LNormalization(0f, 1f);
    /** L / 100, in [0,1]. */
    public static final LNormalization UNIT = new LNormalization(0f, 100f);
    /** (L - 50) / 50, in [-1,1]. */
    public static final LNormalization SYMMETRIC = new LNormalization(50f, 50f);

    /**
     * @throws IllegalArgumentException if scale is not a positive finite number or offset not finite
     */
    public LNormalization {
        if (!(scale > 0f) || Float.isInfinite(scale)) {
            throw new IllegalArgumentException("LNormalization.scale must be a positive finite number, was " + scale);
        }
        if (!Float.isFinite(offset)) {
            throw new IllegalArgumentException("LNormalization.offset must be finite, was " + offset);
        }
    }

    /** @return the network's input value for lightness {@code l} */
    public float normalize(float l) {
        return (l - offset) / scale;
    }

    /** @return the lightness for a network value {@code v} */
    public float denormalize(float v) {
        return v * scale + offset;
    }

    /** Normalises every value of {@code l} in place and returns it. */
    public float[] normalizeInPlace(float[] l) {
        float inv = 1f / scale;
        for (int i = 0; i < l.length; i++) {
            l[i] = (l[i] - offset) * inv;
        }
        return l;
    }
}
