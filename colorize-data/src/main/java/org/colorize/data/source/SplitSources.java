package org.colorize.data.source;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.datavec.api.split.InputSplit;

/**
 * Bridges between DataVec's {@link InputSplit} and our {@link ImageSource}, both ways, so that DL4J users
 * who build pipelines from DataVec meet colorize where they are.
 *
 * <pre>{@code
 * // a DataVec split (extension filter, shuffled with a seed) as a colorize source
 * InputSplit split = new FileSplit(new File("photos"), new String[] {"jpg", "png"}, new Random(42));
 * ImageSource photos = SplitSources.source(split);
 *
 * // any colorize source as a DataVec split (for ColorizationRecordReader, or any reader of image streams)
 * InputSplit cifar = SplitSources.split(CifarSource.open(batch1));
 * }</pre>
 */
public final class SplitSources {

    /** The URI scheme of the locations of {@link #split(ImageSource)}: {@code colorize-source:/INDEX}. */
    public static final String SCHEME = "colorize-source";

    private SplitSources() {
    }

    /**
     * The image files of a DataVec split, in the split's order, as a source. Files whose header does not
     * read as an image are left out with a warning.
     *
     * @param split a split of {@code file:} locations (FileSplit, CollectionInputSplit, ...)
     * @return the source
     * @throws IllegalArgumentException naming the location, if one is not a local file
     */
    public static FolderSource source(InputSplit split) {
        Objects.requireNonNull(split, "split");
        List<Path> files = new ArrayList<>();
        for (URI uri : split.locations()) {
            if (!"file".equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException("split location " + uri + " is not a file: only file: locations can be read"
                        + " as images (use SplitSources.split's own locations through ColorizationRecordReader)");
            }
            files.add(Path.of(uri));
        }
        return FolderSource.of(commonParent(files), files);
    }

    private static Path commonParent(List<Path> files) {
        if (files.isEmpty()) {
            return Path.of(".");
        }
        Path p = files.get(0).toAbsolutePath().getParent();
        for (Path f : files) {
            while (p != null && !f.toAbsolutePath().startsWith(p)) {
                p = p.getParent();
            }
        }
        return p == null ? Path.of("/") : p;
    }

    /**
     * A source as a DataVec split: location {@code i} is {@code colorize-source:/i}, and
     * {@link InputSplit#openInputStreamFor} gives the picture as PNG bytes. Read-only.
     *
     * @param source the pictures
     * @return the split
     */
    public static SourceSplit split(ImageSource source) {
        return new SourceSplit(Objects.requireNonNull(source, "source"));
    }

    /**
     * An {@link ImageSource} seen as a read-only DataVec {@link InputSplit}. {@link #source()} gives the
     * source back, which {@code ColorizationRecordReader} uses directly (no PNG round trip).
     */
    public static final class SourceSplit implements InputSplit {
        private final ImageSource source;

        private SourceSplit(ImageSource source) {
            this.source = source;
        }

        /** @return the source this split lists */
        public ImageSource source() {
            return source;
        }

        /** @return the index of a location of this split */
        static int index(String location) {
            URI uri = URI.create(location);
            if (!SCHEME.equals(uri.getScheme())) {
                throw new IllegalArgumentException("not a " + SCHEME + " location: " + location);
            }
            return Integer.parseInt(uri.getPath().substring(1));
        }

        @Override
        public boolean canWriteToLocation(URI location) {
            return false;
        }

        @Override
        public String addNewLocation() {
            throw new UnsupportedOperationException("a colorize source split is read-only");
        }

        @Override
        public String addNewLocation(String location) {
            throw new UnsupportedOperationException("a colorize source split is read-only");
        }

        @Override
        public void updateSplitLocations(boolean reset) {
            // the source is fixed
        }

        @Override
        public boolean needsBootstrapForWrite() {
            return false;
        }

        @Override
        public void bootStrapForWrite() {
            throw new UnsupportedOperationException("a colorize source split is read-only");
        }

        @Override
        public OutputStream openOutputStreamFor(String location) {
            throw new UnsupportedOperationException("a colorize source split is read-only");
        }

        /** @return the picture at the location, encoded as PNG */
        @Override
        public InputStream openInputStreamFor(String location) {
            BufferedImage image = source.get(index(location)).image().toBufferedImage();
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            try {
                ImageIO.write(image, "png", png);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot encode " + source.origin(index(location)) + " as PNG", e);
            }
            return new ByteArrayInputStream(png.toByteArray());
        }

        @Override
        public long length() {
            return source.size();
        }

        @Override
        public URI[] locations() {
            URI[] uris = new URI[source.size()];
            for (int i = 0; i < uris.length; i++) {
                uris[i] = URI.create(SCHEME + ":/" + i);
            }
            return uris;
        }

        @Override
        public Iterator<URI> locationsIterator() {
            return Arrays.asList(locations()).iterator();
        }

        @Override
        public Iterator<String> locationsPathIterator() {
            return Arrays.stream(locations()).map(URI::toString).iterator();
        }

        @Override
        public void reset() {
            // the order is fixed
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public String toString() {
            return "SourceSplit[" + source + "]";
        }
    }
}
