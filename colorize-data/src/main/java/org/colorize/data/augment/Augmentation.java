package org.colorize.data.augment;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Random geometric augmentation with the parameters and meanings of Keras' {@code ImageDataGenerator}
 * ({@code rotation_range}, {@code width_shift_range}, {@code height_shift_range},
 * {@code shear_range}, {@code zoom_range}, {@code horizontal_flip}, {@code vertical_flip},
 * {@code fill_mode}, {@code cval}, {@code interpolation_order}). One affine transform is drawn per image
 * and applied to the colour image before any colour conversion, so a network's input and its label
 * always stay aligned.
 *
 * <p>The draws follow Keras' order and distributions: rotation {@code uniform(-r, r)} degrees; height
 * then width shift {@code uniform(-s, s)}, times the image side when {@code s < 1}; shear
 * {@code uniform(-s, s)} degrees; two independent zooms {@code uniform(low, high)}; each flip with
 * probability 1/2. Immutable and thread-safe.
 *
 * <pre>{@code
 * // the augmentation of the "beta" network
 * Augmentation aug = Augmentation.builder().rotation(20).shear(0.2).zoom(0.2).horizontalFlip().build();
 * }</pre>
 *
 * <p>Note on {@code shear}: Keras takes the shear angle in degrees since 2.1.3 (keras-team/keras
 * pull request 8868, December 2017), as this class does; so {@code shear(0.2)} is a fifth of a degree,
 * a very mild shear. Keras before 2.1.3 took radians; to reproduce a training written for it, pass
 * {@code Math.toDegrees(value)} (0.2 rad = 11.46 degrees).
 */
public final class Augmentation {

    /** No augmentation at all. */
    public static final Augmentation NONE = builder().build();

    private final double rotation;
    private final double widthShift;
    private final double heightShift;
    private final double shear;
    private final double zoomLow;
    private final double zoomHigh;
    private final boolean horizontalFlip;
    private final boolean verticalFlip;
    private final FillMode fillMode;
    private final float fillValue;
    private final Interpolation interpolation;

    private Augmentation(Builder b) {
        rotation = b.rotation;
        widthShift = b.widthShift;
        heightShift = b.heightShift;
        shear = b.shear;
        zoomLow = b.zoomLow;
        zoomHigh = b.zoomHigh;
        horizontalFlip = b.horizontalFlip;
        verticalFlip = b.verticalFlip;
        fillMode = b.fillMode;
        fillValue = b.fillValue;
        interpolation = b.interpolation;
    }

    /** @return a builder with every option off (no change to the image) */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Configures a builder in one expression: {@code Augmentation.of(a -> a.rotation(20).zoom(0.2))}.
     *
     * @param options sets the options on the given builder and returns it
     * @return the built augmentation
     */
    public static Augmentation of(UnaryOperator<Builder> options) {
        return options.apply(builder()).build();
    }

