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
import org.colorize.data.source.FolderSource;
import org.colorize.data.source.ImageSource;
import org.colorize.data.source.Split;
import org.colorize.models.DenseAutoencoder;
import org.colorize.training.EpochRecord;
import org.colorize.training.Trainer;
import org.colorize.training.eval.Evaluation;

/**
 * The cats-and-dogs gray-to-colour autoencoder: pictures at 80x80, gray replicated to three channels
 * in, RGB out, 5x5 convolutions with max pooling, a wide dense bottleneck (Dense 2000 and
 * Dense 20*20*128), a sigmoid output and binary cross-entropy with Adam.
 *
 * <p><b>Its size.</b> With the reference defaults the network has 206,111,315 parameters, 99% of them
 * in the two dense layers: 824 MB of weights, about 2.5 GB to train with Adam, and slow on a CPU. The
 * builder shrinks it for a quick try: {@code latentSize(200)} leaves 21.8M parameters, and
 * {@code DenseAutoencoder.builder().inputSize(32, 32).convFilters(16, 8).latentSize(64)} (what the
 * test trains) 72,747. The reference trains on a cats-and-dogs
 * folder; any folder of photos works (here: {@code ../shared/data/photos}).
 *
 * <pre>{@code
 * DenseAutoencoder dense = DenseAutoencoder.builder().build();       // the reference, 206M parameters
 * DenseAutoencoderExample.Result r = DenseAutoencoderExample.run(
 *         Path.of("my/cats-and-dogs"), Path.of("runs/dense"), dense, 20, Integer.MAX_VALUE, 4);
 * }</pre>
 *
 * <p>Run: {@code java -cp ... org.colorize.examples.DenseAutoencoderExample [PHOTO_DIR] [OUT_DIR] [EPOCHS] [HOLD_OUT] [LATENT_SIZE]}
 * (defaults {@code ../shared/data/photos}, {@code runs/dense}, 20, 4, 2000). The batch size,
 * {@value #BATCH_SIZE}, and the epochs are this example's choice: the reference fixes neither.
 */
public final class DenseAutoencoderExample {

    /** Pictures a batch. */
    public static final int BATCH_SIZE = 32;

    private DenseAutoencoderExample() {
    }

    /**
     * What a run wrote.
     *
     * @param bundle the trained model ({@code dense.zip})
     * @param heldOut the held-out photos, in order
     * @param colorized their colorized versions ({@code colorized/<name>.png}), each of its photo's size
     * @param history the epochs trained
     */
    public record Result(Path bundle, List<Path> heldOut, List<Path> colorized, List<EpochRecord> history) {
    }

    /**
     * Trains the autoencoder on a folder and colorizes the held-out photos.
     *
     * @param photoDir a folder of photos (searched recursively)
     * @param outDir where the model and the colorized photos are written (created when missing)
     * @param dense the network (the reference: {@code DenseAutoencoder.builder().build()})
     * @param epochs epochs to train
     * @param limit use at most this many photos of the folder, the first in path order
     * @param holdOut photos held out for validation and colorizing, at least 1 and fewer than the photos used
     * @return what was written
     * @throws IOException if a photo cannot be read or a file cannot be written
     */
    public static Result run(Path photoDir, Path outDir, DenseAutoencoder dense, int epochs, int limit, int holdOut)
            throws IOException {
        FolderSource folder = FolderSource.open(photoDir);
        ImageSource photos = folder.range(0, Math.min(limit, folder.size()));
        if (holdOut < 1 || holdOut >= photos.size()) {
            throw new IllegalArgumentException("holdOut must be in [1, " + (photos.size() - 1) + "] for "
                    + photos.size() + " photos, was " + holdOut);
        }
        Split split = Split.last(photos, holdOut);

        // Gray in [0,1] replicated to R = G = B (the reference reads gray pictures as RGB), sRGB out.
        ColorizationData train = ColorizationData.builder()
                .source(split.train())
                .encoding(ModelKind.GRAY_TO_RGB)
                .grayChannels(dense.inputChannels())
                .size(dense.options().width(), dense.options().height())
                .batchSize(BATCH_SIZE)
                .seed(7)
                .build();
        ColorizationData validation = train.toBuilder().source(split.validation()).shuffle(false).build();

        ModelBundle best;
        List<EpochRecord> history;
        try (ColorizationIterator trainIt = train.iterator(); ColorizationIterator valIt = validation.iterator()) {
            // Adam and binary cross-entropy come with the builder's defaults.
            Trainer trainer = Trainer.builder(dense)
                    .train(trainIt).validation(valIt)
                    .epochs(epochs)
                    .batchesPerEpoch(train.batchesPerEpoch())
                    .checkpointDir(outDir.resolve("checkpoints"))
                    .provenance("trainingData", split.train().size() + " photos of " + photoDir)
                    .build();
            best = trainer.fit();
            history = trainer.history();
        }
        Path bundleFile = outDir.resolve("dense.zip");
        best.save(bundleFile, false);

        List<Path> heldOut = new ArrayList<>();
        List<Path> colorized = new ArrayList<>();
        try (Colorizer colorizer = Colorizer.of(best)) {
            for (int i = 0; i < split.validation().size(); i++) {
                Path file = Path.of(split.validation().origin(i));
                BufferedImage gray = Evaluation.grayInput(Images.read(file));
                Path target = outDir.resolve("colorized").resolve(BetaFolderExample.baseName(file) + ".png");
                // The network sees 80x80; its colour is brought back to the photo's size and joined to
                // the photo's own lightness, so the result is as sharp as the input.
                Images.write(colorizer.colorize(gray), target);
                heldOut.add(file);
                colorized.add(target);
            }
        }
        return new Result(bundleFile, heldOut, colorized, history);
    }

    /**
     * @param args photo folder, output folder, epochs, photos held out, latent size
     * @throws IOException if a photo cannot be read or a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path photos = Path.of(args.length > 0 ? args[0] : "../shared/data/photos");
        Path out = Path.of(args.length > 1 ? args[1] : "runs/dense");
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int holdOut = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int latent = args.length > 4 ? Integer.parseInt(args[4]) : 2000;
        DenseAutoencoder dense = DenseAutoencoder.builder().latentSize(latent).build();
        System.out.printf("dense autoencoder: %,d parameters%n", dense.parameterCount());
        Result r = run(photos, out, dense, epochs, Integer.MAX_VALUE, holdOut);
        System.out.println("wrote " + r.bundle());
        for (int i = 0; i < r.colorized().size(); i++) {
            System.out.println("  " + r.heldOut().get(i) + " -> " + r.colorized().get(i));
        }
    }
}
