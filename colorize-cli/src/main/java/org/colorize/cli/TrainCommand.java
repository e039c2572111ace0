package org.colorize.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.data.source.ImageSource;
import org.colorize.models.Architectures;
import org.colorize.models.ColorizationArchitecture;
import org.colorize.models.LabUNet;
import org.colorize.training.Trainer;
import org.colorize.training.TrainingSetup;
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
            description = "Images held out (the last N) for validation (default: 10%%, at most 1000).")
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
        Path model = out != null ? out : Path.of(network.id() + ".zip");
        Path ckpt = checkpoints != null ? checkpoints
                : model.resolveSibling(model.getFileName().toString().replaceFirst("\\.zip$", "") + "-checkpoints");
        if (Files.exists(ckpt.resolve(Trainer.LATEST)) && !resume) {
            throw new ColorizeCli.UsageException("checkpoint folder " + ckpt + " already holds a checkpoint: pass --resume to "
                    + "continue it, or --checkpoints DIR for a new run");
        }
        checkWritable(model);
        ImageSource source = DataPaths.open(data);
        if (limit != null) {
            if (limit < 2) {
                throw new ColorizeCli.UsageException("--limit must be >= 2, was " + limit);
            }
            source = source.range(0, Math.min(limit, source.size()));
        }
        TrainingSetup.Builder setup;
        try {
            setup = TrainingSetup.builder(network).data(source).augment(!noAugment).grayInput(grayInput).seed(seed)
                    .checkpointDir(ckpt).provenance("trainingData", data.toString() + " (" + source.size() + " images)");
            if (validation >= 0) {
                setup.validation(validation);
            }
            if (epochs != null) {
                setup.epochs(epochs);
            }
            if (batch != null) {
                setup.batchSize(batch);
            }
            if (size != null) {
                setup.size(size);
            } else if (data.get(0).toString().endsWith(".bin") && network.workingSize().adaptive()) {
                setup.size(32); // CIFAR pictures
            }
            if (embedderWeights != null) {
                if (!(ModelBundle.loadNetwork(embedderWeights, false) instanceof ComputationGraph g)) {
                    throw new ColorizeCli.UsageException("--embedder " + embedderWeights + " is not a ComputationGraph");
                }
                setup.embedderNetwork(g);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ColorizeCli.UsageException(e.getMessage());
        }
        ModelBundle best = setup.build().fit();
        best.save(model, false);
        spec.commandLine().getErr().println("colorize: trained model written to " + model.toAbsolutePath()
                + " (checkpoints, metrics.csv and loss.png in " + ckpt.toAbsolutePath() + ")");
        return 0;
    }

    /** Fails before training, not after it, when the model file cannot be written. */
    static void checkWritable(Path model) {
        Path abs = model.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new ColorizeCli.UsageException("-o " + model + " is a folder; give a file name such as " + model.resolve("model.zip"));
        }
        Path dir = abs.getParent();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)
                || Files.exists(abs) && !Files.isWritable(abs)) {
            throw new ColorizeCli.UsageException("-o " + model + ": cannot write there ("
                    + (existing == null ? "no such folder" : existing + (Files.isDirectory(existing) ? " is not writable" : " is not a folder"))
                    + "); checked before training so that no run is lost");
        }
    }

    private ColorizationArchitecture<?> architecture() {
        try {
            return Architectures.colorization(arch, seed);
        } catch (IllegalArgumentException e) {
            throw new ColorizeCli.UsageException("--arch: " + e.getMessage());
        }
    }
}
