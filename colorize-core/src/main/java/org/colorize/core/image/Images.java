package org.colorize.core.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.colorize.core.internal.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reading and writing image files with errors that name the file, and atomic writes (a temporary
 * file beside the target, then a move), so that an interrupted write never leaves a partial image.
 *
 * <p>Reading takes photos as users have them:
 * <ul>
 *   <li>Formats: PNG, JPEG (also CMYK and Adobe YCCK), BMP, GIF (its first frame), TIFF and WebP, through
 *       ImageIO and the TwelveMonkeys plugins on the classpath.</li>
 *   <li>Size: the width and height are read from the header first; an image over
 *       {@link ImageReadOptions#maxPixels()} (default 100 megapixels) is refused with
 *       {@link ImageTooLargeException} before any pixel is decoded.</li>
 *   <li>Damage: a decoder warning of missing or corrupt data (a JPEG cut short) refuses the image with
 *       {@link PartialImageException}, unless {@link ImageReadOptions#allowPartial()}.</li>
 *   <li>Orientation: the EXIF orientation of a JPEG, TIFF or WebP is applied, so a portrait phone photo
 *       comes back upright (width and height swapped for orientations 5 to 8).</li>
 *   <li>Colour: colour images in any other colour space than sRGB (CMYK, YCCK, an embedded ICC
 *       profile such as Adobe RGB) are converted to sRGB ({@link #toSrgb}). Gray images keep their
 *       samples, taken as sRGB-encoded gray.</li>
 * </ul>
 *
 * <pre>{@code
 * BufferedImage photo = Images.read(Path.of("portrait.jpg"));                  // upright, sRGB, <= 100 MP
 * BufferedImage big = Images.read(Path.of("scan.tif"), ImageReadOptions.defaults().withMaxPixels(400_000_000));
 * }</pre>
 */
public final class Images {

    private static final Logger LOG = LoggerFactory.getLogger(Images.class);

    /** The formats read, for messages. */
    static final String FORMATS = "PNG, JPEG, BMP, GIF, TIFF, WebP";

    private Images() {
    }

    /**
     * Reads an image file with the default options ({@link ImageReadOptions#defaults()}): upright,
     * in sRGB, at most 100 megapixels, complete.
     *
     * @param file the file
     * @return the image
     * @throws NoSuchFileException if the file does not exist
     * @throws ImageTooLargeException if its header declares more than 100 megapixels
     * @throws PartialImageException if the decoder reports missing or corrupt data
     * @throws IOException naming the file, if it is not a readable image
     */
    public static BufferedImage read(Path file) throws IOException {
        return read(file, ImageReadOptions.defaults());
    }

    /**
     * Reads an image file.
     *
     * @param file the file
     * @param options the pixel limit and whether incomplete images are accepted
     * @return the image: upright (EXIF orientation applied), colour in sRGB
     * @throws NoSuchFileException if the file does not exist
     * @throws ImageTooLargeException if its header declares more pixels than {@code options.maxPixels()}
     * @throws PartialImageException if the decoder reports missing or corrupt data and
     *     {@code options.allowPartial()} is false
     * @throws IOException naming the file, if it is not a readable image
     */
    public static BufferedImage read(Path file, ImageReadOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "image file not found");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory, not an image file");
        }
        ImageInputStream in;
        try {
            in = ImageIO.createImageInputStream(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": cannot be opened (" + e.getMessage() + ")", e);
        }
        if (in == null) {
            throw new IOException(file + ": cannot be opened");
        }
        try (in) {
            return decode(in, file.toString(), options);
        }
    }

    /**
     * Reads an image from a stream (read to its end or to the end of the image; not closed). What has
     * been read is cached in memory, never in a temporary file.
     *
     * @param stream the image's bytes
     * @param name names the image in messages, e.g. a path, URL or "standard input"
     * @param options the pixel limit and whether incomplete images are accepted
     * @return the image: upright (EXIF orientation applied), colour in sRGB
     * @throws ImageTooLargeException if its header declares more pixels than {@code options.maxPixels()}
     * @throws PartialImageException if the decoder reports missing or corrupt data and
     *     {@code options.allowPartial()} is false
     * @throws IOException naming the image, if it is not a readable image
     */
    public static BufferedImage read(InputStream stream, String name, ImageReadOptions options) throws IOException {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(options, "options");
        // cached in memory, never in a temporary file
        try (ImageInputStream in = new MemoryCacheImageInputStream(stream)) {
            return decode(in, name, options);
        }
    }

    /**
     * Reads only the header of an image: its format's reader and its stored width and height (before
     * any EXIF orientation). Costs a few bytes of reading whatever the image's size.
     *
     * @param file the file
     * @return {@code {width, height}} as stored
     * @throws IOException naming the file, if it is missing or not an image this library reads
     */
    public static int[] size(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "image file not found");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException(file + ": cannot be opened");
            }
            ImageReader reader = readerFor(in, file.toString());
            try {
                reader.setInput(in, true, true);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } catch (IOException | RuntimeException e) {
                throw new IOException(file + ": not a readable image header (" + e + ")", e);
            } finally {
                reader.dispose();
            }
        }
    }

    private static ImageReader readerFor(ImageInputStream in, String name) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new IOException(name + ": not a readable image (no ImageIO reader recognises its format; "
                    + "supported: " + FORMATS + ")");
        }
        return readers.next();
    }

    private static BufferedImage decode(ImageInputStream in, String name, ImageReadOptions options) throws IOException {
        int orientation = Orientation.read(in);
        ImageReader reader = readerFor(in, name);
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        int w = 0, h = 0;
        BufferedImage image;
        try {
            reader.setInput(in, true, true);
            w = reader.getWidth(0);
            h = reader.getHeight(0);
            if (w < 1 || h < 1) {
                throw new IOException(name + ": not a readable image (its header declares " + w + "x" + h + ")");
            }
            if ((long) w * h > options.maxPixels()) {
                throw new ImageTooLargeException(name, w, h, options.maxPixels());
            }
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            image = reader.read(0, reader.getDefaultReadParam());
        } catch (ImageTooLargeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage();
            if (m != null && m.startsWith(name + ": ")) {
                throw e instanceof IOException io ? io : new IOException(m, e);
            }
            throw new IOException(name + ": not a readable image (" + e + ")", e);
        } catch (OutOfMemoryError e) {
            throw new IOException(name + ": decoding the " + w + "x" + h + " image needs more memory than the heap has "
                    + "(lower --max-pixels, or give Java more memory with -Xmx)", e);
        } finally {
            reader.dispose();
        }
        if (image == null) {
            throw new IOException(name + ": not a readable image (the reader returned nothing)");
        }
        List<String> damage = warnings.stream().filter(Images::isDataLoss).toList();
        if (!damage.isEmpty()) {
            if (!options.allowPartial()) {
                throw new PartialImageException(name, damage);
            }
            LOG.warn("{}: incomplete or corrupt, used as decoded (allowPartial): {}", name, damage);
        }
        for (String warning : warnings) {
            if (!damage.contains(warning)) {
                LOG.debug("{}: decoder warning: {}", name, warning);
            }
        }
        try {
            return Orientation.apply(toSrgb(image), orientation);
        } catch (OutOfMemoryError e) {
            throw new IOException(name + ": converting the " + w + "x" + h + " image needs more memory than the heap has",
                    e);
        }
    }

    /**
     * Whether a decoder warning says pixels are missing or wrong: the image ended early, or its
     * compressed data is corrupt. Benign warnings (extraneous bytes between markers, an odd ICC profile
     * or metadata segment) are not.
     */
    static boolean isDataLoss(String warning) {
        String w = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
        if (w.contains("extraneous bytes")) {
            return false;
        }
        return w.contains("premature") || w.contains("truncat") || w.contains("end of file") || w.contains("end of data")
                || w.contains("end of stream") || w.contains("eof") || w.contains("corrupt jpeg data")
                || w.contains("huffman");
    }

    /**
     * The image in sRGB: a colour image in another colour space (CMYK, YCCK, linear RGB, an ICC profile
     * such as Adobe RGB) is converted through its profile to a {@code TYPE_INT_RGB} image
     * ({@code TYPE_INT_ARGB} with its alpha when it has alpha). sRGB and gray images are returned as they
     * are: gray samples are taken as sRGB-encoded gray, what a gray PNG or JPEG means.
     *
     * @param image any image
     * @return the image in sRGB ({@code image} itself when it already is)
     */
    public static BufferedImage toSrgb(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        ColorSpace cs = cm.getColorSpace();
        if (cs.isCS_sRGB() || cs.getType() == ColorSpace.TYPE_GRAY) {
            return image;
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(),
                cm.hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        new ColorConvertOp(null).filter(image, out);
        return out;
    }

    /**
     * Writes an image atomically. The format comes from the file's extension (png, jpg/jpeg, bmp, gif);
     * PNG when there is none.
     *
     * @param image the image
     * @param file the target (its parent folder is created when missing)
     * @throws IOException if it cannot be written, or no writer exists for the format
     */
    public static void write(BufferedImage image, Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        String format = formatOf(abs);
        AtomicFiles.write(abs, out -> write(image, format, out, abs.toString()));
    }

    /**
     * Writes an image to a stream in the given format.
     *
     * @param image the image
     * @param format an ImageIO format name, e.g. {@code png}
     * @param out the stream (not closed)
     * @param name names the destination in error messages
     * @throws IOException if no writer exists or writing fails
     */
    public static void write(BufferedImage image, String format, OutputStream out, String name) throws IOException {
        BufferedImage toWrite = image;
        if (!format.equals("png") && !format.equals("gif") && image.getColorModel().hasAlpha()) {
            // JPEG and BMP writers refuse alpha: drop it.
            toWrite = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            int[] row = new int[image.getWidth()];
            for (int y = 0; y < image.getHeight(); y++) {
                image.getRGB(0, y, image.getWidth(), 1, row, 0, image.getWidth());
                toWrite.setRGB(0, y, image.getWidth(), 1, row, 0, image.getWidth());
            }
        }
        if (!ImageIO.write(toWrite, format, out)) {
            throw new IOException(name + ": no image writer for format '" + format + "'");
        }
    }

    static String formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "png" : name.substring(dot + 1);
        return switch (ext) {
            case "jpg", "jpeg" -> "jpeg";
            case "png", "bmp", "gif" -> ext;
            default -> "png";
        };
    }
}
