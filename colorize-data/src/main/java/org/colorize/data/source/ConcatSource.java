package org.colorize.data.source;

import java.util.Arrays;

/** Several sources one after the other, from {@link ImageSource#concat(ImageSource...)}. */
final class ConcatSource implements ImageSource {

    private final ImageSource[] parts;
    private final int[] starts;
    private final int size;

    ConcatSource(ImageSource[] parts) {
        this.parts = parts;
        this.starts = new int[parts.length];
        long total = 0;
        for (int i = 0; i < parts.length; i++) {
            starts[i] = (int) total;
            total += parts[i].size();
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the sources together hold more than " + Integer.MAX_VALUE + " pictures");
            }
        }
        this.size = (int) total;
    }

    private int part(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " of a source of " + size);
        }
        int p = Arrays.binarySearch(starts, index);
        if (p < 0) {
            p = -p - 2;
        }
        while (p + 1 < starts.length && starts[p + 1] == index) {
            p++; // skip empty parts that start at the same index
        }
        return p;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public LabeledImage get(int index) {
        int p = part(index);
        return parts[p].get(index - starts[p]);
    }

    @Override
    public String origin(int index) {
        int p = part(index);
        return parts[p].origin(index - starts[p]);
    }

    @Override
    public int skippedCount() {
        int n = 0;
        for (ImageSource s : parts) {
            n += s.skippedCount();
        }
        return n;
    }

    @Override
    public String toString() {
        return "Concat" + Arrays.toString(parts);
    }
}
