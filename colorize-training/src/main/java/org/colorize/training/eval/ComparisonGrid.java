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
 * // CIFAR's 32x32 images, three 10x10 panels, each pixel drawn as 3x3
 * ComparisonGrid.write(truth, gray, colorized, Path.of("grid.png"),
 *         ComparisonGrid.Options.defaults().columns(10).scale(3));
 * // photos: one image a row, thumbnails 256 px high, 10 rows a page (grid-1.png, grid-2.png, ...)
 * List<Path> pages = ComparisonGrid.write(truth, gray, colorized, Path.of("grid.png"),
 *         ComparisonGrid.Options.defaults().columns(1).rowHeight(256).perPage(10));
 * }</pre>
 *
 * <p>Geometry, in pixels: every cell is as large as the largest image, times {@code scale}; image
 * {@code i} sits at the top-left corner of the cell in column {@code i % columns}, row
 * {@code i / columns} of each panel, upscaled by pixel replication (nearest neighbour), so small images
 * stay sharp and every pixel of the truth panel is a pixel of a truth image. Panels are separated by
 * {@link #GAP} white pixels; with labels, a white strip of {@link #LABEL_HEIGHT} pixels above the
 * panels names them. Gray images are read from their samples (a gray value of 128 is drawn as
 * RGB 128, 128, 128).
 *
 * <p>With a {@linkplain Options#rowHeight(int) row height}, every image is first made a thumbnail of
 * that height ({@link #thumbnail(BufferedImage, int)}: its aspect kept, area-averaged when shrinking,
 * nearest neighbour when enlarging; {@code scale} is then not used), so a grid of photos stays a
 * picture to look at whatever their size. With {@linkplain Options#perPage(int) pages}, the images are
 * split into several files of at most that many images each.
 *
 * <p>The file's extension picks the format: PNG keeps every pixel (for CIFAR-sized grids); a
 * {@code .jpg} grid of photo thumbnails is about a quarter of the PNG's size (quality
 * {@value #JPEG_QUALITY}, chroma not subsampled).
 */
public final class ComparisonGrid {

    /** White space between two panels, in pixels (not scaled). */
    public static final int GAP = 8;
    /** Height of the label strip above the panels, in pixels (not scaled). */
    public static final int LABEL_HEIGHT = 16;
    /** The titles of the three panels, left to right. */
    public static final List<String> TITLES = List.of("ground truth", "gray input", "colorized");
    /** The JPEG quality of grids written to a {@code .jpg} file (chroma at full resolution, 4:4:4). */
    public static final float JPEG_QUALITY = 0.9f;

    private static final int BACKGROUND = 0xFFFFFF;

    private ComparisonGrid() {
    }

    /**
     * How a grid is laid out. Immutable; the one-argument methods return a copy with one option changed.
     *
     * @param images how many images, from the first, to show (&gt;= 1; default 100)
     * @param columns images a row of each panel (&gt;= 1; default 10); fewer when there are fewer images
     * @param scale integer upscaling factor by pixel replication (1..64; default 1, use 3 for CIFAR's 32x32);
     *        not used with a row height
     * @param labels whether to draw the label strip naming the panels (default true)
     * @param rowHeight 0 (the default) to draw images at their own size times {@code scale}, or the
     *        height in pixels (1..4096) of the thumbnail every image is made into
     * @param perPage 0 (the default) for a single file, or at most this many images a file (&gt;= 1)
     */
    public record Options(int images, int columns, int scale, boolean labels, int rowHeight, int perPage) {

        /**
         * Validates the options.
         *
         * @param images how many images to show (&gt;= 1)
         * @param columns images a row of each panel (&gt;= 1)
         * @param scale upscaling factor (1..64)
         * @param labels whether to draw the label strip
         * @param rowHeight 0, or the thumbnails' height (1..4096)
         * @param perPage 0, or the most images a page (&gt;= 1)
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
            if (rowHeight < 0 || rowHeight > 4096) {
                throw new IllegalArgumentException("rowHeight must be 0 (off) or in 1..4096, was " + rowHeight);
            }
            if (perPage < 0) {
                throw new IllegalArgumentException("perPage must be 0 (one page) or >= 1, was " + perPage);
            }
        }

        /**
         * Options at images' own size on a single page.
         *
         * @param images how many images to show (&gt;= 1)
         * @param columns images a row of each panel (&gt;= 1)
         * @param scale upscaling factor (1..64)
         * @param labels whether to draw the label strip
         * @throws IllegalArgumentException naming the option and value, if one is out of range
         */
        public Options(int images, int columns, int scale, boolean labels) {
            this(images, columns, scale, labels, 0, 0);
        }

        /** @return 100 images, 10 columns, scale 1, labels on, images at their own size, one page */
        public static Options defaults() {
            return new Options(100, 10, 1, true, 0, 0);
        }

        /**
         * @param n how many images to show (&gt;= 1)
         * @return a copy with that many images
         */
        public Options images(int n) {
            return new Options(n, columns, scale, labels, rowHeight, perPage);
        }

        /**
         * @param n images a row of each panel (&gt;= 1)
         * @return a copy with that many columns
         */
        public Options columns(int n) {
            return new Options(images, n, scale, labels, rowHeight, perPage);
        }

        /**
         * @param factor upscaling factor (1..64)
         * @return a copy with that scale
         */
        public Options scale(int factor) {
            return new Options(images, columns, factor, labels, rowHeight, perPage);
        }

        /**
         * @param on whether to draw the label strip
         * @return a copy with labels on or off
         */
        public Options labels(boolean on) {
            return new Options(images, columns, scale, on, rowHeight, perPage);
        }

        /**
         * @param pixels 0 for images at their own size, or the thumbnails' height (1..4096)
         * @return a copy with that row height
         */
        public Options rowHeight(int pixels) {
            return new Options(images, columns, scale, labels, pixels, perPage);
        }

        /**
         * @param n 0 for a single file, or the most images a file (&gt;= 1)
         * @return a copy with that many images a page
         */
        public Options perPage(int n) {
            return new Options(images, columns, scale, labels, rowHeight, n);
        }
    }

    /**
     * Writes a grid with the {@linkplain Options#defaults() default options} to a PNG file, atomically.
     *
     * @param truth the ground-truth images
     * @param gray the gray inputs, at least as many as shown, each of its truth's size
     * @param colorized the colorized outputs, at least as many as shown, each of its truth's size
     * @param png the file to write (its folder is created when missing)
     * @return the file written
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if a list is too short or sizes differ
     */
    public static List<Path> write(List<? extends BufferedImage> truth, List<? extends BufferedImage> gray,
            List<? extends BufferedImage> colorized, Path png) throws IOException {
        return write(truth, gray, colorized, png, Options.defaults());
    }

    /**
     * Writes a grid to PNG files, atomically (see {@link Images#write(BufferedImage, Path)}): to {@code png}
     * when it fits on one page, else to {@link #pageFile(Path, int)} for pages 1, 2, ... (for
     * {@code grid.png}: {@code grid-1.png}, {@code grid-2.png}, ...), each with its own label strip.
     *
     * @param truth the ground-truth images
     * @param gray the gray inputs, at least as many as shown, each of its truth's size
     * @param colorized the colorized outputs, at least as many as shown, each of its truth's size
     * @param png the file to write (its folder is created when missing)
     * @param options the layout
     * @return the files written, in page order
     * @throws IOException if a file cannot be written
     * @throws IllegalArgumentException if a list is too short or sizes differ
     */
    public static List<Path> write(List<? extends BufferedImage> truth, List<? extends BufferedImage> gray,
            List<? extends BufferedImage> colorized, Path png, Options options) throws IOException {
        Objects.requireNonNull(png, "png");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(truth, "truth");
        int n = Math.min(options.images(), truth.size());
        int per = options.perPage() == 0 ? Math.max(n, 1) : options.perPage();
        int pages = Math.max(1, (n + per - 1) / per);
        if (pages == 1) {
            writeImage(render(truth, gray, colorized, options), png);
            return List.of(png);
        }
        java.util.ArrayList<Path> written = new java.util.ArrayList<>();
        for (int p = 0; p < pages; p++) {
            int from = p * per, to = Math.min(n, from + per);
            Path file = pageFile(png, p + 1);
            writeImage(render(truth.subList(from, to), sub(gray, from, to), sub(colorized, from, to),
                    options.images(to - from)), file);
            written.add(file);
        }
        return List.copyOf(written);
    }

    /**
     * The file of one page of a grid written to several: the page number before the extension.
     *
     * @param png the grid's file, e.g. {@code report/grid.png}
     * @param page the page, from 1
     * @return e.g. {@code report/grid-2.png} for page 2
     */
    public static Path pageFile(Path png, int page) {
        String name = png.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name, ext = dot > 0 ? name.substring(dot) : ".png";
        return png.resolveSibling(stem + "-" + page + ext);
    }

    /**
     * PNG (or another format) by the file's extension; JPEG at quality {@value #JPEG_QUALITY} with full
     * resolution chroma (4:4:4: a colour comparison must not have its colour subsampled).
     */
    private static void writeImage(BufferedImage image, Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!name.endsWith(".jpg") && !name.endsWith(".jpeg")) {
            Images.write(image, file);
            return;
        }
        org.colorize.core.internal.AtomicFiles.write(file.toAbsolutePath(), out -> {
            javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
            try (javax.imageio.stream.ImageOutputStream ios = javax.imageio.ImageIO.createImageOutputStream(out)) {
                writer.setOutput(ios);
                javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(JPEG_QUALITY);
                javax.imageio.ImageTypeSpecifier type = javax.imageio.ImageTypeSpecifier.createFromRenderedImage(image);
                javax.imageio.metadata.IIOMetadata meta = writer.getDefaultImageMetadata(type, param);
                String format = "javax_imageio_jpeg_image_1.0";
                org.w3c.dom.Node tree = meta.getAsTree(format);
                org.w3c.dom.NodeList components = ((org.w3c.dom.Element) tree).getElementsByTagName("componentSpec");
                for (int i = 0; i < components.getLength(); i++) {
                    org.w3c.dom.Element c = (org.w3c.dom.Element) components.item(i);
                    c.setAttribute("HsamplingFactor", "1");
                    c.setAttribute("VsamplingFactor", "1");
                }
                meta.setFromTree(format, tree);
                writer.write(null, new javax.imageio.IIOImage(image, null, meta), param);
            } finally {
                writer.dispose();
            }
        });
    }

    private static List<? extends BufferedImage> sub(List<? extends BufferedImage> list, int from, int to) {
        if (list.size() < to) {
            throw new IllegalArgumentException("the grid shows " + to + " images but a list holds " + list.size());
        }
        return list.subList(from, to);
    }

    /**
     * An image as an opaque RGB thumbnail of a given height, its aspect ratio kept (width rounded, at
     * least 1): area-averaged when shrinking, pixel replication when enlarging, a copy at the same size.
     * A gray image is read from its samples, as in the grid.
     *
     * @param image any image
     * @param height the thumbnail's height (&gt;= 1)
     * @return a {@code TYPE_INT_RGB} image {@code height} pixels high
     * @throws IllegalArgumentException if {@code height} is below 1
     */
    public static BufferedImage thumbnail(BufferedImage image, int height) {
        Objects.requireNonNull(image, "image");
        if (height < 1) {
            throw new IllegalArgumentException("height must be >= 1, was " + height);
        }
        int w = image.getWidth(), h = image.getHeight();
        int tw = (int) Math.max(1, Math.round((double) w * height / h));
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        draw(image, rgb, 0, 0, 1);
        if (tw == w && height == h) {
            return rgb;
        }
        BufferedImage out = new BufferedImage(tw, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            if (height < h) {
                g.drawImage(rgb.getScaledInstance(tw, height, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
            } else {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
                g.drawImage(rgb, 0, 0, tw, height, null);
            }
        } finally {
            g.dispose();
        }
        return out;
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
     *         {@code columns} is at most the number of images shown; with a row height, the cells are
     *         those of the thumbnails and {@code scale} is 1
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
        }
        if (options.rowHeight() > 0) {
            int rh = options.rowHeight();
            List<BufferedImage> t = new java.util.ArrayList<>(), g = new java.util.ArrayList<>(), c = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                t.add(thumbnail(truth.get(i), rh));
                g.add(thumbnail(gray.get(i), rh));
                c.add(thumbnail(colorized.get(i), rh));
            }
            return render(t, g, c, options.images(n).rowHeight(0).scale(1));
        }
        for (int i = 0; i < n; i++) {
            cellW = Math.max(cellW, truth.get(i).getWidth());
            cellH = Math.max(cellH, truth.get(i).getHeight());
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
