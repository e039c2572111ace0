package org.colorize.data.source;

/**
 * An image of a source could not be read or decoded. The iterators skip such an image (the source
 * logs one warning naming it) instead of failing the epoch.
 */
public class ImageReadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The file or item that failed. */
    private final String origin;

    /**
     * @param origin the file or item that failed, as it should appear in messages
     * @param message what is wrong with it
     * @param cause the underlying failure, or null
     */
    public ImageReadException(String origin, String message, Throwable cause) {
        super(origin + ": " + message, cause);
        this.origin = origin;
    }

    /** @return the file or item that failed */
    public String origin() {
        return origin;
    }
}
