package org.colorize.core.color;

/**
 * The colour science of the library in one place: sRGB (D65) &lt;-&gt; CIE XYZ &lt;-&gt; CIE L*a*b*, and luma
 * gray. Every module (pipeline, data iterators, evaluation) converts through this class, so the
 * constants, ranges and channel orders exist once.
 *
 * <p>Conventions: sRGB values are gamma-encoded in [0,1]; L is in [0,100]; a and b are unbounded but
 * about [-128,127] for colours in the sRGB gamut; gray is luma {@code 0.299R + 0.587G + 0.114B} on
 * gamma-encoded values (the gray of the reference networks and of ITU-R BT.601).
 *
 * <p>The bulk methods use lookup tables with linear interpolation for the transfer functions (the
 * sRGB curve, its inverse, and the cube root of the Lab transform). Their error is below 1e-4 in L, a
 * and b and below 1e-3 of an 8-bit code value, which the tests check against exact double-precision
 * formulas on all 16.7 million 8-bit colours. The {@code exact*} methods compute in double precision
 * without tables.
 *
 * <p>All methods are stateless, allocation-free and thread-safe.
 */
public final class Lab {

    /** sRGB (linear) to XYZ matrix, D65, IEC 61966-2-1 primaries. */
    static final double M00 = 0.4124564, M01 = 0.3575761, M02 = 0.1804375;
    static final double M10 = 0.2126729, M11 = 0.7151522, M12 = 0.0721750;
    static final double M20 = 0.0193339, M21 = 0.1191920, M22 = 0.9503041;
    /** D65 reference white, the row sums of the matrix above so that white maps to (100, 0, 0). */
    public static final double XN = M00 + M01 + M02, YN = 1.0, ZN = M20 + M21 + M22;
    /** XYZ to linear sRGB: the inverse of the matrix above. */
    static final double I00, I01, I02, I10, I11, I12, I20, I21, I22;

    /** Float copies for the bulk kernels: rows of the forward matrix with 1/XN and 1/ZN folded in. */
    private static final float FX0 = (float) (M00 / XN), FX1 = (float) (M01 / XN), FX2 = (float) (M02 / XN);
    private static final float FY0 = (float) M10, FY1 = (float) M11, FY2 = (float) M12;
    private static final float FZ0 = (float) (M20 / ZN), FZ1 = (float) (M21 / ZN), FZ2 = (float) (M22 / ZN);

    /** Luma weights of the gray channel (ITU-R BT.601). */
    public static final float LUMA_R = 0.299f, LUMA_G = 0.587f, LUMA_B = 0.114f;

    /** The scale of a and b in the networks' ab outputs: {@code ab / 128}. */
    public static final float AB_SCALE = 128f;

    private static final double DELTA = 6.0 / 29.0;
    private static final double DELTA3 = DELTA * DELTA * DELTA;
    private static final double F_SLOPE = 1.0 / (3 * DELTA * DELTA);
    private static final double F_OFFSET = 4.0 / 29.0;

    // Tables: value at i * STEP, linearly interpolated.
    private static final int GAMMA_BITS = 14;
    private static final int GAMMA_N = 1 << GAMMA_BITS;
    private static final float[] TO_LINEAR = new float[GAMMA_N + 2];
    private static final int ENC_BITS = 15;
    private static final int ENC_N = 1 << ENC_BITS;
    private static final float[] TO_SRGB = new float[ENC_N + 2];
    /** The Lab f(t) table covers t in [0, F_MAX]; above that it is computed exactly. */
    private static final float F_MAX = 1.0625f;
    private static final int F_N = 1 << 15;
    private static final float F_SCALE = F_N / F_MAX;
    private static final float[] F_TABLE = new float[F_N + 2];
    /** Exact linear values of the 256 8-bit sRGB codes. */
    private static final float[] LINEAR8 = new float[256];

    static {
        double det = M00 * (M11 * M22 - M12 * M21) - M01 * (M10 * M22 - M12 * M20) + M02 * (M10 * M21 - M11 * M20);
        I00 = (M11 * M22 - M12 * M21) / det;
        I01 = (M02 * M21 - M01 * M22) / det;
        I02 = (M01 * M12 - M02 * M11) / det;
        I10 = (M12 * M20 - M10 * M22) / det;
        I11 = (M00 * M22 - M02 * M20) / det;
        I12 = (M02 * M10 - M00 * M12) / det;
        I20 = (M10 * M21 - M11 * M20) / det;
        I21 = (M01 * M20 - M00 * M21) / det;
        I22 = (M00 * M11 - M01 * M10) / det;
        for (int i = 0; i < TO_LINEAR.length; i++) {
            TO_LINEAR[i] = (float) exactToLinear(Math.min(1.0, (double) i / GAMMA_N));
        }
        for (int i = 0; i < TO_SRGB.length; i++) {
            TO_SRGB[i] = (float) exactToSrgb(Math.min(1.0, (double) i / ENC_N));
        }
        for (int i = 0; i < F_TABLE.length; i++) {
            F_TABLE[i] = (float) exactF(i / (double) F_SCALE);
        }
        for (int i = 0; i < 256; i++) {
            LINEAR8[i] = (float) exactToLinear(i / 255.0);
        }
    }

