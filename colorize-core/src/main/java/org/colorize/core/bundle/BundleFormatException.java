package org.colorize.core.bundle;

/**
 * A model bundle could not be read: it is truncated or corrupt, not a colorize bundle, or of a format
 * version this library does not read. The message names the file and what is wrong.
 */
public class BundleFormatException extends java.io.IOException {

    /** @param message names the bundle and what is wrong with it */
    public BundleFormatException(String message) {
        super(message);
    }

    /**
     * @param message names the bundle and what is wrong with it
     * @param cause the underlying failure
     */
    public BundleFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
