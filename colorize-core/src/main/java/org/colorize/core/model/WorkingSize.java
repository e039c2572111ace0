package org.colorize.core.model;

/**
 * The size at which a network sees an image.
 *
 * <ul>
 *   <li>{@link #fixed(int, int)}: the network has one input size (it has dense layers, or was
 *       trained at one size); every image is resized to it.</li>
 *   <li>{@link #adaptive(int, int)}: the network is fully convolutional; the working size keeps the
 *       image's aspect ratio, its longer side is at most {@code maxSide}, and both sides are
 *       multiples of {@code multiple} (the network's total stride). With a {@code minSide}, an image
 *       whose shorter side is below it is enlarged until the shorter side reaches it (never past
 *       {@code maxSide} on the longer side): a network trained on photos sees a 32x32 thumbnail at the
 *       scale it learned, instead of as a handful of pixels.</li>
 * </ul>
 *
 * <p>Whatever the working size, the pipeline returns an image of the input's own size.
 *
 * <p>Limits (so that a model file cannot ask for absurd memory or overflow an array index): every
 * side is at most {@value #MAX_SIDE}, and a fixed size has at most {@value #MAX_PIXELS} pixels.
 *
 * @param adaptive whether the size follows the image
 * @param width the fixed width (0 when adaptive)
 * @param height the fixed height (0 when adaptive)
 * @param multiple the stride that adaptive sides must be multiples of (1 when fixed)
 * @param maxSide the largest adaptive side (0 when fixed)
 * @param minSide the shorter side small images are enlarged to (0: never enlarged; always 0 when fixed)
 */
public record WorkingSize(boolean adaptive, int width, int height, int multiple, int maxSide, int minSide) {

    /** The longest side a working size may have (a fixed width or height, an adaptive maxSide). */
    public static final int MAX_SIDE = 16384;

    /** The most pixels a fixed working size may have (64 Mi: 8192x8192), so w*h*channels fits an int. */
    public static final int MAX_PIXELS = 1 << 26;

    /**
     * @throws IllegalArgumentException if a size is not positive, maxSide is below multiple, a side is
     *     above {@link #MAX_SIDE}, a fixed size has more than {@link #MAX_PIXELS} pixels, or minSide is
     *     negative, above maxSide, or set for a fixed size
     */
    public WorkingSize {
        if (minSide < 0 || (adaptive && minSide > maxSide) || (!adaptive && minSide != 0)) {
            throw new IllegalArgumentException("WorkingSize.minSide must be 0 for a fixed size and in 0..maxSide ("
                    + maxSide + ") for an adaptive one, was " + minSide);
        }
        if (adaptive) {
            if (multiple < 1 || multiple > MAX_SIDE) {
                throw new IllegalArgumentException("WorkingSize.multiple must be in 1.." + MAX_SIDE + ", was " + multiple);
            }
            if (maxSide < multiple || maxSide > MAX_SIDE) {
                throw new IllegalArgumentException("WorkingSize.maxSide must be in multiple (" + multiple + ").." + MAX_SIDE
                        + ", was " + maxSide);
            }
        } else {
            if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
                throw new IllegalArgumentException("WorkingSize width and height must be in 1.." + MAX_SIDE + ", were "
                        + width + "x" + height);
            }
            if ((long) width * height > MAX_PIXELS) {
                throw new IllegalArgumentException("WorkingSize " + width + "x" + height + " has " + (long) width * height
                        + " pixels, more than the " + MAX_PIXELS + " a working size may have");
            }
        }
    }

    /**
     * A working size without a {@code minSide} (images are never enlarged), as before it existed.
     *
     * @param adaptive whether the size follows the image
     * @param width the fixed width (0 when adaptive)
     * @param height the fixed height (0 when adaptive)
     * @param multiple the stride that adaptive sides must be multiples of (1 when fixed)
     * @param maxSide the largest adaptive side (0 when fixed)
     */
    public WorkingSize(boolean adaptive, int width, int height, int multiple, int maxSide) {
        this(adaptive, width, height, multiple, maxSide, 0);
    }

    /** A fixed working size of {@code width} x {@code height}. */
    public static WorkingSize fixed(int width, int height) {
        return new WorkingSize(false, width, height, 1, 0);
    }

    /** A working size that follows the image: sides multiples of {@code multiple}, at most {@code maxSide}. */
    public static WorkingSize adaptive(int multiple, int maxSide) {
        return new WorkingSize(true, 0, 0, multiple, maxSide, 0);
    }

    /**
     * This adaptive size, enlarging images whose shorter side is below {@code side}.
     *
     * @param side the shorter side small images are enlarged to, 0 to never enlarge; at most maxSide
     * @return the new working size
     * @throws IllegalArgumentException if this size is fixed, or {@code side} is out of range
     */
    public WorkingSize withMinSide(int side) {
        if (!adaptive) {
            throw new IllegalArgumentException("a fixed WorkingSize has no minSide");
        }
        return new WorkingSize(true, 0, 0, multiple, maxSide, side);
    }

    /**
     * The working size for an image of {@code imageWidth} x {@code imageHeight}.
     *
     * @return {width, height}
     */
    public int[] resolve(int imageWidth, int imageHeight) {
        if (!adaptive) {
            return new int[] {width, height};
        }
        double scale = scale(imageWidth, imageHeight);
        return new int[] {snap(imageWidth * scale), snap(imageHeight * scale)};
    }

    /** The factor an adaptive size scales an image by, before rounding to the multiple. */
    private double scale(int imageWidth, int imageHeight) {
        double fit = (double) maxSide / Math.max(imageWidth, imageHeight);
        double scale = Math.min(1.0, fit);
        int shorter = Math.min(imageWidth, imageHeight);
        if (minSide > 0 && shorter * scale < minSide) {
            scale = Math.min((double) minSide / shorter, fit);
        }
        return scale;
    }

    /**
     * Whether an image of {@code imageWidth} x {@code imageHeight} is enlarged to reach {@link #minSide()}:
     * rounding to the multiple alone does not count, nor does an image that still has to shrink to fit
     * into maxSide.
     *
     * @return true if this adaptive size scales the image up because of its minSide
     */
    public boolean enlarges(int imageWidth, int imageHeight) {
        return adaptive && minSide > 0 && scale(imageWidth, imageHeight) > 1.0;
    }

    private int snap(double side) {
        int n = (int) Math.round(side / multiple);
        int max = maxSide / multiple;
        return Math.max(1, Math.min(n, max)) * multiple;
    }
}
