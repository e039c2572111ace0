package org.colorize.options;

import org.colorize.core.image.ImageReadOptions;
import picocli.CommandLine.Option;

/**
 * {@code --max-pixels N} and {@code --allow-partial}: how {@code colorize} and {@code colorize spark}
 * read each input image ({@link ImageReadOptions}). Use it with {@code @Mixin ImageReadMixin read;}.
 * ({@code colorize serve} has its own {@code --max-pixels}, with a lower default for a server.)
 */
public final class ImageReadMixin {

    /** The pixel limit's option name, as messages name it. */
    public static final String MAX_PIXELS = "--max-pixels";

    @Option(names = MAX_PIXELS, paramLabel = "N", defaultValue = "" + ImageReadOptions.DEFAULT_MAX_PIXELS,
            description = "Largest image, width x height, read from each file's header before decoding; a larger one "
                    + "fails with a message naming its size (default: ${DEFAULT-VALUE}, 100 megapixels).")
    private long maxPixels = ImageReadOptions.DEFAULT_MAX_PIXELS;

    @Option(names = "--allow-partial",
            description = "Colorize images the decoder reports as incomplete or corrupt (a JPEG cut short) as decoded; "
                    + "by default they fail.")
    private boolean allowPartial;

    /** Makes the options with their defaults; picocli sets them from the command line. */
    public ImageReadMixin() {
    }

    /**
     * @return the largest image in pixels
     * @throws IllegalArgumentException naming {@code --max-pixels} if it is below 1
     */
    public long maxPixels() {
        if (maxPixels < 1) {
            throw new IllegalArgumentException(MAX_PIXELS + " must be >= 1, was " + maxPixels);
        }
        return maxPixels;
    }

    /** @return whether images the decoder reports as incomplete are colorized as decoded */
    public boolean allowPartial() {
        return allowPartial;
    }

    /**
     * @return how to read each image: the pixel limit and whether partial images are accepted
     * @throws IllegalArgumentException naming {@code --max-pixels} if it is below 1
     */
    public ImageReadOptions readOptions() {
        return new ImageReadOptions(maxPixels(), allowPartial);
    }
}
