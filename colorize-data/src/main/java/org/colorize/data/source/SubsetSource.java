package org.colorize.data.source;

/** A view of some pictures of another source. */
final class SubsetSource implements ImageSource {

    private final ImageSource parent;
    private final int[] indices;

    SubsetSource(ImageSource parent, int[] indices) {
        this.parent = parent;
        this.indices = indices;
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public LabeledImage get(int index) {
        return parent.get(indices[index]);
    }

    @Override
    public String origin(int index) {
        return parent.origin(indices[index]);
    }

    @Override
    public int skippedCount() {
        return parent.skippedCount();
    }

    @Override
    public String toString() {
        return "Subset[" + indices.length + " of " + parent + "]";
    }
}
