package org.colorize.data.source;

import java.util.Objects;

/**
 * One picture of a source with its class label.
 *
 * @param image the colour pixels
 * @param label the class label (CIFAR-10 label, CIFAR-100 fine label), or -1 when the source has none
 * @param origin where it came from, for messages (a file path, or a file and record number)
 */
public record LabeledImage(RgbImage image, int label, String origin) {

    /**
     * @param image the colour pixels
     * @param label the class label, or -1
     * @param origin where it came from
     * @throws NullPointerException if image or origin is null
     */
    public LabeledImage {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(origin, "origin");
    }
}
