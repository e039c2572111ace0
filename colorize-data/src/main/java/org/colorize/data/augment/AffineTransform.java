package org.colorize.data.augment;

import java.util.Arrays;
import java.util.Objects;

/**
 * A 2-D affine map from output pixel coordinates to source pixel coordinates, in (row, column) order,
 * and the warp that applies it to an image, as Keras' {@code apply_affine_transform} (the scipy
 * {@code ndimage.affine_transform} version of the Keras 2 reference trainings):
 *
 * <pre>
 *   source_row = m00 * row + m01 * col + m02
 *   source_col = m10 * row + m11 * col + m12
 * </pre>
 *
 * <p>Pixel centres are at integer coordinates; {@link #keras} builds the Keras matrix and applies it
 * about the image centre {@code ((height - 1) / 2, (width - 1) / 2)}. Instances are immutable.
 */
public final class AffineTransform {

    /** Coordinates this close to an integer are taken as that integer, so exact moves stay exact. */
    private static final double SNAP = 1e-6;

    private static final AffineTransform IDENTITY = new AffineTransform(1, 0, 0, 0, 1, 0);

    private final double m00, m01, m02, m10, m11, m12;

    private AffineTransform(double m00, double m01, double m02, double m10, double m11, double m12) {
        this.m00 = m00;
        this.m01 = m01;
        this.m02 = m02;
        this.m10 = m10;
        this.m11 = m11;
        this.m12 = m12;
    }

    /** @return the map that leaves every pixel where it is */
    public static AffineTransform identity() {
        return IDENTITY;
    }

