package org.colorize.training.eval;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.colorize.core.image.ImageTensors;
import org.colorize.core.image.Images;

/**
 * A side-by-side picture of colorization results: three panels, left to right the ground truth, the
 * gray input and the colorized output, each a grid of the first {@link Options#images()} images (the
 * layout of the reference CIFAR tutorial, which shows its first 100 test images as three 10x10 grids).
 *
 * <pre>{@code
 * ComparisonGrid.write(truth, gray, colorized, Path.of("grid.png"),
 *         ComparisonGrid.Options.defaults().columns(10).scale(3));
 * }</pre>
 *
 * <p>Geometry, in pixels: every cell is as large as the largest image, times {@code scale}; image
 * {@code i} sits at the top-left corner of the cell in column {@code i % columns}, row
 * {@code i / columns} of each panel, upscaled by pixel replication (nearest neighbour), so small images
 * stay sharp and every pixel of the truth panel is a pixel of a truth image. Panels are separated by
 * {@link #GAP} white pixels; with labels, a white strip of {@link #LABEL_HEIGHT} pixels above the
 * panels names them. Gray images are read from their samples (a gray value of 128 is drawn as
 * RGB 128, 128, 128).
 */
public final class ComparisonGrid {

    /** White space between two panels, in pixels (not scaled). */
    public static final int GAP = 8;
    /** Height of the label strip above the panels, in pixels (not scaled). */
    public static final int LABEL_HEIGHT = 16;
    /** The titles of the three panels, left to right. */
    public static final List<String> TITLES = List.of("ground truth", "gray input", "colorized");

    private static final int BACKGROUND = 0xFFFFFF;

    private ComparisonGrid() {
    }

    /**
     * How a grid is laid out. Immutable; the one-argument methods return a copy with one option changed.
     *
     * @param images how many images, from the first, to show (&gt;= 1; default 100)
     * @param columns images a row of each panel (&gt;= 1; default 10); fewer when there are fewer images
     * @param scale integer upscaling factor by pixel replication (1..64; default 1, use 3 for CIFAR's 32x32)
     * @param labels whether to draw the label strip naming the panels (default true)
     */
    public record Options(int images, int columns, int scale, boolean labels) {

        /**
         * Validates the options.
         *
         * @param images how many images to show (&gt;= 1)
         * @param columns images a row of each panel (&gt;= 1)
         * @param scale upscaling factor (1..64)
         * @param labels whether to draw the label strip
         * @throws IllegalArgumentException naming the option and value, if one is out of range
         */
        public Options {
            if (images < 1) {
                throw new IllegalArgumentException("images must be >= 1, was " + images);
            }
            if (columns < 1) {
                throw new IllegalArgumentException("columns must be >= 1, was " + columns);
            }
            if (scale < 1 || scale > 64) {
                throw new IllegalArgumentException("scale must be in 1..64, was " + scale);
            }
        }

        /** @return 100 images, 10 columns, scale 1, labels on */
        public static Options defaults() {
            return new Options(100, 10, 1, true);
        }

        /**
         * @param n how many images to show (&gt;= 1)
         * @return a copy with that many images
         */
        public Options images(int n) {
            return new Options(n, columns, scale, labels);
        }

        /**
         * @param n images a row of each panel (&gt;= 1)
         * @return a copy with that many columns
         */
        public Options columns(int n) {
            return new Options(images, n, scale, labels);
        }

        /**
         * @param factor upscaling factor (1..64)
         * @return a copy with that scale
         */
        public Options scale(int factor) {
            return new Options(images, columns, factor, labels);
        }

        /**
         * @param on whether to draw the label strip
         * @return a copy with labels on or off
         */
        public Options labels(boolean on) {
            return new Options(images, columns, scale, on);
        }
    }

    /**
     * Writes a grid with the {@linkplain Options#defaults() default options} to a PNG file, atomically.
     *
     * @param truth the ground-truth images
     * @param gray the gray inputs, at least as many as shown, each of its truth's size
     * @param colorized the colorized outputs, at least as many as shown, each of its truth's size
     * @param png the file to write (its folder is created when missing)
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if a list is too short or sizes differ
     */
    public static void write(List<? extends BufferedImage> truth, List<? extends BufferedImage> gray,
            List<? extends BufferedImage> colorized, Path png) throws IOException {
        write(truth, gray, colorized, png, Options.defaults());
    }

    /**
     * Writes a grid to a PNG file, atomically (see {@link Images#write(BufferedImage, Path)}).
     *
     * @param truth the ground-truth images
     * @param gray the gray inputs, at least as many as shown, each of its truth's size
     * @param colorized the colorized outputs, at least as many as shown, each of its truth's size
     * @param png the file to write (its folder is created when missing)
     * @param options the layout
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if a list is too short or sizes differ
     */
    public static void write(List<? extends BufferedImage> truth, List<? extends BufferedImage> gray,
            List<? extends BufferedImage> colorized, Path png, Options options) throws IOException {
        Objects.requireNonNull(png, "png");
        Images.write(render(truth, gray, colorized, options), png);
    }