    /** @return a builder holding this augmentation's options */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.rotation = rotation;
        b.widthShift = widthShift;
        b.heightShift = heightShift;
        b.shear = shear;
        b.zoomLow = zoomLow;
        b.zoomHigh = zoomHigh;
        b.horizontalFlip = horizontalFlip;
        b.verticalFlip = verticalFlip;
        b.fillMode = fillMode;
        b.fillValue = fillValue;
        b.interpolation = interpolation;
        return b;
    }

    /** @return whether no option changes the image (every draw gives the identity) */
    public boolean isNone() {
        return rotation == 0 && widthShift == 0 && heightShift == 0 && shear == 0 && zoomLow == 1 && zoomHigh == 1
                && !horizontalFlip && !verticalFlip;
    }

    /**
     * Draws one image's parameters, in Keras' order.
     *
     * @param random the image's random stream (see {@link RandomStream#of(long, long, long)})
     * @param width the image width (for fractional shifts)
     * @param height the image height
     * @return the parameters
     */
    public TransformParameters sampleParameters(RandomStream random, int width, int height) {
        double theta = rotation != 0 ? random.uniform(-rotation, rotation) : 0;
        double tx = 0;
        if (heightShift != 0) {
            tx = random.uniform(-heightShift, heightShift);
            if (heightShift < 1) {
                tx *= height;
            }
        }
        double ty = 0;
        if (widthShift != 0) {
            ty = random.uniform(-widthShift, widthShift);
            if (widthShift < 1) {
                ty *= width;
            }
        }
        double sh = shear != 0 ? random.uniform(-shear, shear) : 0;
        double zx = 1, zy = 1;
        if (zoomLow != 1 || zoomHigh != 1) {
            zx = random.uniform(zoomLow, zoomHigh);
            zy = random.uniform(zoomLow, zoomHigh);
        }
        boolean fh = random.nextDouble() < 0.5 && horizontalFlip;
        boolean fv = random.nextDouble() < 0.5 && verticalFlip;
        return new TransformParameters(theta, tx, ty, sh, zx, zy, fh, fv);
    }

    /**
     * Draws one image's transform.
     *
     * @param random the image's random stream
     * @param width the image width
     * @param height the image height
     * @return the map from output to source pixels (the identity when {@link #isNone()})
     */
    public AffineTransform sample(RandomStream random, int width, int height) {
        if (isNone()) {
            return AffineTransform.identity();
        }
        return sampleParameters(random, width, height).transform(width, height);
    }

    /** @return the rotation range in degrees; 0 when off */
    public double rotation() {
        return rotation;
    }

    /** @return the width shift range: a fraction of the width below 1, pixels from 1 up; 0 when off */
    public double widthShift() {
        return widthShift;
    }

    /** @return the height shift range: a fraction of the height below 1, pixels from 1 up; 0 when off */
    public double heightShift() {
        return heightShift;
    }

    /** @return the shear range in degrees; 0 when off */
    public double shear() {
        return shear;
    }

    /** @return the lowest zoom factor */
    public double zoomLow() {
        return zoomLow;
    }

    /** @return the highest zoom factor */
    public double zoomHigh() {
        return zoomHigh;
    }

    /** @return whether images are mirrored left-right with probability 1/2 */
    public boolean horizontalFlip() {
        return horizontalFlip;
    }

    /** @return whether images are mirrored top-bottom with probability 1/2 */
    public boolean verticalFlip() {
        return verticalFlip;
    }

    /** @return how points outside the image are filled */
    public FillMode fillMode() {
        return fillMode;
    }

    /** @return the value of {@link FillMode#CONSTANT} points, in [0,1] */
    public float fillValue() {
        return fillValue;
    }

    /** @return how the warp samples the image */
    public Interpolation interpolation() {
        return interpolation;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Augmentation a && a.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "Augmentation[rotation=" + rotation + ", widthShift=" + widthShift + ", heightShift=" + heightShift
                + ", shear=" + shear + ", zoom=[" + zoomLow + ", " + zoomHigh + "], horizontalFlip=" + horizontalFlip
                + ", verticalFlip=" + verticalFlip + ", fillMode=" + fillMode + ", fillValue=" + fillValue
                + ", interpolation=" + interpolation + "]";
    }

    /** Builds an {@link Augmentation}; every option is off until set. Not thread-safe. */
    public static final class Builder {
        private double rotation;
        private double widthShift;
        private double heightShift;
        private double shear;
        private double zoomLow = 1;
        private double zoomHigh = 1;
        private boolean horizontalFlip;
        private boolean verticalFlip;
        private FillMode fillMode = FillMode.NEAREST;
        private float fillValue;
        private Interpolation interpolation = Interpolation.BILINEAR;

        private Builder() {
        }

        /**
         * Random rotation in {@code [-degrees, degrees]} (Keras {@code rotation_range}).
         *
         * @param degrees default 0 (off); valid range [0, 180]
         * @return this builder
         */
        public Builder rotation(double degrees) {
            this.rotation = degrees;
            return this;
        }

        /**
         * Random horizontal shift (Keras {@code width_shift_range}, float form): drawn from
         * {@code [-range, range]}, a fraction of the width when {@code range < 1}, pixels otherwise.
         *
         * @param range default 0 (off); valid range: finite, at least 0
         * @return this builder
         */
        public Builder widthShift(double range) {
            this.widthShift = range;
            return this;
        }

        /**
         * Random vertical shift (Keras {@code height_shift_range}, float form): drawn from
         * {@code [-range, range]}, a fraction of the height when {@code range < 1}, pixels otherwise.
         *
         * @param range default 0 (off); valid range: finite, at least 0
         * @return this builder
         */
        public Builder heightShift(double range) {
            this.heightShift = range;
            return this;
        }

        /**
         * Random shear with an angle in {@code [-degrees, degrees]} (Keras {@code shear_range}, in
         * degrees as in current Keras; see the class note for old, radian-based Keras).
         *
         * @param degrees default 0 (off); valid range [0, 90)
         * @return this builder
         */
        public Builder shear(double degrees) {
            this.shear = degrees;
            return this;
        }

        /**
         * Random zoom (Keras {@code zoom_range} as a float): the row and column zooms are drawn
         * independently from {@code [1 - range, 1 + range]}. A factor below 1 magnifies the content.
         *
         * @param range default 0 (off); valid range [0, 1)
         * @return this builder
         */
        public Builder zoom(double range) {
            this.zoomLow = 1 - range;
            this.zoomHigh = 1 + range;
            return this;
        }

        /**
         * Random zoom (Keras {@code zoom_range} as a pair): each axis's factor drawn from [low, high].
         *
         * @param low default 1; valid range: positive, at most {@code high}
         * @param high default 1; valid range: finite
         * @return this builder
         */
        public Builder zoom(double low, double high) {
            this.zoomLow = low;
            this.zoomHigh = high;
            return this;
        }

        /**
         * Mirrors half of the images left-right (Keras {@code horizontal_flip=True}).
         *
         * @return this builder
         */
        public Builder horizontalFlip() {
            return horizontalFlip(true);
        }

        /**
         * @param on whether half of the images are mirrored left-right; default false
         * @return this builder
         */
        public Builder horizontalFlip(boolean on) {
            this.horizontalFlip = on;
            return this;
        }

        /**
         * Mirrors half of the images top-bottom (Keras {@code vertical_flip=True}).
         *
         * @return this builder
         */
        public Builder verticalFlip() {
            return verticalFlip(true);
        }

        /**
         * @param on whether half of the images are mirrored top-bottom; default false
         * @return this builder
         */
        public Builder verticalFlip(boolean on) {
            this.verticalFlip = on;
            return this;
        }

        /**
         * @param mode how points mapped outside the image are filled; default {@link FillMode#NEAREST}
         *     (as Keras); not null
         * @return this builder
         */
        public Builder fillMode(FillMode mode) {
            this.fillMode = mode;
            return this;
        }

        /**
         * @param value the colour value (each RGB channel) of {@link FillMode#CONSTANT} points (Keras
         *     {@code cval}, here on the [0,1] scale); default 0; valid range [0, 1]
         * @return this builder
         */
        public Builder fillValue(float value) {
            this.fillValue = value;
            return this;
        }

        /**
         * @param interpolation how the warp samples the image; default {@link Interpolation#BILINEAR}
         *     (Keras {@code interpolation_order=1}); not null
         * @return this builder
         */
        public Builder interpolation(Interpolation interpolation) {
            this.interpolation = interpolation;
            return this;
        }

        /**
         * @return the augmentation
         * @throws IllegalArgumentException naming the first option whose value is invalid
         */
        public Augmentation build() {
            if (!(rotation >= 0 && rotation <= 180)) {
                throw new IllegalArgumentException("rotation must be in [0, 180] degrees, was " + rotation);
            }
            if (!(widthShift >= 0 && Double.isFinite(widthShift))) {
                throw new IllegalArgumentException("widthShift must be finite and >= 0, was " + widthShift);
            }
            if (!(heightShift >= 0 && Double.isFinite(heightShift))) {
                throw new IllegalArgumentException("heightShift must be finite and >= 0, was " + heightShift);
            }
            if (!(shear >= 0 && shear < 90)) {
                throw new IllegalArgumentException("shear must be in [0, 90) degrees, was " + shear);
            }
            if (!(zoomLow > 0 && zoomLow <= zoomHigh && Double.isFinite(zoomHigh))) {
                throw new IllegalArgumentException("zoom must give 0 < low <= high (zoom(z) needs z in [0, 1)), was ["
                        + zoomLow + ", " + zoomHigh + "]");
            }
            Objects.requireNonNull(fillMode, "fillMode must not be null");
            Objects.requireNonNull(interpolation, "interpolation must not be null");
            if (!(fillValue >= 0f && fillValue <= 1f)) {
                throw new IllegalArgumentException("fillValue must be in [0, 1], was " + fillValue);
            }
            return new Augmentation(this);
        }
    }
}
