package org.colorize.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.colorize.core.ModelKind;
import org.colorize.core.NetworkEmbedder;
import org.colorize.core.WorkingSize;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.data.ColorizationData;
import org.colorize.data.source.ImageSource;
import org.colorize.data.source.Split;
import org.colorize.models.Architectures;
import org.colorize.models.ColorizationArchitecture;
import org.colorize.models.InceptionResNetV2;
import org.colorize.models.LabUNet;
import org.colorize.models.ReferenceNetwork;
import org.colorize.training.Trainer;
import org.colorize.training.TrainingRecipe;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code colorize train}: trains a reference network (or the default architecture, {@code lab-unet})
 * on CIFAR files or an image folder, with the reference recipe's augmentation and schedule, a
 * progress bar, checkpoints (resumable) and a loss plot.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains a colorization network on CIFAR binary files or a folder of photos.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--arch", paramLabel = "ID", defaultValue = LabUNet.ID,
            description = "Architecture: lab-unet (default), cifar-autoencoder, lab-alpha, lab-beta, "
                    + "inception-fusion, dense-autoencoder.")
    String arch;

    @Option(names = "--data", paramLabel = "PATH", arity = "1..*", required = true,
            description = "CIFAR-10/100 .bin files, or one folder of images (read recursively).")
    List<Path> data;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: the reference recipe's).")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "N", description = "Batch size (default: the reference recipe's).")
    Integer batch;

    @Option(names = "--size", paramLabel = "N",
            description = "Training image side for size-adaptive networks (default: 32 for CIFAR data, else the network's).")
    Integer size;

    @Option(names = "--limit", paramLabel = "N", description = "Use only the first N images of the data (default: all).")
    Integer limit;

    @Option(names = "--validation", paramLabel = "N", defaultValue = "-1",
            description = "Images held out (the last N) for validation (default: 10%, at most 1000).")
    int validation;

    @Option(names = {"-o", "--out"}, paramLabel = "MODEL.zip", description = "The trained model (default: ARCH.zip).")
    Path out;

    @Option(names = "--checkpoints", paramLabel = "DIR", description = "Checkpoint folder (default: OUT without .zip, plus -checkpoints).")
    Path checkpoints;

    @Option(names = "--resume", description = "Continue from the checkpoint folder if it holds a checkpoint.")
    boolean resume;

    @Option(names = "--no-augment", description = "Turn the recipe's augmentation off.")
    boolean noAugment;

    @Option(names = "--gray-input", description = "Train on inputs computed from 8-bit gray, as users' gray photos give them.")
    boolean grayInput;

    @Option(names = "--seed", defaultValue = "7", description = "Seed for weights, data order and augmentation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--embedder", paramLabel = "BUNDLE.zip|DL4J.zip",
            description = "inception-fusion: trained Inception-ResNet-v2 weights (a DL4J ComputationGraph zip); default random weights.")
    Path embedderWeights;

    @Override
    public Integer call() throws Exception {
        ColorizationArchitecture<?> network = architecture();
        TrainingRecipe recipe = switch (network.id()) {
            case "cifar-autoencoder" -> TrainingRecipe.CIFAR_AUTOENCODER;
            case "lab-beta", "lab-alpha" -> TrainingRecipe.LAB_BETA;
            case "inception-fusion" -> TrainingRecipe.FUSION;
            default -> new TrainingRecipe(network.id(), 30, 64, Math.sqrt(0.1), 3, 5e-7, 8, 0, 0, 0, true);
        };
        Path model = out != null ? out : Path.of(network.id() + ".zip");
        Path ckpt = checkpoints != null ? checkpoints
                : model.resolveSibling(model.getFileName().toString().replaceFirst("\\.zip$", "") + "-checkpoints");
        if (Files.exists(ckpt.resolve(Trainer.LATEST)) && !resume) {
            throw new ColorizeCli.UsageException("checkpoint folder " + ckpt + " already holds a checkpoint: pass --resume to "
                    + "continue it, or --checkpoints DIR for a new run");
        }
        ImageSource source = DataPaths.open(data);
        if (limit != null) {
            if (limit < 2) {
                throw new ColorizeCli.UsageException("--limit must be >= 2, was " + limit);
            }
            source = source.range(0, Math.min(limit, source.size()));
        }
        int held = validation >= 0 ? validation : Math.min(1000, source.size() / 10);
        Split split = Split.last(source, held);
        WorkingSize ws = network.workingSize();
        boolean cifar = data.get(0).toString().endsWith(".bin");
        int side = ws.adaptive() ? (size != null ? size : cifar ? 32 : ws.maxSide()) : ws.width();
        int sideH = ws.adaptive() ? side : ws.height();
        ComputationGraph embedder = null;
        ColorizationData.Builder db = ColorizationData.builder().source(split.train()).forModel(network.metadata())
                .size(side, sideH).grayInput(grayInput).batchSize(batch != null ? batch : recipe.batchSize()).seed(seed);
        if (!noAugment) {
            db.augment(a -> {
                if (recipe.rotationDegrees() > 0) {
                    a.rotation(recipe.rotationDegrees());
                }
                if (recipe.shearDegrees() > 0) {
                    a.shear(recipe.shearDegrees());
                }
                if (recipe.zoom() > 0) {
                    a.zoom(recipe.zoom());
                }
                if (recipe.horizontalFlip()) {
                    a.horizontalFlip();
                }
                return a;
            });
        }
        if (network.kind() == ModelKind.L_EMBEDDING_TO_AB) {
            embedder = embedderWeights != null
                    ? org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(embedderWeights.toFile(), false)
                    : InceptionResNetV2.builder().seed(seed).build().network();
            db.embedder(new NetworkEmbedder(embedder, network.embedderSpec().orElseThrow()));
        }
        ColorizationData trainData = db.build();
        ColorizationData valData = trainData.toBuilder().source(split.validation())
                .augment(org.colorize.data.augment.Augmentation.NONE).shuffle(false).build();
        Trainer.Builder tb = Trainer.builder(network).recipe(recipe).seed(seed).checkpointDir(ckpt)
                .batchesPerEpoch(trainData.batchesPerEpoch())
                .provenance("trainingData", data.toString() + " (" + split.train().size() + " images)")
                .provenance("validationData", "the last " + held + " images of the data");
        if (epochs != null) {
            tb.epochs(epochs);
        }
        if (embedder != null) {
            tb.embedderNetwork(embedder);
            tb.train(trainData.multiIterator());
            if (held > 0) {
                tb.validation(valData.multiIterator());
            }
        } else {
            tb.train(trainData.iterator());
            if (held > 0) {
                tb.validation(valData.iterator());
            }
        }
        ModelBundle best = tb.build().fit();
        best.save(model, false);
        spec.commandLine().getErr().println("colorize: trained model written to " + model.toAbsolutePath()
                + " (checkpoints, metrics.csv and loss.png in " + ckpt.toAbsolutePath() + ")");
        return 0;
    }

    private ColorizationArchitecture<?> architecture() {
        if (arch.equals(LabUNet.ID)) {
            return LabUNet.builder().seed(seed).build();
        }
        ReferenceNetwork net;
        try {
            net = Architectures.builder(arch).seed(seed).build();
        } catch (IllegalArgumentException e) {
            throw new ColorizeCli.UsageException("--arch: " + e.getMessage() + " (or " + LabUNet.ID + ")");
        }
        if (!(net instanceof ColorizationArchitecture<?> ca)) {
            throw new ColorizeCli.UsageException("--arch " + arch + " is a backbone, not a colorization network");
        }
        return ca;
    }
}
