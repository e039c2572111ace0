package org.colorize.data.source;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Pictures held in memory. The images are converted to {@link RgbImage} once, when the source is
 * made, so later changes to the given images are not seen.
 *
 * <pre>{@code
 * ImageSource source = ListSource.of(List.of(ImageIO.read(a), ImageIO.read(b)));
 * }</pre>
 */
public final class ListSource implements ImageSource {

    private final List<RgbImage> images;
    private final int[] labels;

    private ListSource(List<RgbImage> images, int[] labels) {
        this.images = images;
        this.labels = labels;
    }

    /**
     * @param images the pictures, any {@link BufferedImage} type; none null
     * @return a source of them, without labels
     */
    public static ListSource of(List<? extends BufferedImage> images) {
        return of(images, null);
    }

    /**
     * @param images the pictures, any {@link BufferedImage} type; none null
     * @param labels one label per picture, or null for none (each then -1)
     * @return a source of them
     */
    public static ListSource of(List<? extends BufferedImage> images, int[] labels) {
        Objects.requireNonNull(images, "images");
        List<RgbImage> converted = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            BufferedImage image = images.get(i);
            if (image == null) {
                throw new NullPointerException("images[" + i + "] is null");
            }
            converted.add(RgbImage.of(image));
        }
        return ofRgb(converted, labels);
    }

    /**
     * @param images the pictures; none null (shared, not copied)
     * @param labels one label per picture, or null for none (each then -1)
     * @return a source of them
     */
    public static ListSource ofRgb(List<RgbImage> images, int[] labels) {
        List<RgbImage> copy = List.copyOf(images);
        if (labels != null && labels.length != copy.size()) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries for " + copy.size() + " images");
        }
        return new ListSource(copy, labels == null ? null : labels.clone());
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public LabeledImage get(int index) {
        return new LabeledImage(images.get(index), labels == null ? -1 : labels[index], origin(index));
    }

    @Override
    public String origin(int index) {
        return "image #" + index;
    }

    @Override
    public String toString() {
        return "ListSource[" + images.size() + " images]";
    }
}
