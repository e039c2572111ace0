package org.colorize.core.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.colorize.core.io.AtomicFiles;

/**
 * Reading and writing image files with errors that name the file, and atomic writes (a temporary
 * file beside the target, then a move), so that an interrupted write never leaves a partial image.
 */
public final class Images {

    private Images() {
    }

    /**
     * Reads an image file (PNG, JPEG, BMP, GIF, or any format an ImageIO plugin on the classpath reads).
     *
     * @param file the file
     * @return the image
     * @throws NoSuchFileException if the file does not exist
     * @throws IOException naming the file, if it is not a readable image
     */
    public static BufferedImage read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "image file not found");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory, not an image file");
        }
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": not a readable image (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new IOException(file + ": not a readable image (no ImageIO reader recognises its format; "
                    + "supported: PNG, JPEG, BMP, GIF)");
        }
        return img;
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
