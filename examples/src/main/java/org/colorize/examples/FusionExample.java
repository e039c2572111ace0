package org.colorize.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.colorize.core.Colorizer;
import org.colorize.core.bundle.EmbedderSpec;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.bundle.NetworkEmbedder;
import org.colorize.core.image.Images;
import org.colorize.core.model.ModelKind;
import org.colorize.data.ColorizationData;
import org.colorize.data.ColorizationMultiIterator;
import org.colorize.data.augment.Augmentation;
import org.colorize.data.source.FolderSource;
import org.colorize.data.source.ImageSource;
import org.colorize.data.source.Split;
import org.colorize.models.InceptionFusionNet;
import org.colorize.models.InceptionResNetV2;
import org.colorize.training.EpochRecord;
import org.colorize.training.Trainer;
import org.colorize.training.TrainingRecipe;
import org.colorize.training.eval.Evaluation;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The "full" network of the 100-line colorizer tutorial, i.e. Deep Koalarization (Baldassarre et al.
 * 2017): an encoder-decoder on L whose middle is fused with a 1000-d description of the whole picture,
 * the class probabilities of an Inception-ResNet-v2 backbone that sees the gray picture at 299x299.
 * The fusion network trains; the backbone stays as it is.
 *
 * <p><b>The backbone's weights.</b> The tutorial uses ImageNet weights. This library ships none:
 * {@link InceptionResNetV2#builder()} gives the exact Keras topology (55.9M parameters) with random
 * weights, which still trains and runs but gives the fusion no useful information. To bring ImageNet
 * weights:
 * <ul>
 *   <li>in Python, {@code tf.keras.applications.InceptionResNetV2(weights="imagenet").save("irv2.h5")};
 *       in Java, with {@code org.deeplearning4j:deeplearning4j-modelimport} on the classpath,
 *       {@code ComputationGraph g = KerasModelImport.importKerasModelAndWeights("irv2.h5");} then
 *       {@code ModelSerializer.writeModel(g, new File("irv2-dl4j.zip"), false);} once. Keras' model
 *       is channels-last: check the import gives [N,3,299,299] in, [N,1000] out, or wrap it;</li>
 *   <li>give that zip as the third argument of {@link #main}: it is read with
 *       {@link ModelSerializer#restoreComputationGraph(java.io.File, boolean)}, and fed as
 *       {@link InceptionResNetV2#EMBEDDER_SPEC} says (299x299 RGB, scaled to [-1,1], 1000 outputs);</li>
 *   <li>or copy Keras weights layer by layer into {@code InceptionResNetV2.builder().build().newNetwork()}
 *       (see the javadoc of {@link InceptionResNetV2} for the name and shape mapping).</li>
 * </ul>
 *
 * <pre>{@code
 * InceptionResNetV2 backbone = InceptionResNetV2.builder().build();   // or your ImageNet network
 * InceptionFusionNet fusion = InceptionFusionNet.builder().build();    // 256x256, 1000-d embedding
 * FusionExample.Result r = FusionExample.run(Path.of("../shared/data/photos"), Path.of("runs/fusion"),
 *         fusion, backbone.newNetwork(), 50, Integer.MAX_VALUE, 4);
 * }</pre>
 *
 * <p>Any backbone works that maps [N,3,H,W] to [N,E]: give the fusion network its
 * {@link EmbedderSpec} ({@code InceptionFusionNet.builder().embedderSpec(spec)}) and the same network
 * here. The bundle stores the backbone with the fusion network ({@link ModelBundle#withEmbedder}), so
 * {@code Colorizer.fromPretrained(Path.of("runs/fusion/fusion.zip"))} colorizes with both.
 *
 * <p>Run: {@code java -cp ... org.colorize.examples.FusionExample [PHOTO_DIR] [OUT_DIR] [BACKBONE_ZIP|random] [EPOCHS] [HOLD_OUT]}
 * (defaults {@code ../shared/data/photos}, {@code runs/fusion}, {@code random}, 50, 4). Slow on a
 * CPU: the backbone costs billions of operations a picture, for every picture of every epoch (the
 * augmentation changes what it sees, so its outputs cannot be cached).
 */
public final class FusionExample {

    private FusionExample() {
    }

    /**
     * What a run wrote.
     *
     * @param bundle the trained model with its backbone ({@code fusion.zip})
     * @param heldOut the held-out photos, in order
     * @param colorized their colorized versions ({@code colorized/<name>.png}), each of its photo's size
     * @param history the epochs trained
     */
    public record Result(Path bundle, List<Path> heldOut, List<Path> colorized, List<EpochRecord> history) {
    }

    /**
     * Trains a fusion network on a folder with a fixed backbone, and colorizes the held-out photos.
     *
     * @param photoDir a folder of photos (searched recursively)
     * @param outDir where the model and the colorized photos are written (created when missing)
     * @param fusion the fusion network; its {@link InceptionFusionNet#embedderSpec()} describes the backbone
     * @param backbone the embedding network ({@code MultiLayerNetwork} or single-input, single-output
     *     {@code ComputationGraph}); not trained
     * @param epochs epochs to train
     * @param limit use at most this many photos of the folder, the first in path order
     * @param holdOut photos held out for validation and colorizing, at least 1 and fewer than the photos used
     * @return what was written
     * @throws IOException if a photo cannot be read or a file cannot be written
     */
    public static Result run(Path photoDir, Path outDir, InceptionFusionNet fusion, Model backbone, int epochs,
            int limit, int holdOut) throws IOException {
        FolderSource folder = FolderSource.open(photoDir);
        ImageSource photos = folder.range(0, Math.min(limit, folder.size()));
        if (holdOut < 1 || holdOut >= photos.size()) {
            throw new IllegalArgumentException("holdOut must be in [1, " + (photos.size() - 1) + "] for "
                    + photos.size() + " photos, was " + holdOut);
        }
        Split split = Split.last(photos, holdOut);
        TrainingRecipe recipe = TrainingRecipe.FUSION;
        EmbedderSpec spec = fusion.embedderSpec().orElseThrow();

        // The second input: the backbone's output for the gray picture, replicated to RGB and resized
        // to the backbone's size, computed by the data iterator next to L and ab/128.
        NetworkEmbedder embedder = new NetworkEmbedder(backbone, spec);
        ColorizationData train = ColorizationData.builder()
                .source(split.train())
                .encoding(ModelKind.L_EMBEDDING_TO_AB)
                .embedder(embedder)
                .size(fusion.options().layers().width(), fusion.options().layers().height())
                .augment(a -> a.rotation(recipe.rotationDegrees()).shear(recipe.shearDegrees())
                        .zoom(recipe.zoom()).horizontalFlip(recipe.horizontalFlip()))
                .batchSize(recipe.batchSize())
                .seed(7)
                .build();
        ColorizationData validation = train.toBuilder().source(split.validation())
                .augment(Augmentation.NONE).shuffle(false).build();

        ModelBundle best;
        List<EpochRecord> history;
        try (ColorizationMultiIterator trainIt = train.multiIterator();
                ColorizationMultiIterator valIt = validation.multiIterator()) {
            Trainer trainer = Trainer.builder(fusion)
                    .train(trainIt).validation(valIt)
                    .recipe(recipe).epochs(epochs)
                    .embedderNetwork(backbone)   // stored in every checkpoint, so each is a usable model
                    .batchesPerEpoch(train.batchesPerEpoch())
                    .checkpointDir(outDir.resolve("checkpoints"))
                    .provenance("trainingData", split.train().size() + " photos of " + photoDir)
                    .build();
            best = trainer.fit();
            history = trainer.history();
        }
        // The trainer's bundle already holds the backbone; withEmbedder is how you add it to one made
        // otherwise, e.g. fusion.bundle().withEmbedder(backbone).
        if (best.embedderNetwork().isEmpty()) {
            best = best.withEmbedder(backbone);
        }
        Path bundleFile = outDir.resolve("fusion.zip");
        best.save(bundleFile, false);

        List<Path> heldOut = new ArrayList<>();
        List<Path> colorized = new ArrayList<>();
        // Closing the colorizer releases both networks of this bundle (the fusion network and its backbone).
        try (Colorizer colorizer = Colorizer.of(best)) {
            for (int i = 0; i < split.validation().size(); i++) {
                Path file = Path.of(split.validation().origin(i));
                BufferedImage gray = Evaluation.grayInput(Images.read(file));
                Path target = outDir.resolve("colorized").resolve(BetaFolderExample.baseName(file) + ".png");
                Images.write(colorizer.colorize(gray), target);
                heldOut.add(file);
                colorized.add(target);
            }
        }
        return new Result(bundleFile, heldOut, colorized, history);
    }

    /**
     * @param args photo folder, output folder, backbone zip ({@code random} for random weights), epochs,
     *     photos held out
     * @throws IOException if a photo or the backbone cannot be read or a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path photos = Path.of(args.length > 0 ? args[0] : "../shared/data/photos");
        Path out = Path.of(args.length > 1 ? args[1] : "runs/fusion");
        String backboneArg = args.length > 2 ? args[2] : "random";
        int epochs = args.length > 3 ? Integer.parseInt(args[3]) : TrainingRecipe.FUSION.epochs();
        int holdOut = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        Model backbone;
        if (backboneArg.equals("random")) {
            System.out.println("backbone: Inception-ResNet-v2 with RANDOM weights (give a DL4J zip with ImageNet"
                    + " weights as the third argument for the tutorial's results)");
            backbone = InceptionResNetV2.builder().build().newNetwork();
        } else {
            backbone = ModelSerializer.restoreComputationGraph(Path.of(backboneArg).toFile(), false);
        }
        InceptionFusionNet fusion = InceptionFusionNet.builder().embedderSpec(InceptionResNetV2.EMBEDDER_SPEC).build();
        Result r = run(photos, out, fusion, backbone, epochs, Integer.MAX_VALUE, holdOut);
        System.out.println("wrote " + r.bundle());
        for (int i = 0; i < r.colorized().size(); i++) {
            System.out.println("  " + r.heldOut().get(i) + " -> " + r.colorized().get(i));
        }
    }
}
