package org.colorize.core.model;

/**
 * The size at which a network sees an image.
 *
 * <ul>
 *   <li>{@link #fixed(int, int)}: the network has one input size (it has dense layers, or was
 *       trained at one size); every image is resized to it.</li>
 *   <li>{@link #adaptive(int, int)}: the network is fully convolutional; the working size keeps the
 *       image's aspect ratio, its longer side is at most {@code maxSide}, and both sides are
 *       multiples of {@code multiple} (the network's total stride).</li>
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
 */
public record WorkingSize(boolean adaptive, int width, int height, int multiple, int maxSide) {

    /** The longest side a working size may have (a fixed width or height, an adaptive maxSide). */
    public static final int MAX_SIDE = 16384;

    /** The most pixels a fixed working size may have (64 Mi: 8192x8192), so w*h*channels fits an int. */
    public static final int MAX_PIXELS = 1 << 26;

    /**
     * @throws IllegalArgumentException if a size is not positive, maxSide is below multiple, a side is
     *     above {@link #MAX_SIDE}, or a fixed size has more than {@link #MAX_PIXELS} pixels
     */
    public WorkingSize {
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

    /** A fixed working size of {@code width} x {@code height}. */
    public static WorkingSize fixed(int width, int height) {
        return new WorkingSize(false, width, height, 1, 0);
    }

    /** A working size that follows the image: sides multiples of {@code multiple}, at most {@code maxSide}. */
    public static WorkingSize adaptive(int multiple, int maxSide) {
        return new WorkingSize(true, 0, 0, multiple, maxSide);
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
        double scale = Math.min(1.0, (double) maxSide / Math.max(imageWidth, imageHeight));
        return new int[] {snap(imageWidth * scale), snap(imageHeight * scale)};
    }

    private int snap(double side) {
        int n = (int) Math.round(side / multiple);
        int max = maxSide / multiple;
        return Math.max(1, Math.min(n, max)) * multiple;
    }
}
