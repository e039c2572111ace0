package org.colorize.core.image;

/**
 * What reading an image file may cost and accept: the largest image in pixels, read from the file's
 * header before anything is decoded, and whether an image the decoder reports as incomplete (a JPEG cut
 * short, corrupt data) is accepted.
 *
 * <pre>{@code
 * BufferedImage img = Images.read(file, ImageReadOptions.defaults().withMaxPixels(20_000_000));
 * }</pre>
 *
 * @param maxPixels the largest width x height accepted (default {@value #DEFAULT_MAX_PIXELS}: 100
 *     megapixels, about 1.6 GB of heap to colorize); at least 1
 * @param allowPartial whether an image the decoder warns is incomplete or corrupt is returned as decoded
 *     (its missing part usually gray) instead of refused with {@link PartialImageException} (default false)
 */
public record ImageReadOptions(long maxPixels, boolean allowPartial) {

    /** The default pixel limit: 100 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    /**
     * @throws IllegalArgumentException naming the option, if maxPixels is below 1
     */
    public ImageReadOptions {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be >= 1, was " + maxPixels);
        }
    }

    /** @return 100 megapixels, incomplete images refused */
    public static ImageReadOptions defaults() {
        return new ImageReadOptions(DEFAULT_MAX_PIXELS, false);
    }

    /**
     * @param pixels the largest width x height accepted, at least 1
     * @return a copy with this pixel limit
     */
    public ImageReadOptions withMaxPixels(long pixels) {
        return new ImageReadOptions(pixels, allowPartial);
    }

    /**
     * @param allow whether incomplete images are accepted
     * @return a copy with this choice
     */
    public ImageReadOptions withAllowPartial(boolean allow) {
        return new ImageReadOptions(maxPixels, allow);
    }
}
