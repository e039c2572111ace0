package org.colorize.data.source;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.colorize.core.image.Images;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image files of a folder and all its sub-folders: PNG, JPEG, BMP, GIF, TIFF and WebP (by
 * extension, case-insensitive), in the order of their relative paths, so the index of a file is the same on
 * every run and platform. Files are read as {@link Images#read(Path)} reads them: upright (EXIF
 * orientation applied), CMYK and ICC-profiled colour in sRGB, refused when over 100 megapixels or
 * incomplete; any {@link BufferedImage} type is then taken (see {@link RgbImage#of}).
 *
 * <p>Opening reads each file's header: a file that is not a readable image is left out with one
 * warning naming it. A file that passes but fails to decode later is reported the same way when it
 * is read ({@link #get(int)} throws {@link ImageReadException}; the iterators skip it). Either way
 * {@link #skippedCount()} counts it and {@link #skippedFiles()} names it; an epoch never fails
 * because of one bad file.
 *
 * <pre>{@code
 * FolderSource photos = FolderSource.open(Path.of("photos"));
 * System.out.println(photos.size() + " images, " + photos.skippedCount() + " skipped");
 * }</pre>
 */
public final class FolderSource implements ImageSource {

    private static final Logger LOG = LoggerFactory.getLogger(FolderSource.class);

    /** The file extensions read, lower case. */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif", "tif", "tiff", "webp");

    private final Path root;
    private final List<Path> files;
    private final Set<Path> skipped = ConcurrentHashMap.newKeySet();

    private FolderSource(Path root, List<Path> files, List<Path> badAtOpen) {
        this.root = root;
        this.files = files;
        skipped.addAll(badAtOpen);
    }

    /**
     * Lists the image files under {@code root} (recursively, not following symbolic links) and reads
     * their headers.
     *
     * @param root a folder
     * @return the source
     * @throws IllegalArgumentException if root is not a folder
     * @throws UncheckedIOException if the folder cannot be listed
     */
    public static FolderSource open(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("image folder " + root + " is not a directory");
        }
        List<Path> candidates = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).filter(FolderSource::hasImageExtension).forEach(candidates::add);
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("cannot list image folder " + root + ": " + e.getMessage(),
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
        candidates.sort((a, b) -> relative(root, a).compareTo(relative(root, b)));
        return probed(root, candidates);
    }

    /**
     * A source over the given image files, in the given order (a DataVec split's order, say). Files
     * whose header does not read as an image are left out with a warning, as {@link #open} does.
     *
     * @param root the folder the files are named relative to in messages (their common parent)
     * @param files the files
     * @return the source
     */
    public static FolderSource of(Path root, List<Path> files) {
        return probed(root, new ArrayList<>(files));
    }

    private static FolderSource probed(Path root, List<Path> candidates) {
        List<Path> good = new ArrayList<>(candidates.size());
        List<Path> bad = new ArrayList<>();
        for (Path file : candidates) {
            String problem = probe(file);
            if (problem == null) {
                good.add(file);
            } else {
                LOG.warn("Skipping {}: {}", file, problem);
                bad.add(file);
            }
        }
        return new FolderSource(root, List.copyOf(good), bad);
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static boolean hasImageExtension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** @return null when the header reads as an image, else what is wrong */
    private static String probe(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                return "cannot open the file";
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return "not an image in a format Java can read";
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0), h = reader.getHeight(0);
                if (w < 1 || h < 1) {
                    return "image of size " + w + "x" + h;
                }
                return null;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return "unreadable header (" + e + ")";
        }
    }

    /** @return the folder this source lists */
    public Path root() {
        return root;
    }

    /** @return the readable files, in index order */
    public List<Path> files() {
        return files;
    }

    /**
     * @param index in {@code [0, size())}
     * @return the file of picture {@code index}
     */
    public Path file(int index) {
        return files.get(index);
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public LabeledImage get(int index) {
        Path file = files.get(index);
        BufferedImage image;
        try {
            // upright (EXIF orientation), in sRGB (CMYK, ICC profiles), complete, within the pixel limit
            image = Images.read(file);
        } catch (IOException | RuntimeException e) {
            throw fail(file, "cannot decode (" + e.getMessage() + ")", e);
        } catch (OutOfMemoryError e) {
            throw fail(file, "needs more memory than the heap has", null);
        }
        if (image.getWidth() < 1 || image.getHeight() < 1) {
            throw fail(file, "image of size " + image.getWidth() + "x" + image.getHeight(), null);
        }
        return new LabeledImage(RgbImage.of(image), -1, file.toString());
    }

    private ImageReadException fail(Path file, String problem, Throwable cause) {
        if (skipped.add(file)) {
            LOG.warn("Skipping {}: {}", file, problem);
        }
        return new ImageReadException(file.toString(), problem, cause);
    }

    @Override
    public String origin(int index) {
        return files.get(index).toString();
    }

    @Override
    public int skippedCount() {
        return skipped.size();
    }

    /** @return the files found unreadable so far (at opening or when read), sorted */
    public List<Path> skippedFiles() {
        List<Path> list = new ArrayList<>(skipped);
        Collections.sort(list);
        return list;
    }

    @Override
    public String toString() {
        return "FolderSource[" + root + ", " + files.size() + " images]";
    }
}
