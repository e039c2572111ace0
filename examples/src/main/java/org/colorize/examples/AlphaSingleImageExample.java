package org.colorize.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.colorize.core.Colorizer;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.image.Images;
import org.colorize.core.model.ModelKind;
import org.colorize.data.ColorizationData;
import org.colorize.data.ColorizationIterator;
import org.colorize.models.LabAlphaNet;
import org.colorize.training.EpochRecord;
import org.colorize.training.Trainer;
import org.colorize.training.eval.Evaluation;

/**
 * The "alpha" network of the 100-line colorizer tutorial (Emil Wallner, "Coloring B&amp;W portraits
 * with neural networks"): a 32,202-parameter convolutional network trained on one 400x400 photo until
 * it reproduces that photo's colour from its lightness. It proves the pipeline end to end; it does not
 * generalise to other photos.
 *
 * <p>As in the tutorial: L (raw, in [0,100]) of the photo in, its a and b divided by 128 out, RMSprop,
 * MSE, batch 1, 1,000 epochs; then the network colorizes the photo's own L, and the result and a gray
 * version are written as {@code img_result.png} and {@code img_gray.png}.
 *
 * <pre>{@code
 * AlphaSingleImageExample.Result r = AlphaSingleImageExample.run(
 *         Path.of("../shared/data/photos/unsplash/woman.png"), Path.of("runs/alpha"), 1000);
 * System.out.println(r.losses().get(0) + " -> " + r.losses().get(r.losses().size() - 1));
 * }</pre>
 *
 * <p>Run: {@code java -cp ... org.colorize.examples.AlphaSingleImageExample [PHOTO] [OUT_DIR] [EPOCHS]}
 * (defaults {@code ../shared/data/photos/unsplash/woman.png}, {@code runs/alpha}, 1000).
 */
public final class AlphaSingleImageExample {

    /** The tutorial's number of epochs. */
    public static final int TUTORIAL_EPOCHS = 1000;

    private AlphaSingleImageExample() {
    }

    /**
     * What a run wrote.
     *
     * @param result the colorized photo ({@code img_result.png}), the photo's size
     * @param gray the gray version of the photo ({@code img_gray.png})
     * @param bundle the trained model ({@code alpha.zip})
     * @param losses the training loss of every epoch (per pixel, a and b / 128), oldest first; with one
     *     photo an epoch is one step, and its loss is measured before that step's update
     */
    public record Result(Path result, Path gray, Path bundle, List<Double> losses) {
    }

    /**
     * Trains the alpha network on one photo and colorizes that photo.
     *
     * @param photo the photo (the tutorial's is 400x400; any size works, sides are rounded to multiples
     *     of 8 for the network and the result has the photo's own size)
     * @param outDir where the images and the model are written (created when missing)
     * @param epochs epochs, i.e. steps (the tutorial: {@value #TUTORIAL_EPOCHS})
     * @return what was written
     * @throws IOException if the photo cannot be read or a file cannot be written
     */
    public static Result run(Path photo, Path outDir, int epochs) throws IOException {
        BufferedImage image = Images.read(photo);
        int w = roundTo8(image.getWidth()), h = roundTo8(image.getHeight());
        LabAlphaNet alpha = LabAlphaNet.builder().inputSize(w, h).build();

        // One picture, L -> ab/128, at the network's size; no shuffling or augmentation, as in the tutorial.
        ColorizationData data = ColorizationData.builder()
                .images(List.of(image))
                .encoding(ModelKind.L_TO_AB)
                .size(w, h)
                .batchSize(1)
                .shuffle(false)
                .workers(1)
                .build();
        ModelBundle trained;
        List<Double> losses;
        try (ColorizationIterator it = data.iterator()) {
            // No validation data: the trainer keeps the weights of the lowest training loss.
            Trainer trainer = Trainer.builder(alpha).train(it).epochs(epochs).progress(false)
                    .provenance("trainingData", photo.getFileName().toString())
                    .build();
            trained = trainer.fit();
            losses = trainer.history().stream().map(EpochRecord::trainLoss).toList();
        }
        Path bundleFile = outDir.resolve("alpha.zip");
        trained.save(bundleFile, false);

        // The colorizer uses only the lightness of what it is given: here the photo's own L, as the
        // tutorial predicts from X. Give it img_gray.png and the result is much the same.
        Path result = outDir.resolve("img_result.png");
        Path gray = outDir.resolve("img_gray.png");
        try (Colorizer colorizer = Colorizer.of(trained)) {
            Images.write(colorizer.colorize(image), result);
        }
        Images.write(Evaluation.grayInput(image), gray);
        return new Result(result, gray, bundleFile, losses);
    }

    private static int roundTo8(int side) {
        return Math.max(8, Math.round(side / 8f) * 8);
    }

    /**
     * @param args photo, output folder, epochs
     * @throws IOException if the photo cannot be read or a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path photo = Path.of(args.length > 0 ? args[0] : "../shared/data/photos/unsplash/woman.png");
        Path out = Path.of(args.length > 1 ? args[1] : "runs/alpha");
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : TUTORIAL_EPOCHS;
        Result r = run(photo, out, epochs);
        System.out.printf("loss %.6f after the first epoch, %.6f after the last%n",
                r.losses().get(0), r.losses().get(r.losses().size() - 1));
        System.out.println("wrote " + r.result() + ", " + r.gray() + ", " + r.bundle());
    }
}
