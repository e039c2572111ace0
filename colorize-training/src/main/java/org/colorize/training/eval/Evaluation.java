package org.colorize.training.eval;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.colorize.core.Colorizer;
import org.colorize.core.color.Lab;
import org.colorize.core.image.DecodedImage;
import org.colorize.core.image.ImageTensors;
import org.colorize.core.image.Images;

/**
 * Evaluates a {@link Colorizer} on colour images: each image is turned into the gray a user would
 * give (luma {@code 0.299R + 0.587G + 0.114B}, rounded to 8 bits, {@code TYPE_BYTE_GRAY}), colorized,
 * and compared with the original; the same metrics are computed for two do-nothing baselines on the
 * same images, so that a model's numbers can be read against them:
 *
 * <ul>
 *   <li><b>gray</b>: the gray input itself, replicated to R = G = B;</li>
 *   <li><b>L with ab = 0</b>: the original image's own CIE L* with a* = b* = 0, converted to 8-bit
 *       sRGB (the best a Lab model that predicts no colour could do, since it keeps the true
 *       lightness; a colorizer fed the 8-bit gray only knows that gray's lightness);</li>
 *   <li><b>ground truth</b>: the originals (colourfulness only; PSNR infinite, SSIM 1, CIEDE2000 0).</li>
 * </ul>
 *
 * See {@link Metrics} for the metrics. Images go through {@link Colorizer#colorizeAll(List)} in
 * batches, so memory is bounded by the batch size (plus the images kept for the grid) when the images
 * come from a lazy {@link Iterable}. Alpha is ignored.
 *
 * <pre>{@code
 * try (Colorizer colorizer = Colorizer.fromPretrained(Path.of("cifar.zip"))) {
 *     EvaluationReport report = Evaluation.of(colorizer)
 *             .images(testImages)
 *             .grid(Path.of("grid.png"), ComparisonGrid.Options.defaults().scale(3))
 *             .run();
 *     System.out.println(report.toTable());
 * }
 * }</pre>
 *
 * <p>Immutable: each option returns a new Evaluation. The colorizer is not closed.
 */
public final class Evaluation {

    /** The default number of images given to {@link Colorizer#colorizeAll(List)} at a time. */
    public static final int DEFAULT_BATCH_SIZE = 64;

    private final Colorizer colorizer;
    private final Iterable<? extends BufferedImage> images;
    private final int batchSize;
    private final Path gridFile;
    private final ComparisonGrid.Options gridOptions;
    private final Path imagesDir;

    private Evaluation(Colorizer colorizer, Iterable<? extends BufferedImage> images, int batchSize,
            Path gridFile, ComparisonGrid.Options gridOptions, Path imagesDir) {
        this.colorizer = colorizer;
        this.images = images;
        this.batchSize = batchSize;
        this.gridFile = gridFile;
        this.gridOptions = gridOptions;
        this.imagesDir = imagesDir;
    }

    /**
     * Starts an evaluation of a colorizer.
     *
     * @param colorizer the colorizer to evaluate (not closed by the evaluation)
     * @return an evaluation without images yet
     */
    public static Evaluation of(Colorizer colorizer) {
        return new Evaluation(Objects.requireNonNull(colorizer, "colorizer"), null, DEFAULT_BATCH_SIZE, null,
                ComparisonGrid.Options.defaults(), null);
    }

    /**
     * The colour images to evaluate on (required). A lazy {@link Iterable} is read once, in order, a
     * batch at a time.
     *
     * @param truth the ground-truth colour images, of any size and type
     * @return a copy with these images
     */
    public Evaluation images(Iterable<? extends BufferedImage> truth) {
        return new Evaluation(colorizer, Objects.requireNonNull(truth, "truth"), batchSize, gridFile, gridOptions, imagesDir);
    }

    /**
     * How many images to colorize at a time.
     *
     * @param n images a batch, 1..4096 (default {@value #DEFAULT_BATCH_SIZE})
     * @return a copy with this batch size
     * @throws IllegalArgumentException if {@code n} is out of range
     */
    public Evaluation batchSize(int n) {
        if (n < 1 || n > 4096) {
            throw new IllegalArgumentException("batchSize must be in 1..4096, was " + n);
        }
        return new Evaluation(colorizer, images, n, gridFile, gridOptions, imagesDir);
    }