    private Lab() {
    }

    // ---------------------------------------------------------------- exact (double) formulas

    /** The sRGB transfer function, encoded to linear, exact. */
    public static double exactToLinear(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    /** The inverse sRGB transfer function, linear to encoded, exact. */
    public static double exactToSrgb(double c) {
        return c <= 0.0031308 ? c * 12.92 : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
    }

    static double exactF(double t) {
        return t > DELTA3 ? Math.cbrt(t) : t * F_SLOPE + F_OFFSET;
    }

    static double exactFInv(double f) {
        return f > DELTA ? f * f * f : (f - F_OFFSET) / F_SLOPE;
    }

    /**
     * Exact sRGB to Lab in double precision (no tables), for reference and tests.
     *
     * @param r red in [0,1], gamma-encoded
     * @param g green in [0,1]
     * @param b blue in [0,1]
     * @return {L, a, b}
     */
    public static double[] exactRgbToLab(double r, double g, double b) {
        double lr = exactToLinear(r), lg = exactToLinear(g), lb = exactToLinear(b);
        double fx = exactF((M00 * lr + M01 * lg + M02 * lb) / XN);
        double fy = exactF((M10 * lr + M11 * lg + M12 * lb) / YN);
        double fz = exactF((M20 * lr + M21 * lg + M22 * lb) / ZN);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    /**
     * Exact Lab to sRGB in double precision (no tables, no clipping), for reference and tests.
     *
     * @return {r, g, b}, gamma-encoded, possibly outside [0,1] for out-of-gamut colours
     */
    public static double[] exactLabToRgb(double l, double a, double b) {
        double fy = (l + 16) / 116, fx = fy + a / 500, fz = fy - b / 200;
        double x = XN * exactFInv(fx), y = YN * exactFInv(fy), z = ZN * exactFInv(fz);
        return new double[] {
            exactToSrgb(I00 * x + I01 * y + I02 * z),
            exactToSrgb(I10 * x + I11 * y + I12 * z),
            exactToSrgb(I20 * x + I21 * y + I22 * z)};
    }

    // ---------------------------------------------------------------- fast scalar kernels

    /** sRGB-encoded value to linear, by table; values outside [0,1] are computed exactly. */
    public static float toLinear(float c) {
        if (!(c >= 0f && c <= 1f)) {
            return (float) (c < 0 ? -exactToLinear(-c) : exactToLinear(c));
        }
        float p = c * GAMMA_N;
        int i = (int) p;
        float t = p - i;
        return TO_LINEAR[i] + t * (TO_LINEAR[i + 1] - TO_LINEAR[i]);
    }

    /** Linear value to sRGB-encoded, clipped to [0,1], by table. */
    public static float toSrgbClipped(float c) {
        if (!(c > 0f)) {
            return 0f;
        }
        if (c >= 1f) {
            return 1f;
        }
        float p = c * ENC_N;
        int i = (int) p;
        float t = p - i;
        return TO_SRGB[i] + t * (TO_SRGB[i + 1] - TO_SRGB[i]);
    }

    private static float f(float t) {
        if (t >= 0f && t < F_MAX) {
            float p = t * F_SCALE;
            int i = (int) p;
            float u = p - i;
            return F_TABLE[i] + u * (F_TABLE[i + 1] - F_TABLE[i]);
        }
        return (float) exactF(t);
    }

    private static float fInv(float f) {
        return f > (float) DELTA ? f * f * f : (float) ((f - F_OFFSET) / F_SLOPE);
    }

    /** The exact linear value of an 8-bit sRGB code (0..255). */
    public static float linear8(int code) {
        return LINEAR8[code];
    }

    /**
     * L* of a linear luminance Y (Y in [0,1] for white = 1).
     *
     * @param y relative luminance
     * @return L in [0,100]
     */
    public static float lightnessOfLuminance(float y) {
        return 116f * f(y) - 16f;
    }

    /**
     * L* of a packed 8-bit RGB pixel (0xRRGGBB; higher bits ignored).
     *
     * @param rgb packed pixel
     * @return L in [0,100]
     */
    public static float lightnessOfRgb8(int rgb) {
        float y = (float) (M10 * LINEAR8[(rgb >> 16) & 0xff] + M11 * LINEAR8[(rgb >> 8) & 0xff]
                + M12 * LINEAR8[rgb & 0xff]);
        return 116f * f(y) - 16f;
    }

    /**
     * L* of one sRGB pixel, exactly as {@link #rgbToLab} computes it.
     *
     * @param r red in [0,1]
     * @param g green in [0,1]
     * @param b blue in [0,1]
     * @return L in [0,100]
     */
    public static float lightnessOfSrgb(float r, float g, float b) {
        return 116f * f(FY0 * toLinear(r) + FY1 * toLinear(g) + FY2 * toLinear(b)) - 16f;
    }

    /** L* of a gray pixel whose three sRGB channels are all {@code g} (in [0,1]). */
    public static float lightnessOfGray(float g) {
        // For R = G = B the luminance is the linear value itself (the Y row sums to 1).
        return 116f * f(toLinear(g)) - 16f;
    }

    /**
     * Converts sRGB to Lab for {@code n} interleaved pixels.
     *
     * @param src RGB triples in [0,1]
     * @param srcOff offset of the first value in src
     * @param dst receives Lab triples (may be the same array as src, with the same offset)
     * @param dstOff offset of the first value in dst
     * @param n number of pixels
     */
    public static void rgbToLab(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        for (int p = 0; p < n; p++) {
            int s = srcOff + 3 * p, d = dstOff + 3 * p;
            float r = toLinear(src[s]), g = toLinear(src[s + 1]), b = toLinear(src[s + 2]);
            float fx = f(FX0 * r + FX1 * g + FX2 * b);
            float fy = f(FY0 * r + FY1 * g + FY2 * b);
            float fz = f(FZ0 * r + FZ1 * g + FZ2 * b);
            dst[d] = 116f * fy - 16f;
            dst[d + 1] = 500f * (fx - fy);
            dst[d + 2] = 200f * (fy - fz);
        }
    }

    /**
     * Converts Lab to sRGB, clipped to [0,1], for {@code n} interleaved pixels.
     *
     * @param src Lab triples
     * @param srcOff offset of the first value in src
     * @param dst receives RGB triples in [0,1] (may be the same array as src, with the same offset)
     * @param dstOff offset of the first value in dst
     * @param n number of pixels
     */
    public static void labToRgb(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        for (int p = 0; p < n; p++) {
            int s = srcOff + 3 * p, d = dstOff + 3 * p;
            float l = src[s], a = src[s + 1], bb = src[s + 2];
            float fy = (l + 16f) * (1f / 116f);
            float x = (float) (XN * fInv(fy + a * (1f / 500f)));
            float y = fInv(fy);
            float z = (float) (ZN * fInv(fy - bb * (1f / 200f)));
            dst[d] = toSrgbClipped((float) (I00 * x + I01 * y + I02 * z));
            dst[d + 1] = toSrgbClipped((float) (I10 * x + I11 * y + I12 * z));
            dst[d + 2] = toSrgbClipped((float) (I20 * x + I21 * y + I22 * z));
        }
    }

    /**
     * Converts one Lab colour to a packed 8-bit RGB pixel (0xRRGGBB), keeping its lightness: a colour
     * outside the sRGB gamut has its chroma (a, b) scaled towards zero, by the least amount that
     * brings it inside, instead of having its channels clipped (which would change L). L is clamped
     * to [0,100]. The pipeline composes its output with this, so the output's L is the input's L up
     * to 8-bit rounding.
     *
     * @return the packed pixel, alpha bits zero
     */
    public static int labToRgb8(float l, float a, float bb) {
        float lc = l < 0f ? 0f : Math.min(l, 100f);
        float fy = (lc + 16f) * (1f / 116f);
        float y = fInv(fy);
        float x = (float) (XN * fInv(fy + a * (1f / 500f)));
        float z = (float) (ZN * fInv(fy - bb * (1f / 200f)));
        float r = (float) (I00 * x + I01 * y + I02 * z);
        float g = (float) (I10 * x + I11 * y + I12 * z);
        float b = (float) (I20 * x + I21 * y + I22 * z);
        if (!inGamut(r, g, b)) {
            // Bisect the chroma factor: t = 0 (gray of lightness L) is always inside the gamut.
            float lo = 0f, hi = 1f;
            for (int it = 0; it < 12; it++) {
                float t = 0.5f * (lo + hi);
                x = (float) (XN * fInv(fy + t * a * (1f / 500f)));
                z = (float) (ZN * fInv(fy - t * bb * (1f / 200f)));
                float rr = (float) (I00 * x + I01 * y + I02 * z);
                float gg = (float) (I10 * x + I11 * y + I12 * z);
                float b2 = (float) (I20 * x + I21 * y + I22 * z);
                if (inGamut(rr, gg, b2)) {
                    lo = t;
                    r = rr;
                    g = gg;
                    b = b2;
                } else {
                    hi = t;
                }
            }
            if (lo == 0f) {
                r = y;
                g = y;
                b = y;
            }
        }
        int ri = (int) (toSrgbClipped(r) * 255f + 0.5f);
        int gi = (int) (toSrgbClipped(g) * 255f + 0.5f);
        int bi = (int) (toSrgbClipped(b) * 255f + 0.5f);
        return (ri << 16) | (gi << 8) | bi;
    }

    private static boolean inGamut(float r, float g, float b) {
        final float lo = -1e-5f, hi = 1f + 1e-5f;
        return r >= lo && r <= hi && g >= lo && g <= hi && b >= lo && b <= hi;
    }

    /** Luma gray of gamma-encoded RGB values. */
    public static float luma(float r, float g, float b) {
        return LUMA_R * r + LUMA_G * g + LUMA_B * b;
    }
}
