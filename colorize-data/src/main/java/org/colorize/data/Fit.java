package org.colorize.data;

import org.colorize.data.augment.RandomStream;

/** How a picture is brought to the network's input size before augmentation. */
public enum Fit {
    /**
     * The whole picture is resized to the input size, its aspect ratio not kept (as Keras'
     * {@code target_size}); area averaging when shrinking, bilinear when growing. The default.
     */
    RESIZE,
    /** The largest centred region with the input's aspect ratio is cut out and resized to the input size. */
    CENTER_CROP,
    /**
     * A window of the input size at a random position, at the picture's own resolution (a new position
     * for every image and epoch, from the seed). A picture smaller than the input in either side gives
     * instead the largest region of the input's aspect ratio at a random position, resized.
     */
    RANDOM_CROP;

    /**
     * The region of a {@code width x height} picture that becomes the network input.
     *
     * @param width picture width
     * @param height picture height
     * @param outWidth input width
     * @param outHeight input height
     * @param random the image's random stream (used by {@link #RANDOM_CROP} only)
     * @return {x, y, w, h}
     */
    int[] region(int width, int height, int outWidth, int outHeight, RandomStream random) {
        if (this == RESIZE) {
            return new int[] {0, 0, width, height};
        }
        int cw, ch;
        if (this == RANDOM_CROP && width >= outWidth && height >= outHeight) {
            cw = outWidth;
            ch = outHeight;
        } else if ((long) width * outHeight > (long) height * outWidth) {
            ch = height;
            cw = (int) Math.max(1, Math.min(width, Math.round((double) height * outWidth / outHeight)));
        } else {
            cw = width;
            ch = (int) Math.max(1, Math.min(height, Math.round((double) width * outHeight / outWidth)));
        }
        if (this == CENTER_CROP) {
            return new int[] {(width - cw) / 2, (height - ch) / 2, cw, ch};
        }
        int x = random.nextInt(width - cw + 1);
        int y = random.nextInt(height - ch + 1);
        return new int[] {x, y, cw, ch};
    }
}
