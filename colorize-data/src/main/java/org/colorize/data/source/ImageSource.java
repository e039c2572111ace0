package org.colorize.data.source;

/**
 * A fixed-size, random-access list of colour pictures. Implementations must be safe for concurrent
 * {@link #get(int)} calls: the iterators decode on several threads.
 *
 * <pre>{@code
 * ImageSource photos = FolderSource.open(Path.of("photos"));
 * RgbImage first = photos.get(0).image();
 * }</pre>
 */
public interface ImageSource {

    /** @return the number of pictures */
    int size();

    /**
     * Reads one picture.
     *
     * @param index in {@code [0, size())}
     * @return the picture and its label
     * @throws ImageReadException if this picture cannot be read or decoded (the source has then
     *     logged a warning naming it and counted it in {@link #skippedCount()})
     * @throws IndexOutOfBoundsException if index is out of range
     */
    LabeledImage get(int index);

    /**
     * @param index in {@code [0, size())}
     * @return where picture {@code index} comes from, for messages (a file, or file and record)
     */
    default String origin(int index) {
        return "#" + index;
    }

    /** @return how many distinct pictures were found unreadable so far (0 for sources that cannot fail) */
    default int skippedCount() {
        return 0;
    }

    /**
     * The pictures of several sources one after the other, e.g. photos mixed with CIFAR-10 for training
     * (the iterator shuffles across all of them).
     *
     * @param sources the sources, at least one
     * @return a source of their pictures, indexed from 0 in the order given
     * @throws IllegalArgumentException if no source is given, or they hold more than {@code Integer.MAX_VALUE}
     *     pictures together
     */
    static ImageSource concat(ImageSource... sources) {
        if (sources.length == 0) {
            throw new IllegalArgumentException("concat needs at least one source");
        }
        for (int i = 0; i < sources.length; i++) {
            java.util.Objects.requireNonNull(sources[i], "source " + i);
        }
        return new ConcatSource(sources.clone());
    }

    /**
     * A view of the pictures {@code [from, to)} of this source, indexed from 0.
     *
     * @param from first index, inclusive
     * @param to last index, exclusive
     * @return the view
     */
    default ImageSource range(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") of a source of " + size());
        }
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return new SubsetSource(this, indices);
    }

    /**
     * A view of the given pictures of this source, in the given order, indexed from 0.
     *
     * @param indices indices into this source (copied)
     * @return the view
     */
    default ImageSource subset(int... indices) {
        int[] copy = indices.clone();
        for (int i : copy) {
            if (i < 0 || i >= size()) {
                throw new IndexOutOfBoundsException("index " + i + " of a source of " + size());
            }
        }
        return new SubsetSource(this, copy);
    }
}