    /**
     * A transform from its 2x3 matrix (output (row, col, 1) to source (row, col)).
     *
     * @param matrix {m00, m01, m02, m10, m11, m12}
     * @return the transform
     */
    public static AffineTransform of(double... matrix) {
        if (matrix.length != 6) {
            throw new IllegalArgumentException("an affine matrix has 6 values, got " + matrix.length);
        }
        for (double v : matrix) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("affine matrix values must be finite: " + Arrays.toString(matrix));
            }
        }
        return new AffineTransform(matrix[0], matrix[1], matrix[2], matrix[3], matrix[4], matrix[5]);
    }

    /**
     * The transform of Keras' {@code apply_affine_transform(x, theta, tx, ty, shear, zx, zy)}: the
     * product rotation &middot; shift &middot; shear &middot; zoom, about the image centre. As in
     * Keras, {@code tx} moves along rows (height) and {@code ty} along columns (width), and a
     * positive shift moves the content up/left (the matrix maps output to source).
     *
     * @param thetaDegrees rotation angle in degrees (positive turns the content clockwise on screen)
     * @param tx shift in pixels along the rows (height)
     * @param ty shift in pixels along the columns (width)
     * @param shearDegrees shear angle in degrees
     * @param zx zoom of the row axis (below 1 magnifies)
     * @param zy zoom of the column axis (below 1 magnifies)
     * @param height image height in pixels
     * @param width image width in pixels
     * @return the transform
     */
    public static AffineTransform keras(double thetaDegrees, double tx, double ty, double shearDegrees,
            double zx, double zy, int height, int width) {
        double[] m = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        boolean any = false;
        if (thetaDegrees != 0) {
            double t = Math.toRadians(thetaDegrees);
            m = mul(m, new double[] {Math.cos(t), -Math.sin(t), 0, Math.sin(t), Math.cos(t), 0, 0, 0, 1});
            any = true;
        }
        if (tx != 0 || ty != 0) {
            m = mul(m, new double[] {1, 0, tx, 0, 1, ty, 0, 0, 1});
            any = true;
        }
        if (shearDegrees != 0) {
            double s = Math.toRadians(shearDegrees);
            m = mul(m, new double[] {1, -Math.sin(s), 0, 0, Math.cos(s), 0, 0, 0, 1});
            any = true;
        }
        if (zx != 1 || zy != 1) {
            m = mul(m, new double[] {zx, 0, 0, 0, zy, 0, 0, 0, 1});
            any = true;
        }
        if (!any) {
            return IDENTITY;
        }
        double or = height / 2.0 - 0.5, oc = width / 2.0 - 0.5;
        m = mul(mul(new double[] {1, 0, or, 0, 1, oc, 0, 0, 1}, m), new double[] {1, 0, -or, 0, 1, -oc, 0, 0, 1});
        return of(m[0], m[1], m[2], m[3], m[4], m[5]);
    }

    private static double[] mul(double[] a, double[] b) {
        double[] c = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                c[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
            }
        }
        return c;
    }

    /**
     * This transform followed by a left-right mirror of its output (Keras flips after the warp).
     *
     * @param width the output width
     * @return the combined transform
     */
    public AffineTransform flipHorizontal(int width) {
        // output (r, c) takes what this transform puts at (r, width - 1 - c)
        return new AffineTransform(m00, -m01, m02 + m01 * (width - 1), m10, -m11, m12 + m11 * (width - 1));
    }

    /**
     * This transform followed by a top-bottom mirror of its output.
     *
     * @param height the output height
     * @return the combined transform
     */
    public AffineTransform flipVertical(int height) {
        return new AffineTransform(-m00, m01, m02 + m00 * (height - 1), -m10, m11, m12 + m10 * (height - 1));
    }

    /** @return whether this transform maps every pixel to itself */
    public boolean isIdentity() {
        return m00 == 1 && m01 == 0 && m02 == 0 && m10 == 0 && m11 == 1 && m12 == 0;
    }

    /** @return a copy of the matrix, {m00, m01, m02, m10, m11, m12} */
    public double[] matrix() {
        return new double[] {m00, m01, m02, m10, m11, m12};
    }

    /**
     * @param row output row
     * @param col output column
     * @return the source point {row, col} that the output pixel samples
     */
    public double[] map(double row, double col) {
        return new double[] {m00 * row + m01 * col + m02, m10 * row + m11 * col + m12};
    }

    /**
     * Warps an interleaved image: every output pixel samples the source at {@link #map}.
     *
     * @param src source pixels, interleaved, {@code srcHeight * srcWidth * channels} values, row-major
     * @param srcWidth source width
     * @param srcHeight source height
     * @param channels values per pixel, at least 1
     * @param dst receives the output pixels, interleaved, at least {@code dstHeight * dstWidth * channels}
     *     values; must not be {@code src}
     * @param dstWidth output width
     * @param dstHeight output height
     * @param fill how points outside the source are filled
     * @param fillValue the value of {@link FillMode#CONSTANT} points
     * @param interpolation how the source is sampled
     */
    public void warp(float[] src, int srcWidth, int srcHeight, int channels, float[] dst, int dstWidth,
            int dstHeight, FillMode fill, float fillValue, Interpolation interpolation) {
        Objects.requireNonNull(fill, "fill");
        Objects.requireNonNull(interpolation, "interpolation");
        if (src == dst) {
            throw new IllegalArgumentException("warp cannot work in place: src and dst are the same array");
        }
        if (srcWidth < 1 || srcHeight < 1 || channels < 1 || dstWidth < 0 || dstHeight < 0
                || src.length < (long) srcWidth * srcHeight * channels
                || dst.length < (long) dstWidth * dstHeight * channels) {
            throw new IllegalArgumentException("bad warp sizes: src " + src.length + " values for " + srcWidth + "x"
                    + srcHeight + "x" + channels + ", dst " + dst.length + " values for " + dstWidth + "x" + dstHeight);
        }
        boolean constant = fill == FillMode.CONSTANT;
        boolean bilinear = interpolation == Interpolation.BILINEAR;
        int d = 0;
        for (int r = 0; r < dstHeight; r++) {
            for (int c = 0; c < dstWidth; c++, d += channels) {
                double sr = m00 * r + m01 * c + m02;
                double sc = m10 * r + m11 * c + m12;
                if (!bilinear) {
                    sr = Math.floor(sr + 0.5);
                    sc = Math.floor(sc + 0.5);
                }
                double flr = Math.floor(sr), flc = Math.floor(sc);
                int r0 = (int) flr, c0 = (int) flc;
                float fr = (float) (sr - flr), fc = (float) (sc - flc);
                if (fr < SNAP) {
                    fr = 0f;
                } else if (fr > 1 - SNAP) {
                    r0++;
                    fr = 0f;
                }
                if (fc < SNAP) {
                    fc = 0f;
                } else if (fc > 1 - SNAP) {
                    c0++;
                    fc = 0f;
                }
                if (constant && (r0 < 0 || c0 < 0 || r0 >= srcHeight || c0 >= srcWidth
                        || (r0 == srcHeight - 1 && fr != 0f) || (c0 == srcWidth - 1 && fc != 0f))) {
                    for (int k = 0; k < channels; k++) {
                        dst[d + k] = fillValue;
                    }
                    continue;
                }
                int ra, rb, ca, cb;
                if (r0 >= 0 && r0 + 1 < srcHeight) {
                    ra = r0;
                    rb = r0 + 1;
                } else {
                    ra = fill.index(r0, srcHeight);
                    rb = fill.index(r0 + 1, srcHeight);
                }
                if (c0 >= 0 && c0 + 1 < srcWidth) {
                    ca = c0;
                    cb = c0 + 1;
                } else {
                    ca = fill.index(c0, srcWidth);
                    cb = fill.index(c0 + 1, srcWidth);
                }
                int p00 = (ra * srcWidth + ca) * channels;
                if (fr == 0f && fc == 0f) {
                    for (int k = 0; k < channels; k++) {
                        dst[d + k] = src[p00 + k];
                    }
                    continue;
                }
                int p01 = (ra * srcWidth + cb) * channels;
                int p10 = (rb * srcWidth + ca) * channels;
                int p11 = (rb * srcWidth + cb) * channels;
                for (int k = 0; k < channels; k++) {
                    float top = src[p00 + k] + fc * (src[p01 + k] - src[p00 + k]);
                    float bottom = src[p10 + k] + fc * (src[p11 + k] - src[p10 + k]);
                    dst[d + k] = top + fr * (bottom - top);
                }
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AffineTransform t && Arrays.equals(matrix(), t.matrix());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(matrix());
    }

    @Override
    public String toString() {
        return "AffineTransform[" + m00 + ", " + m01 + ", " + m02 + "; " + m10 + ", " + m11 + ", " + m12 + "]";
    }
}
