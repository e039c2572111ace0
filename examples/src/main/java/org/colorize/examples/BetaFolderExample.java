package org.colorize.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.colorize.core.Colorizer;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.image.Images;
import org.colorize.core.model.ModelKind;
import org.colorize.data.ColorizationData;
import org.colorize.data.ColorizationIterator;
import org.colorize.data.augment.Augmentation;
import org.colorize.data.source.FolderSource;
import org.colorize.data.source.ImageSource;
import org.colorize.data.source.Split;
import org.colorize.models.LabBetaNet;
import org.colorize.training.EpochRecord;
import org.colorize.training.Trainer;
import org.colorize.training.TrainingRecipe;
import org.colorize.training.eval.Evaluation;

/**
 * The "beta" network of the 100-line colorizer tutorial (Emil Wallner): a 3.9M-parameter Lab network
 * trained on a folder of photos at 256x256 with the tutorial's augmentation (rotation 20 degrees,
 * shear 0.2, zoom 0.2, horizontal flips), then used on photos it has never seen. The tutorial trained
 * on 9,500 Unsplash photos; a few dozen give blurry sepia at best, but show the whole route.
 *
 * <p>The last {@code holdOut} photos of the folder (in path order) are held out: they are the
 * validation data of the trainer (without augmentation) and are colorized at the end, at their own
 * size, from their gray version, as a user's gray photos would be.
 *
 * <pre>{@code
 * LabBetaNet beta = LabBetaNet.builder().build();          // 256x256, as the tutorial
 * BetaFolderExample.Result r = BetaFolderExample.run(
 *         Path.of("../shared/data/photos"), Path.of("runs/beta"), beta, 50, Integer.MAX_VALUE, 4);
 * r.colorized().forEach(System.out::println);
 * }</pre>
 *
 * <p>Run: {@code java -cp ... org.colorize.examples.BetaFolderExample [PHOTO_DIR] [OUT_DIR] [EPOCHS] [HOLD_OUT] [SIZE]}
 * (defaults {@code ../shared/data/photos}, {@code runs/beta}, 50, 4, 256). The checkpoint folder
 * {@code OUT_DIR/checkpoints} lets a second run resume.
 */
public final class BetaFolderExample {

    private BetaFolderExample() {
    }

    /**
     * What a run wrote.
     *
     * @param bundle the trained model ({@code beta.zip})
     * @param heldOut the held-out photos, in order
     * @param colorized their colorized versions ({@code colorized/<name>.png}), each of its photo's size
     * @param history the epochs trained
     */
    public record Result(Path bundle, List<Path> heldOut, List<Path> colorized, List<EpochRecord> history) {
    }

    /**
     * Trains a beta network on a folder and colorizes the held-out photos.
     *
     * @param photoDir a folder of photos (searched recursively; PNG, JPEG, BMP, GIF)
     * @param outDir where the model and the colorized photos are written (created when missing)
     * @param beta the network; its input size is the training size ({@code LabBetaNet.builder().build()}
     *     for the tutorial's 256x256)
     * @param epochs epochs to train
     * @param limit use at most this many photos of the folder, the first in path order
     * @param holdOut photos held out for validation and colorizing, at least 1 and fewer than the photos used
     * @return what was written
     * @throws IOException if a photo cannot be read or a file cannot be written
     */
    public static Result run(Path photoDir, Path outDir, LabBetaNet beta, int epochs, int limit, int holdOut)
            throws IOException {
        FolderSource folder = FolderSource.open(photoDir);
        ImageSource photos = folder.range(0, Math.min(limit, folder.size()));
        if (holdOut < 1 || holdOut >= photos.size()) {
            throw new IllegalArgumentException("holdOut must be in [1, " + (photos.size() - 1) + "] for "
                    + photos.size() + " photos, was " + holdOut);
        }
        Split split = Split.last(photos, holdOut);
        TrainingRecipe recipe = TrainingRecipe.LAB_BETA;

        // ImageDataGenerator(shear_range=0.2, zoom_range=0.2, rotation_range=20, horizontal_flip=True)
        Augmentation augmentation = Augmentation.builder()
                .rotation(recipe.rotationDegrees())
                .shear(recipe.shearDegrees())
                .zoom(recipe.zoom())
                .horizontalFlip(recipe.horizontalFlip())
                .build();
        ColorizationData train = ColorizationData.builder()
                .source(split.train())
                .encoding(ModelKind.L_TO_AB)            // raw L in [0,100] -> a/128, b/128
                .size(beta.options().width(), beta.options().height())      // every photo resized to the network's size
                .augment(augmentation)
                .batchSize(recipe.batchSize())
                .seed(7)
                .build();
        ColorizationData validation = train.toBuilder().source(split.validation())
                .augment(Augmentation.NONE).shuffle(false).build();

        ModelBundle best;
        List<EpochRecord> history;
        try (ColorizationIterator trainIt = train.iterator(); ColorizationIterator valIt = validation.iterator()) {
            Trainer trainer = Trainer.builder(beta)
                    .train(trainIt).validation(valIt)
                    .recipe(recipe).epochs(epochs)
                    .batchesPerEpoch(train.batchesPerEpoch())
                    .checkpointDir(outDir.resolve("checkpoints"))
                    .provenance("trainingData", split.train().size() + " photos of " + photoDir)
                    .build();
            best = trainer.fit();
            history = trainer.history();
        }
        Path bundleFile = outDir.resolve("beta.zip");
        best.save(bundleFile, false);

        // The unseen photos: gray in, colour out, at each photo's own size.
        List<Path> heldOut = new ArrayList<>();
        List<Path> colorized = new ArrayList<>();
        try (Colorizer colorizer = Colorizer.of(best)) {
            for (int i = 0; i < split.validation().size(); i++) {
                Path file = Path.of(split.validation().origin(i));
                BufferedImage gray = Evaluation.grayInput(Images.read(file));
                Path target = outDir.resolve("colorized").resolve(baseName(file) + ".png");
                Images.write(colorizer.colorize(gray), target);
                heldOut.add(file);
                colorized.add(target);
            }
        }
        return new Result(bundleFile, heldOut, colorized, history);
    }

    static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name).toLowerCase(Locale.ROOT);
    }

    /**
     * @param args photo folder, output folder, epochs, photos held out, training size
     * @throws IOException if a photo cannot be read or a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path photos = Path.of(args.length > 0 ? args[0] : "../shared/data/photos");
        Path out = Path.of(args.length > 1 ? args[1] : "runs/beta");
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : TrainingRecipe.LAB_BETA.epochs();
        int holdOut = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int size = args.length > 4 ? Integer.parseInt(args[4]) : 256;
        LabBetaNet beta = LabBetaNet.builder().inputSize(size, size).build();
        Result r = run(photos, out, beta, epochs, Integer.MAX_VALUE, holdOut);
        System.out.println("wrote " + r.bundle());
        for (int i = 0; i < r.colorized().size(); i++) {
            System.out.println("  " + r.heldOut().get(i) + " -> " + r.colorized().get(i));
        }
    }
}
