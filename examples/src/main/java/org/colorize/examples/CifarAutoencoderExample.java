package org.colorize.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.colorize.core.Colorizer;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.image.Images;
import org.colorize.core.model.ModelKind;
import org.colorize.data.ColorizationData;
import org.colorize.data.ColorizationIterator;
import org.colorize.data.source.CifarSource;
import org.colorize.data.source.ImageSource;
import org.colorize.models.CifarAutoencoder;
import org.colorize.training.EpochRecord;
import org.colorize.training.Trainer;
import org.colorize.training.TrainingRecipe;
import org.colorize.training.eval.ComparisonGrid;
import org.colorize.training.eval.Evaluation;
import org.colorize.training.eval.Metrics;

/**
 * The CIFAR colorization autoencoder of "Advanced Deep Learning with Keras" (ch. 3): gray 32x32 in,
 * RGB 32x32 out, trained with MSE and Adam, batch 32, the learning rate times sqrt(0.1) after five
 * epochs without validation improvement, the best model kept by validation loss. As the book does, it
 * then shows the first 100 test images as three 10x10 grids: the ground truth, the gray input and the
 * colorized output.
 *
 * <p>Data: the CIFAR-10 binary batches {@code data_batch_1.bin} and {@code data_batch_2.bin}. The last
 * 1,000 records of batch 2 are held out as the test set (the book validates on its test set too); the
 * network never trains on them.
 *
 * <pre>{@code
 * CifarAutoencoderExample.Result r = CifarAutoencoderExample.run(
 *         Path.of("../shared/data/cifar-10"), Path.of("runs/cifar"), 30, Integer.MAX_VALUE);
 * System.out.println(r.colorizedGrid());   // runs/cifar/colorized.png, 320x320
 * }</pre>
 *
 * <p>Run: {@code java -cp ... org.colorize.examples.CifarAutoencoderExample [CIFAR_DIR] [OUT_DIR] [EPOCHS] [LIMIT]}
 * (defaults {@code ../shared/data/cifar-10}, {@code runs/cifar-autoencoder}, 30, all 19,000 training
 * images). The checkpoint folder {@code OUT_DIR/checkpoints} lets a second run resume.
 */
public final class CifarAutoencoderExample {

    /** Images shown in each grid (the book's first 100 test images). */
    public static final int GRID_IMAGES = 100;
    /** Images per grid row. */
    public static final int GRID_COLUMNS = 10;
    /** Records at the end of the data held out as the test set. */
    public static final int TEST_RECORDS = 1000;

    private CifarAutoencoderExample() {
    }

    /**
     * What a run wrote.
     *
     * @param bundle the trained model ({@code cifar-autoencoder.zip}, without updater state)
     * @param truthGrid the ground-truth grid ({@code test_color.png}, as the book names it)
     * @param grayGrid the gray-input grid ({@code test_gray.png})
     * @param colorizedGrid the colorized grid ({@code colorized.png})
     * @param comparison the three grids side by side with titles, at 2x ({@code comparison.png})
     * @param history the epochs trained
     * @param testMetrics the colorized test images against their ground truth
     */
    public record Result(Path bundle, Path truthGrid, Path grayGrid, Path colorizedGrid, Path comparison,
            List<EpochRecord> history, Metrics testMetrics) {
    }

