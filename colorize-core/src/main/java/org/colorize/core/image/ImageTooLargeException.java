package org.colorize.core.image;

import java.io.IOException;

/**
 * An image whose header declares more pixels than the limit ({@link ImageReadOptions#maxPixels()}). It
 * is thrown before any pixel is decoded, so refusing even a 30000x30000 image costs a few bytes of
 * reading. The message names the file, its size and the limit.
 */
public final class ImageTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int width;
    private final int height;
    private final long limit;

    /**
     * @param file names the image (a path, or e.g. "standard input")
     * @param width the width its header declares
     * @param height the height its header declares
     * @param limit the pixel limit it exceeds
     */
    public ImageTooLargeException(String file, int width, int height, long limit) {
        super(file + ": the image is " + width + "x" + height + " (" + ((long) width * height) + " pixels); the limit is "
                + limit + " pixels (raise it with --max-pixels or ImageReadOptions.withMaxPixels)");
        this.file = file;
        this.width = width;
        this.height = height;
        this.limit = limit;
    }

    /** @return the image's name, as given to the reader */
    public String file() {
        return file;
    }

    /** @return the width its header declares */
    public int width() {
        return width;
    }

    /** @return the height its header declares */
    public int height() {
        return height;
    }

    /** @return the pixel limit it exceeds */
    public long limit() {
        return limit;
    }
}