    /**
     * Also writes a {@link ComparisonGrid} of the first images with the default options (100 images,
     * 10 columns, scale 1, labels).
     *
     * @param png the PNG file to write (atomically)
     * @return a copy that writes the grid
     */
    public Evaluation grid(Path png) {
        return grid(png, ComparisonGrid.Options.defaults());
    }

    /**
     * Also writes a {@link ComparisonGrid} of the first {@code options.images()} images.
     *
     * @param png the PNG file to write (atomically)
     * @param options the layout of the grid
     * @return a copy that writes the grid
     */
    public Evaluation grid(Path png, ComparisonGrid.Options options) {
        return new Evaluation(colorizer, images, batchSize, Objects.requireNonNull(png, "png"),
                Objects.requireNonNull(options, "options"), imagesDir);
    }

    /**
     * Also writes, at full size, the truth, the gray input and the colorized output of every image the
     * grid shows (the first {@code options.images()} of {@link #grid(Path, ComparisonGrid.Options)}), as
     * {@link #imageFile(Path, int, String) imageFile(dir, index, "truth" | "gray" | "colorized")}: the
     * grid is for looking, these are for looking closer. Written as the evaluation goes, so they cost
     * no memory.
     *
     * @param dir the folder (created when missing)
     * @return a copy that writes the images
     */
    public Evaluation saveImages(Path dir) {
        return new Evaluation(colorizer, images, batchSize, gridFile, gridOptions, Objects.requireNonNull(dir, "dir"));
    }

    /**
     * Where {@link #saveImages(Path)} writes one image.
     *
     * @param dir the folder given to {@link #saveImages(Path)}
     * @param index the image's index among the evaluated images, from 0
     * @param kind {@code "truth"}, {@code "gray"} or {@code "colorized"}
     * @return {@code dir/NNNN-kind.png}, e.g. {@code images/0007-colorized.png}
     */
    public static Path imageFile(Path dir, int index, String kind) {
        return dir.resolve(String.format(java.util.Locale.ROOT, "%04d-%s.png", index, kind));
    }