    /**
     * Trains the autoencoder and writes the model and the grids.
     *
     * @param cifarDir the folder with {@code data_batch_1.bin} and {@code data_batch_2.bin}
     * @param outDir where everything is written (created when missing)
     * @param epochs epochs to train (the book: 30)
     * @param limit at most this many training images (and at most this many test images, but at least
     *     {@value #GRID_IMAGES}), to try it quickly
     * @return what was written
     * @throws IOException if the data cannot be read or a file cannot be written
     */
    public static Result run(Path cifarDir, Path outDir, int epochs, int limit) throws IOException {
        CifarSource all = CifarSource.open(cifarDir.resolve("data_batch_1.bin"), cifarDir.resolve("data_batch_2.bin"));
        int n = all.size();
        ImageSource train = all.range(0, Math.min(limit, n - TEST_RECORDS));
        ImageSource test = all.range(n - TEST_RECORDS, n - TEST_RECORDS + Math.max(GRID_IMAGES, Math.min(limit, TEST_RECORDS)));

        // The reference network: 3,431,811 parameters, Adam, MSE, sigmoid RGB output.
        CifarAutoencoder autoencoder = CifarAutoencoder.builder().build();
        TrainingRecipe recipe = TrainingRecipe.CIFAR_AUTOENCODER;

        // Gray (luma 0.299R + 0.587G + 0.114B, in [0,1]) in, sRGB in [0,1] out: the book's encoding.
        ColorizationData trainData = ColorizationData.builder()
                .source(train)
                .encoding(ModelKind.GRAY_TO_RGB)
                .size(32, 32)
                .batchSize(recipe.batchSize())
                .seed(7)
                .build();
        ColorizationData testData = trainData.toBuilder().source(test).shuffle(false).build();

        ModelBundle best;
        List<EpochRecord> history;
        try (ColorizationIterator trainIt = trainData.iterator(); ColorizationIterator testIt = testData.iterator()) {
            Trainer trainer = Trainer.builder(autoencoder)
                    .train(trainIt)
                    .validation(testIt)
                    .recipe(recipe)          // plateau rule and batch size of the book
                    .epochs(epochs)          // after recipe(...), which sets the book's 30
                    .batchesPerEpoch(trainData.batchesPerEpoch())
                    .checkpointDir(outDir.resolve("checkpoints"))
                    .provenance("trainingData", "CIFAR-10 batches 1-2, first " + train.size() + " records")
                    .build();
            best = trainer.fit();
            history = trainer.history();
        }
        Path bundleFile = outDir.resolve("cifar-autoencoder.zip");
        best.save(bundleFile, false);

        // The first 100 test images: truth, the gray a user would give, and the colorized result.
        List<BufferedImage> truth = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            truth.add(test.get(i).image().toBufferedImage());
        }
        List<BufferedImage> gray = truth.stream().map(Evaluation::grayInput).toList();
        List<BufferedImage> colorized;
        try (Colorizer colorizer = Colorizer.of(best)) {
            colorized = colorizer.colorizeAll(gray);
        }
        Metrics metrics = Metrics.of(truth, colorized);

        // One picture with the three panels, then each panel cut out as the book's three files.
        ComparisonGrid.Options panels = ComparisonGrid.Options.defaults()
                .images(GRID_IMAGES).columns(GRID_COLUMNS).labels(false);
        BufferedImage strip = ComparisonGrid.render(truth, gray, colorized, panels);
        int panelWidth = (strip.getWidth() - 2 * ComparisonGrid.GAP) / 3;
        Path[] grids = {outDir.resolve("test_color.png"), outDir.resolve("test_gray.png"), outDir.resolve("colorized.png")};
        for (int p = 0; p < 3; p++) {
            BufferedImage panel = strip.getSubimage(p * (panelWidth + ComparisonGrid.GAP), 0, panelWidth, strip.getHeight());
            Images.write(panel, grids[p]);
        }
        Path comparison = outDir.resolve("comparison.png");
        ComparisonGrid.write(truth, gray, colorized, comparison, panels.labels(true).scale(2));
        return new Result(bundleFile, grids[0], grids[1], grids[2], comparison, history, metrics);
    }

    /**
     * @param args CIFAR folder, output folder, epochs, training image limit
     * @throws IOException if the data cannot be read or a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path cifar = Path.of(args.length > 0 ? args[0] : "../shared/data/cifar-10");
        Path out = Path.of(args.length > 1 ? args[1] : "runs/cifar-autoencoder");
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : TrainingRecipe.CIFAR_AUTOENCODER.epochs();
        int limit = args.length > 3 ? Integer.parseInt(args[3]) : Integer.MAX_VALUE;
        Result r = run(cifar, out, epochs, limit);
        System.out.printf("test images: PSNR %.2f dB, SSIM %.4f, CIEDE2000 %.2f%n",
                r.testMetrics().psnrDataset(), r.testMetrics().ssim(), r.testMetrics().ciede2000());
        System.out.println("wrote " + r.bundle() + ", " + r.truthGrid() + ", " + r.grayGrid() + ", "
                + r.colorizedGrid() + ", " + r.comparison());
    }
}