    /**
     * Draws a grid.
     *
     * @param truth the ground-truth images (at least one)
     * @param gray the gray inputs, at least as many as shown, each of its truth's size
     * @param colorized the colorized outputs, at least as many as shown, each of its truth's size
     * @param options the layout
     * @return an opaque {@code TYPE_INT_RGB} image of width {@code 3 * columns * cellWidth * scale + 2 * GAP}
     *         and height {@code rows * cellHeight * scale} (+ {@code LABEL_HEIGHT} with labels), where
     *         {@code columns} is at most the number of images shown
     * @throws IllegalArgumentException if a list is too short or sizes differ
     */
    public static BufferedImage render(List<? extends BufferedImage> truth, List<? extends BufferedImage> gray,
            List<? extends BufferedImage> colorized, Options options) {
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(gray, "gray");
        Objects.requireNonNull(colorized, "colorized");
        Objects.requireNonNull(options, "options");
        if (truth.isEmpty()) {
            throw new IllegalArgumentException("truth must hold at least one image");
        }
        int n = Math.min(options.images(), truth.size());
        if (gray.size() < n || colorized.size() < n) {
            throw new IllegalArgumentException("the grid shows " + n + " images but there are " + gray.size()
                    + " gray and " + colorized.size() + " colorized images");
        }
        int cellW = 0, cellH = 0;
        for (int i = 0; i < n; i++) {
            BufferedImage t = truth.get(i);
            for (BufferedImage other : List.of(gray.get(i), colorized.get(i))) {
                if (other.getWidth() != t.getWidth() || other.getHeight() != t.getHeight()) {
                    throw new IllegalArgumentException("image " + i + ": truth is " + t.getWidth() + "x" + t.getHeight()
                            + " but a gray or colorized image is " + other.getWidth() + "x" + other.getHeight());
                }
            }
            cellW = Math.max(cellW, t.getWidth());
            cellH = Math.max(cellH, t.getHeight());
        }
        int s = options.scale();
        int cols = Math.min(options.columns(), n);
        int rows = (n + cols - 1) / cols;
        long panelW = (long) cols * cellW * s, panelH = (long) rows * cellH * s;
        int top = options.labels() ? LABEL_HEIGHT : 0;
        long width = 3 * panelW + 2L * GAP, height = panelH + top;
        if (width * height > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a grid of " + width + "x" + height + " pixels is too large: "
                    + "show fewer images or use a smaller scale");
        }
        BufferedImage out = new BufferedImage((int) width, (int) height, BufferedImage.TYPE_INT_RGB);
        int[] fill = new int[(int) width];
        java.util.Arrays.fill(fill, BACKGROUND);
        for (int y = 0; y < height; y++) {
            out.setRGB(0, y, (int) width, 1, fill, 0, (int) width);
        }
        List<List<? extends BufferedImage>> panels = List.of(truth, gray, colorized);
        for (int p = 0; p < 3; p++) {
            int x0 = (int) (p * (panelW + GAP));
            for (int i = 0; i < n; i++) {
                draw(panels.get(p).get(i), out, x0 + (i % cols) * cellW * s, top + (i / cols) * cellH * s, s);
            }
        }
        if (options.labels()) {
            drawLabels(out, (int) panelW);
        }
        return out;
    }

    /** Draws an image at (x0, y0) with each pixel as an s x s block. */
    private static void draw(BufferedImage image, BufferedImage out, int x0, int y0, int s) {
        int w = image.getWidth(), h = image.getHeight();
        float[] rgb = ImageTensors.rgb(image);
        int[] row = new int[w * s];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = 3 * (y * w + x);
                int c = (to8(rgb[p]) << 16) | (to8(rgb[p + 1]) << 8) | to8(rgb[p + 2]);
                java.util.Arrays.fill(row, x * s, (x + 1) * s, c);
            }
            for (int dy = 0; dy < s; dy++) {
                out.setRGB(x0, y0 + y * s + dy, w * s, 1, row, 0, w * s);
            }
        }
    }

    private static int to8(float v) {
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }

    private static void drawLabels(BufferedImage out, int panelW) {
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setColor(Color.BLACK);
            for (int p = 0; p < 3; p++) {
                int x0 = p * (panelW + GAP);
                g.setClip(x0, 0, panelW, LABEL_HEIGHT);
                g.drawString(TITLES.get(p), x0 + 2, LABEL_HEIGHT - 4);
            }
        } catch (RuntimeException | InternalError e) {
            // No usable font on this machine (a headless server without fontconfig): keep the strip blank.
        } finally {
            g.dispose();
        }
    }
}