    /**
     * Colorizes every image and computes the metrics of the model and of the baselines.
     *
     * @return the report
     * @throws IllegalStateException if no images were given, or the colorizer returns an image of
     *         another size than its input
     * @throws IOException if the grid cannot be written
     */
    public EvaluationReport run() throws IOException {
        if (images == null) {
            throw new IllegalStateException("no images: call images(...) before run()");
        }
        MetricsAccumulator model = new MetricsAccumulator();
        MetricsAccumulator gray = new MetricsAccumulator();
        MetricsAccumulator lZeroAb = new MetricsAccumulator();
        MetricsAccumulator.Sum truthColourfulness = new MetricsAccumulator.Sum();
        VersusGray.Accumulator versusGray = new VersusGray.Accumulator();
        int keep = gridFile == null && imagesDir == null ? 0 : gridOptions.images();
        int thumb = gridOptions.rowHeight(); // with a row height the grid needs thumbnails only
        List<BufferedImage> gridTruth = new ArrayList<>(), gridGray = new ArrayList<>(), gridOut = new ArrayList<>();

        Iterator<? extends BufferedImage> it = images.iterator();
        List<BufferedImage> batch = new ArrayList<>(batchSize);
        int index = 0;
        while (it.hasNext()) {
            batch.clear();
            while (it.hasNext() && batch.size() < batchSize) {
                batch.add(Objects.requireNonNull(it.next(), "image " + (index + batch.size()) + " is null"));
            }
            List<BufferedImage> inputs = new ArrayList<>(batch.size());
            List<DecodedImage> decoded = new ArrayList<>(batch.size());
            for (BufferedImage truth : batch) {
                DecodedImage d = DecodedImage.of(truth);
                decoded.add(d);
                inputs.add(grayImage(d));
            }
            List<BufferedImage> outputs = colorizer.colorizeAll(inputs);
            if (outputs.size() != batch.size()) {
                throw new IllegalStateException("the colorizer returned " + outputs.size() + " images for "
                        + batch.size() + " inputs");
            }
            for (int i = 0; i < batch.size(); i++, index++) {
                BufferedImage truth = batch.get(i), out = outputs.get(i);
                int w = truth.getWidth(), h = truth.getHeight();
                if (out.getWidth() != w || out.getHeight() != h) {
                    throw new IllegalStateException("image " + index + ": the colorizer returned " + out.getWidth()
                            + "x" + out.getHeight() + " for a " + w + "x" + h + " input");
                }
                float[] truthCodes = ImageTensors.codes(truth);
                float[] outCodes = ImageTensors.codes(out), grayCodes = grayCodes(inputs.get(i));
                model.addCodes(truthCodes, outCodes, w, h);
                gray.addCodes(truthCodes, grayCodes, w, h);
                lZeroAb.addCodes(truthCodes, lZeroAbCodes(decoded.get(i)), w, h);
                double c = Colourfulness.of(truthCodes, 1.0);
                truthColourfulness.add(c);
                versusGray.add(c, Psnr.sumSquaredError(truthCodes, outCodes) / (255.0 * 255.0),
                        Psnr.sumSquaredError(truthCodes, grayCodes) / (255.0 * 255.0), 3L * w * h);
                if (index < keep && imagesDir != null) {
                    Images.write(truth, imageFile(imagesDir, index, "truth"));
                    Images.write(inputs.get(i), imageFile(imagesDir, index, "gray"));
                    Images.write(out, imageFile(imagesDir, index, "colorized"));
                }
                if (index < keep && gridFile != null) {
                    gridTruth.add(thumb > 0 ? ComparisonGrid.thumbnail(truth, thumb) : truth);
                    gridGray.add(thumb > 0 ? ComparisonGrid.thumbnail(inputs.get(i), thumb) : inputs.get(i));
                    gridOut.add(thumb > 0 ? ComparisonGrid.thumbnail(out, thumb) : out);
                }
            }
        }
        if (index == 0) {
            throw new IllegalStateException("no images to evaluate: the image list is empty");
        }
        List<Path> pages = gridFile == null ? List.of()
                : ComparisonGrid.write(gridTruth, gridGray, gridOut, gridFile, gridOptions);
        return new EvaluationReport(colorizer.metadata().architecture(), model.metrics(), gray.metrics(),
                lZeroAb.metrics(), Metrics.ofTruth(truthColourfulness.value() / index, index), pages,
                versusGray.result());
    }

    /**
     * The gray image a user would give for a colour image, which the evaluation feeds to the colorizer:
     * luma {@code 0.299R + 0.587G + 0.114B} of the 8-bit sRGB values, rounded to 8 bits.
     *
     * @param colour any image
     * @return a {@code TYPE_BYTE_GRAY} image of the same size
     */
    public static BufferedImage grayInput(BufferedImage colour) {
        return grayImage(DecodedImage.of(Objects.requireNonNull(colour, "colour")));
    }

    private static BufferedImage grayImage(DecodedImage d) {
        int w = d.width(), h = d.height();
        float[] g = d.gray();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = img.getRaster();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                row[x] = Math.round(Math.max(0f, Math.min(1f, g[y * w + x])) * 255f);
            }
            raster.setSamples(0, y, w, 1, 0, row);
        }
        return img;
    }

    /** The gray input replicated to R = G = B, on the 0..255 scale. */
    private static float[] grayCodes(BufferedImage grayInput) {
        int w = grayInput.getWidth(), h = grayInput.getHeight();
        int[] samples = grayInput.getRaster().getSamples(0, 0, w, h, 0, (int[]) null);
        float[] codes = new float[3 * samples.length];
        for (int i = 0; i < samples.length; i++) {
            codes[3 * i] = samples[i];
            codes[3 * i + 1] = samples[i];
            codes[3 * i + 2] = samples[i];
        }
        return codes;
    }

    /** The image's own L* with a* = b* = 0, as 8-bit sRGB on the 0..255 scale. */
    private static float[] lZeroAbCodes(DecodedImage d) {
        float[] l = d.lightness();
        float[] codes = new float[3 * l.length];
        for (int i = 0; i < l.length; i++) {
            int rgb = Lab.labToRgb8(l[i], 0f, 0f);
            codes[3 * i] = (rgb >> 16) & 0xff;
            codes[3 * i + 1] = (rgb >> 8) & 0xff;
            codes[3 * i + 2] = rgb & 0xff;
        }
        return codes;
    }
}
