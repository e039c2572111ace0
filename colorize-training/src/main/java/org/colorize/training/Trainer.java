package org.colorize.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.function.IntToDoubleFunction;
import org.colorize.core.bundle.BundleFormatException;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.bundle.ModelMetadata;
import org.colorize.core.bundle.Provenance;
import org.colorize.data.ColorizationIterator;
import org.colorize.data.ColorizationMultiIterator;
import org.colorize.models.ColorizationArchitecture;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a colorization network epoch by epoch, with validation, learning-rate reduction on a
 * plateau (Keras' {@code ReduceLROnPlateau}, which DL4J lacks) or a learning-rate schedule, early
 * stopping, the best model kept by validation loss, and checkpoints that survive a crash: the best and
 * the latest model, each written atomically with its updater state and the trainer's
 * {@link TrainingState}, so that {@link #fit()} on the same checkpoint folder resumes after the last
 * finished epoch.
 *
 * <pre>{@code
 * ModelBundle best = Trainer.builder(CifarAutoencoder.builder().build())
 *         .train(trainIterator).validation(validationIterator)
 *         .recipe(TrainingRecipe.CIFAR_AUTOENCODER)          // 30 epochs, LR x sqrt(0.1) after 5 flat epochs
 *         .checkpointDir(Path.of("runs/cifar"))
 *         .listener((record, context) -> System.out.println(record))
 *         .build().fit();
 * best.save(Path.of("cifar-autoencoder.zip"), false);
 * }</pre>
 *
 * <p><b>Parts.</b> The options are a {@link TrainerConfig}, checked once by {@link Builder#build()}. The
 * trainer itself only trains and validates each epoch and keeps the best loss; everything else is an
 * {@link EpochListener} (early stopping, the schedule, the plateau rule, progress, checkpoints, the
 * metrics CSV, the loss plot), and applications add their own with {@link Builder#listener(EpochListener)}.
 *
 * <p><b>Loss units.</b> Losses are reported as Keras reports them: DL4J's {@code CnnLossLayer} scores
 * sum over the H x W pixels, so for image labels ([N,C,H,W]) the trainer divides the score by H x W;
 * DL4J's binary cross-entropy also sums over the channels (Keras averages), so for it the trainer
 * divides by C as well.
 * Validation loss is the same loss function computed in inference mode.
 *
 * <p><b>Checkpoint folder.</b> {@code latest.zip} and {@code best.zip} (model bundles with updater
 * state and the {@link TrainingState} as their extra entry {@value TrainingState#ENTRY}; checkpoints of
 * earlier versions, with the state in {@code provenance.training}, resume too), {@code metrics.csv} (one
 * row per epoch) and {@code loss.png} (the loss curves). Every file is replaced atomically, so killing the
 * process at any moment leaves whole files and loses at most the epoch in progress. A checkpoint that
 * cannot be read is refused with a message naming it.
 *
 * <p><b>Randomness.</b> Before epoch {@code e} ND4J's random generator is seeded with
 * {@code seed + e}; data order and augmentation belong to the iterators (seed them as well).
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    /** File names in the checkpoint folder. */
    public static final String LATEST = "latest.zip", BEST = "best.zip", METRICS = "metrics.csv", PLOT = "loss.png";
    /** The keys of a checkpoint's {@code provenance.training} block that a released model keeps. */
    private static final List<String> RELEASED_TRAINING_KEYS = List.of("epochsDone", "bestEpoch", "bestValidationLoss");

    private final Model network;
    private final ModelMetadata metadata;
    private final Model embedderNetwork;
    private final DataSetIterator train;
    private final MultiDataSetIterator trainMulti;
    private final DataSetIterator validation;
    private final MultiDataSetIterator validationMulti;
    private final TrainerConfig config;
    private final ProgressLog progress;
    private final List<EpochRecord> history = new ArrayList<>();
    /** The largest mini-batch trained on in this run, for the provenance's batch size; 0 before the first. */
    private long largestBatch;

    private final boolean sumsOverChannels;

    private Trainer(Builder b, TrainerConfig config) {
        this.network = b.network;
        this.metadata = b.metadata;
        this.embedderNetwork = b.embedderNetwork;
        this.train = b.train;
        this.trainMulti = b.trainMulti;
        this.validation = b.validation;
        this.validationMulti = b.validationMulti;
        this.config = config;
        this.progress = new ProgressLog(config);
        this.sumsOverChannels = outputLoss(b.network) instanceof org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
    }

    /** The loss function of the network's (first) output layer, or null. */
    private static Object outputLoss(Model net) {
        Layer last = null;
        if (net instanceof MultiLayerNetwork m) {
            var confs = m.getLayerWiseConfigurations().getConfs();
            last = confs.get(confs.size() - 1).getLayer();
        } else {
            ComputationGraph cg = (ComputationGraph) net;
            GraphVertex v = cg.getConfiguration().getVertices().get(cg.getConfiguration().getNetworkOutputs().get(0));
            if (v instanceof LayerVertex lv) {
                last = lv.getLayerConf().getLayer();
            }
        }
        if (last instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer o) {
            return o.getLossFn();
        }
        if (last instanceof org.deeplearning4j.nn.conf.layers.CnnLossLayer c) {
            return c.getLossFn();
        }
        return null;
    }

    /**
     * Starts a trainer for an architecture (a reference network or your own).
     *
     * @param architecture the network to train; a new network of it ({@code newNetwork()}) is trained; {@link #fit()} returns it
     * @return the builder
     */
    public static Builder builder(ColorizationArchitecture<?> architecture) {
        Objects.requireNonNull(architecture, "architecture");
        return new Builder(architecture.newNetwork(), architecture.metadata());
    }

    /**
     * Starts a trainer that continues training a bundle (load it with
     * {@code ModelBundle.load(path, true)} to keep its updater state).
     *
     * @param bundle the model to train further
     * @return the builder
     */
    public static Builder builder(ModelBundle bundle) {
        Builder b = new Builder(bundle.network(), bundle.metadata());
        bundle.embedderNetwork().ifPresent(b::embedderNetwork);
        return b;
    }


    /** @return the epochs trained so far (including those restored from a checkpoint), oldest first */
    public List<EpochRecord> history() {
        return Collections.unmodifiableList(history);
    }

    /** @return the options this trainer was built with */
    public TrainerConfig config() {
        return config;
    }

    /** The network being trained. */
    Model network() {
        return network;
    }

    /** The metadata of the network, without the trainer's provenance. */
    ModelMetadata metadata() {
        return metadata;
    }

    /** Whether validation data was given (else the training loss is monitored). */
    boolean hasValidation() {
        return validation != null || validationMulti != null;
    }

    /**
     * Trains until the epoch count, early stopping or a listener's {@link TrainingContext#stop}, then
     * returns the best model (by validation loss; the last one without validation data), as
     * {@link #release} makes it: with its provenance filled in (epochs, batch size, best epoch and
     * validation loss, seed, and whatever was given to {@link Builder#provenance}) and without resume state.
     *
     * @return the best model as a bundle
     * @throws IOException if a checkpoint cannot be written, or an existing one is corrupt (named)
     * @throws IllegalStateException if the loss becomes NaN or infinite (the epoch is named)
     */
    public ModelBundle fit() throws IOException {
        Model net = network;
        TrainingState st = TrainingState.start(config.learningRate().orElseGet(() -> initialLearningRate(net)),
                config.seed(), config.epochs());
        Path dir = config.checkpointDir().orElse(null);
        if (dir != null) {
            Files.createDirectories(dir);
            removeStaleTemporaries(dir);
            Path latest = newestCheckpoint(dir);
            if (latest != null) {
                st = resume(latest, dir);
            }
        }
        TrainingContext context = new TrainingContext(this, history, st);
        context.setLearningRate(st.learningRate());
        List<EpochListener> listeners = listeners(dir);
        INDArray bestParams = null;
        while (context.state().epochsDone() < config.epochs()) {
            int epoch = context.state().epochsDone() + 1;
            for (EpochListener l : listeners) {
                l.onEpochStart(epoch, context);
                if (context.stopping()) {
                    break;
                }
            }
            if (context.stopping()) {
                LOG.info("stopping before epoch {}: {}", epoch, context.stopReason());
                break;
            }
            Nd4j.getRandom().setSeed(config.seed() + epoch);
            long t0 = System.nanoTime();
            double[] trained = trainEpoch(net, epoch);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double trainLoss = trained[0];
            TrainingState before = context.state();
            if (!Double.isFinite(trainLoss)) {
                throw new IllegalStateException("training loss became " + trainLoss + " in epoch " + epoch
                        + " (learning rate " + before.learningRate() + "); no checkpoint was written for this epoch");
            }
            double val = hasValidation() ? validate(net) : Double.NaN;
            context.state(before.afterEpoch(hasValidation() ? val : trainLoss));
            boolean best = context.state().bestEpoch() == epoch;
            double total = (System.nanoTime() - t0) / 1e9;
            EpochRecord rec = new EpochRecord(epoch, trainLoss, val, before.learningRate(), total, trained[1] / seconds, best);
            history.add(rec);
            if (dir == null && best) {
                bestParams = net.params().dup();
            }
            for (EpochListener l : listeners) {
                l.onEpochEnd(rec, context);
            }
            if (context.stopping()) {
                LOG.info("stopping after epoch {}: {}", epoch, context.stopReason());
                break;
            }
        }
        if (dir != null && Files.exists(dir.resolve(BEST))) {
            return release(ModelBundle.load(dir.resolve(BEST), false));
        }
        if (bestParams != null) {
            Model copy = cloneNetwork(net);
            copy.setParams(bestParams);
            return release(checkpoint(copy, context.state()));
        }
        return release(checkpoint(net, context.state()));
    }

    /**
     * The built-in listeners in their order, then the application's: at an epoch's start early stopping
     * and the schedule; at its end the plateau rule, progress, and in a checkpoint folder best.zip,
     * metrics.csv, loss.png and, last, latest.zip.
     */
    private List<EpochListener> listeners(Path dir) {
        List<EpochListener> all = new ArrayList<>();
        if (config.earlyStoppingPatience() > 0) {
            all.add(new EarlyStopping(config.earlyStoppingPatience()));
        }
        config.learningRateSchedule().ifPresent(s -> all.add(new LearningRateSchedule(s)));
        all.add(new ReduceLrOnPlateau(config));
        all.add(progress);
        if (dir != null) {
            all.add(new CheckpointWriter(dir.resolve(BEST), true));
            all.add(new MetricsCsv(dir.resolve(METRICS)));
            all.add(new LossPlot(dir.resolve(PLOT), metadata.architecture()));
            all.add(new CheckpointWriter(dir.resolve(LATEST), false));
        }
        all.addAll(config.listeners());
        return all;
    }

    /** Restores the network, updater, history and data epoch of a checkpoint; returns its state. */
    private TrainingState resume(Path latest, Path dir) throws IOException {
        ModelBundle resumed;
        try {
            resumed = ModelBundle.load(latest, true);
        } catch (BundleFormatException e) {
            throw cannotResume(latest, e);
        }
        if (!resumed.metadata().architecture().equals(metadata.architecture())) {
            throw new IOException("checkpoint " + latest + " is of architecture '" + resumed.metadata().architecture()
                    + "', not '" + metadata.architecture() + "': use another checkpoint folder");
        }
        TrainingState st = TrainingState.of(resumed, latest.toString()).forRun(config.seed(), config.epochs());
        copyState(resumed.network(), network);
        history.addAll(MetricsCsv.read(dir.resolve(METRICS), st.epochsDone()));
        // The data continues with the next epoch's shuffle and augmentation, not the first epoch's again.
        if (train instanceof ColorizationIterator it) {
            it.setEpoch(st.epochsDone());
        } else if (trainMulti instanceof ColorizationMultiIterator it) {
            it.setEpoch(st.epochsDone());
        }
        LOG.info("resuming from {} after epoch {} (learning rate {}, best validation loss {} at epoch {})",
                latest, st.epochsDone(), st.learningRate(), st.bestLoss(), st.bestEpoch());
        return st;
    }

    private static BundleFormatException cannotResume(Path checkpoint, BundleFormatException e) {
        return new BundleFormatException("cannot resume from checkpoint " + checkpoint + ": " + e.getMessage()
                + " (delete the file to start over, or restore it from a backup)", e);
    }

    /**
     * A run's {@link #METRICS metrics.csv}, read as a resumed run reads it: what a release's provenance
     * can summarise (epochs, pictures seen, time).
     *
     * @param metricsCsv the file
     * @param upToEpoch the last epoch to read
     * @return its rows up to that epoch, oldest first; none when the file is missing
     * @throws IOException naming the file and row, if a row is unreadable
     */
    public static List<EpochRecord> readMetrics(Path metricsCsv, int upToEpoch) throws IOException {
        return MetricsCsv.read(metricsCsv, upToEpoch);
    }

    /**
     * A checkpoint as a model to release: without the {@link TrainingState} entry (and without the state
     * an older checkpoint kept in {@code provenance.training}: learning rate, plateau and early-stopping
     * counters, seed, planned epochs), its provenance keeping what was trained (epochs, best epoch and
     * validation loss, seed), and every absolute path in the provenance cut to its file name, so that
     * nothing of the training machine's folders ships. {@link #fit()} returns its model this way;
     * checkpoints keep everything.
     *
     * @param checkpoint a bundle written by the trainer
     * @return the same networks with release provenance and no resume state
     */
    public static ModelBundle release(ModelBundle checkpoint) {
        ModelMetadata md = checkpoint.metadata();
        ModelMetadata.Builder b = md.toBuilder();
        md.provenance().forEach((k, v) -> b.provenance(k, PortablePaths.strip(v)));
        if (md.provenance().get(TrainingState.PROVENANCE_KEY) instanceof Map<?, ?> t) {
            Map<String, Object> kept = new LinkedHashMap<>();
            for (String k : RELEASED_TRAINING_KEYS) {
                if (t.get(k) != null) {
                    kept.put(k, t.get(k));
                }
            }
            b.provenance(TrainingState.PROVENANCE_KEY, kept);
        }
        return checkpoint.withMetadata(b.build()).withoutExtraEntry(TrainingState.ENTRY);
    }

    /**
     * Removes the hidden temporary files ({@code .latest.zip*.tmp}, ...) that a run killed while writing a
     * checkpoint leaves: every checkpoint file is written to such a file and moved into place.
     */
    static void removeStaleTemporaries(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".tmp") && (n.startsWith("." + LATEST) || n.startsWith("." + BEST)
                        || n.startsWith("." + METRICS) || n.startsWith("." + PLOT))) {
                    LOG.info("removing {}, left by a run that stopped while writing it", f);
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /**
     * The checkpoint to resume from: of {@value #LATEST} and {@value #BEST}, the one with the most
     * finished epochs ({@code best.zip} is written before {@code latest.zip}, so a run stopped between
     * the two has its newest finished epoch only in {@code best.zip}).
     *
     * @return the file, or null when the folder holds no checkpoint
     * @throws BundleFormatException naming the file if a checkpoint there is unreadable
     */
    static Path newestCheckpoint(Path dir) throws IOException {
        Path newest = null;
        int newestEpochs = -1;
        for (String name : new String[] {LATEST, BEST}) {
            Path f = dir.resolve(name);
            if (!Files.exists(f)) {
                continue;
            }
            // An unreadable checkpoint is an error, not a reason to fall back silently to an older one.
            int epochs;
            try {
                epochs = TrainingState.read(f).epochsDone();
            } catch (BundleFormatException e) {
                throw cannotResume(f, e);
            }
            if (epochs > newestEpochs) {
                newest = f;
                newestEpochs = epochs;
            }
        }
        return newest;
    }

    private double[] trainEpoch(Model net, int epoch) {
        double lossSum = 0;
        long examples = 0;
        try (ProgressLog.Batches bar = progress.batches(epoch)) {
            if (train != null) {
                train.reset();
                while (train.hasNext()) {
                    DataSet ds = train.next();
                    long n = ds.getFeatures().size(0);
                    largestBatch = Math.max(largestBatch, n);
                    if (net instanceof MultiLayerNetwork m) {
                        m.fit(ds);
                    } else {
                        ((ComputationGraph) net).fit(ds);
                    }
                    lossSum += net.score() / pixels(ds.getLabels()) * n;
                    examples += n;
                    bar.step(lossSum, examples);
                }
            } else {
                trainMulti.reset();
                while (trainMulti.hasNext()) {
                    MultiDataSet ds = trainMulti.next();
                    long n = ds.getFeatures(0).size(0);
                    largestBatch = Math.max(largestBatch, n);
                    ((ComputationGraph) net).fit(ds);
                    lossSum += net.score() / pixels(ds.getLabels(0)) * n;
                    examples += n;
                    bar.step(lossSum, examples);
                }
            }
        }
        if (examples == 0) {
            throw new IllegalStateException("the training iterator gave no examples in epoch " + epoch);
        }
        return new double[] {lossSum / examples, examples};
    }

    private double validate(Model net) {
        double sum = 0;
        long examples = 0;
        if (validation != null) {
            validation.reset();
            while (validation.hasNext()) {
                DataSet ds = validation.next();
                long n = ds.getFeatures().size(0);
                double score = net instanceof MultiLayerNetwork m ? m.score(asDataSet(ds), false)
                        : ((ComputationGraph) net).score(asDataSet(ds), false);
                sum += score / pixels(ds.getLabels()) * n;
                examples += n;
            }
        } else {
            validationMulti.reset();
            while (validationMulti.hasNext()) {
                MultiDataSet ds = validationMulti.next();
                long n = ds.getFeatures(0).size(0);
                sum += ((ComputationGraph) net).score(ds, false) / pixels(ds.getLabels(0)) * n;
                examples += n;
            }
        }
        if (examples == 0) {
            throw new IllegalStateException("the validation iterator gave no examples");
        }
        return sum / examples;
    }

    private static org.nd4j.linalg.dataset.DataSet asDataSet(DataSet ds) {
        if (ds instanceof org.nd4j.linalg.dataset.DataSet d) {
            return d;
        }
        return new org.nd4j.linalg.dataset.DataSet(ds.getFeatures(), ds.getLabels(), ds.getFeaturesMaskArray(),
                ds.getLabelsMaskArray());
    }

    /**
     * What DL4J's score is divided by to give the Keras value: H x W for image labels (CnnLossLayer sums
     * over pixels), times the channels for losses that DL4J sums over channels where Keras averages
     * them (binary cross-entropy); MSE and MAE already average over channels.
     */
    private double pixels(INDArray labels) {
        double scale = labels.rank() == 4 ? (double) labels.size(2) * labels.size(3) : 1.0;
        if (sumsOverChannels && labels.rank() >= 2) {
            scale *= labels.size(1);
        }
        return scale;
    }

    /**
     * The mini-batch size of training: the training iterator's declared batch when it has one, else the
     * largest mini-batch trained on in this run; 0 when neither is known.
     */
    int batchSize() {
        int declared = 0;
        try {
            if (train != null) {
                declared = train.batch();
            } else if (trainMulti instanceof ColorizationMultiIterator it) {
                declared = it.batch();
            }
        } catch (RuntimeException e) {
            declared = 0; // an iterator that cannot say (many throw UnsupportedOperationException): use what was seen
        }
        return declared > 0 ? declared : (int) Math.min(largestBatch, Integer.MAX_VALUE);
    }

    /**
     * The network as a checkpoint: the metadata with the trainer's provenance (the builder's entries,
     * epochs, batch size unless the builder's entries give one, seed, the released part of the training
     * block, time) and the state as its extra entry.
     */
    ModelBundle checkpoint(Model net, TrainingState st) {
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochsDone", st.epochsDone());
        if (Double.isFinite(st.bestLoss())) {
            training.put("bestValidationLoss", st.bestLoss());
        }
        training.put("bestEpoch", st.bestEpoch());
        ModelMetadata.Builder mdb = metadata.toBuilder()
                .provenance(config.provenance())
                .provenance("epochs", st.epochsDone())
                .provenance("seed", config.seed())
                .provenance(TrainingState.PROVENANCE_KEY, training)
                .provenance("created", java.time.Instant.now().toString());
        int batch = batchSize();
        if (batch > 0 && !config.provenance().containsKey(Provenance.BATCH)) {
            mdb.provenance(Provenance.BATCH, batch);
        }
        ModelMetadata md = mdb.build();
        ModelBundle b = ModelBundle.of(net, md);
        return st.attachTo(embedderNetwork != null ? b.withEmbedder(embedderNetwork) : b);
    }

    private static void copyState(Model from, Model to) {
        if (from.numParams() != to.numParams()) {
            throw new IllegalStateException("checkpoint has " + from.numParams() + " parameters, the network "
                    + to.numParams() + ": it is of another configuration; use another checkpoint folder");
        }
        to.setParams(from.params().dup());
        if (from instanceof MultiLayerNetwork f && to instanceof MultiLayerNetwork t) {
            if (f.getUpdater() != null && f.getUpdater().getStateViewArray() != null) {
                t.getUpdater().getStateViewArray().assign(f.getUpdater().getStateViewArray());
            }
            t.setEpochCount(f.getEpochCount());
            t.setIterationCount(f.getIterationCount());
        } else if (from instanceof ComputationGraph f && to instanceof ComputationGraph t) {
            if (f.getUpdater() != null && f.getUpdater().getStateViewArray() != null) {
                t.getUpdater().getStateViewArray().assign(f.getUpdater().getStateViewArray());
            }
            t.getConfiguration().setEpochCount(f.getConfiguration().getEpochCount());
            t.getConfiguration().setIterationCount(f.getConfiguration().getIterationCount());
        }
    }

    private static Model cloneNetwork(Model net) {
        return net instanceof MultiLayerNetwork m ? m.clone() : ((ComputationGraph) net).clone();
    }

    /** The learning rate of the first trainable layer's updater. */
    static double initialLearningRate(Model net) {
        List<Layer> layers = new ArrayList<>();
        if (net instanceof MultiLayerNetwork m) {
            m.getLayerWiseConfigurations().getConfs().forEach(c -> layers.add(c.getLayer()));
        } else {
            for (GraphVertex v : ((ComputationGraph) net).getConfiguration().getVertices().values()) {
                if (v instanceof LayerVertex lv) {
                    layers.add(lv.getLayerConf().getLayer());
                }
            }
        }
        for (Layer l : layers) {
            if (l instanceof BaseLayer bl && bl.getIUpdater() != null && bl.getIUpdater().hasLearningRate()) {
                return bl.getIUpdater().getLearningRate(0, 0);
            }
        }
        throw new IllegalStateException("the network has no layer with a learning rate");
    }

    /**
     * Builder of {@link Trainer}: the network and data, and the options of its {@link TrainerConfig}.
     * Defaults: 30 epochs, no learning-rate reduction, no early stopping, no checkpoints, progress bar on
     * when the output is a terminal, seed 42. Setters fail at once on a value out of range, naming the option.
     */
    public static final class Builder {
        private final Model network;
        private final ModelMetadata metadata;
        private Model embedderNetwork;
        private DataSetIterator train;
        private MultiDataSetIterator trainMulti;
        private DataSetIterator validation;
        private MultiDataSetIterator validationMulti;
        private int epochs = 30;
        private OptionalDouble learningRate = OptionalDouble.empty();
        private double plateauFactor = 1;
        private int plateauPatience = 5;
        private double minLr = 0;
        private IntToDoubleFunction schedule;
        private int earlyStoppingPatience;
        private double minDelta = 1e-4;
        private Path checkpointDir;
        private boolean progress = true;
        private int batchesPerEpoch;
        private long seed = 42;
        private final Map<String, Object> provenance = new LinkedHashMap<>();
        private final List<EpochListener> listeners = new ArrayList<>();

        private Builder(Model network, ModelMetadata metadata) {
            this.network = Objects.requireNonNull(network, "network");
            this.metadata = Objects.requireNonNull(metadata, "metadata");
        }

        /** @param it the training data (single input) */
        public Builder train(DataSetIterator it) {
            this.train = Objects.requireNonNull(it, "train");
            this.trainMulti = null;
            return this;
        }

        /** @param it the training data (several inputs: fusion networks) */
        public Builder train(MultiDataSetIterator it) {
            this.trainMulti = Objects.requireNonNull(it, "train");
            this.train = null;
            return this;
        }

        /** @param it validation data (single input); default none (the training loss is monitored) */
        public Builder validation(DataSetIterator it) {
            this.validation = it;
            this.validationMulti = null;
            return this;
        }

        /** @param it validation data (several inputs) */
        public Builder validation(MultiDataSetIterator it) {
            this.validationMulti = it;
            this.validation = null;
            return this;
        }

        /** @param n number of epochs, at least 1 (default 30) */
        public Builder epochs(int n) {
            this.epochs = OptionChecks.epochs(n);
            return this;
        }

        /** @param lr the starting learning rate (default: the network's updater's) */
        public Builder learningRate(double lr) {
            this.learningRate = OptionalDouble.of(OptionChecks.learningRate(lr));
            return this;
        }

        /**
         * Sets the learning rate of every epoch (numbered from 1) from a function, e.g. a step schedule
         * {@code e -> e < 10 ? 1e-3 : e < 20 ? 3e-4 : 1e-4}. It is applied at the start of each epoch,
         * resumed runs included, so a run stopped and resumed follows the same schedule; changing the schedule
         * between runs changes the rate of the epochs still to come. Cannot be combined with
         * {@link #reduceLrOnPlateau}. Default: none (the starting rate, and the plateau rule if set).
         *
         * @param learningRateOfEpoch epoch (1-based) to a positive learning rate
         */
        public Builder learningRateSchedule(IntToDoubleFunction learningRateOfEpoch) {
            this.schedule = Objects.requireNonNull(learningRateOfEpoch, "learningRateSchedule");
            return this;
        }

        /**
         * Multiplies the learning rate by {@code factor} after {@code patience} epochs without
         * improvement of the validation loss, never below {@code minLr} (Keras' ReduceLROnPlateau with
         * cooldown 0). Default: off.
         *
         * @param factor in (0,1)
         * @param patience epochs, at least 1
         * @param minLr the floor, at least 0
         */
        public Builder reduceLrOnPlateau(double factor, int patience, double minLr) {
            if (!(factor > 0 && factor < 1)) {
                throw new IllegalArgumentException("reduceLrOnPlateau factor must be in (0,1), was " + factor);
            }
            OptionChecks.atLeast("reduceLrOnPlateau patience", patience, 1);
            OptionChecks.nonNegative("reduceLrOnPlateau minLr", minLr);
            this.plateauFactor = factor;
            this.plateauPatience = patience;
            this.minLr = minLr;
            return this;
        }

        /** @param patience stop after this many epochs without improvement, at least 1 (default: never) */
        public Builder earlyStopping(int patience) {
            this.earlyStoppingPatience = OptionChecks.atLeast("earlyStopping patience", patience, 1);
            return this;
        }

        /**
         * @param delta the least decrease of the loss that resets the plateau counter of
         *     {@link #reduceLrOnPlateau} (Keras' {@code min_delta}; default 1e-4). The best model is kept on
         *     any decrease, and early stopping counts epochs since the best model.
         */
        public Builder minDelta(double delta) {
            this.minDelta = OptionChecks.nonNegative("minDelta", delta);
            return this;
        }

        /** Applies a reference recipe's schedule: epochs, plateau rule, early stopping. */
        public Builder recipe(TrainingRecipe recipe) {
            epochs(recipe.epochs());
            if (recipe.plateauFactor() < 1) {
                reduceLrOnPlateau(recipe.plateauFactor(), recipe.plateauPatience(), recipe.minLearningRate());
            }
            if (recipe.earlyStoppingPatience() > 0) {
                earlyStopping(recipe.earlyStoppingPatience());
            }
            return this;
        }

        /** @param dir where checkpoints, metrics and the loss plot go; a second fit() resumes from it (default none) */
        public Builder checkpointDir(Path dir) {
            this.checkpointDir = dir;
            return this;
        }

        /**
         * @param show whether to show progress within an epoch (default true): a progress bar on a
         *     terminal, else (with {@link #batchesPerEpoch(int)} known) a log line every tenth of the epoch
         */
        public Builder progress(boolean show) {
            this.progress = show;
            return this;
        }

        /** @param n batches in one epoch, for the progress bar's ETA, at least 0 (default 0: unknown) */
        public Builder batchesPerEpoch(int n) {
            this.batchesPerEpoch = OptionChecks.atLeast("batchesPerEpoch", n, 0);
            return this;
        }

        /** @param seed seeds ND4J's random generator per epoch (default 42) */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @param embedder the embedding network of a fusion model, stored with every checkpoint */
        public Builder embedderNetwork(Model embedder) {
            this.embedderNetwork = embedder;
            return this;
        }

        /** Adds a provenance entry to the trained bundle, e.g. {@code ("trainingData", "cifar-10 batches 1-2")}. */
        public Builder provenance(String key, Object value) {
            this.provenance.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        /** @param listener called after each epoch (after its checkpoint is written) with what the epoch did */
        public Builder listener(Consumer<EpochRecord> listener) {
            Objects.requireNonNull(listener, "listener");
            return listener((record, context) -> listener.accept(record));
        }

        /**
         * Adds a listener, called around every epoch after the built-in ones (see {@link EpochListener}),
         * in the order added.
         *
         * @param listener the listener
         */
        public Builder listener(EpochListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @return the trainer, with its options checked once into a {@link TrainerConfig}
         * @throws IllegalArgumentException naming the option, if no training data was given, several-input
         *     data is given for a MultiLayerNetwork, or options conflict (a schedule and a plateau rule)
         */
        public Trainer build() {
            if (train == null && trainMulti == null) {
                throw new IllegalArgumentException("train data must be given (Trainer.Builder.train)");
            }
            if (network instanceof MultiLayerNetwork && (trainMulti != null || validationMulti != null)) {
                throw new IllegalArgumentException("a MultiLayerNetwork trains on a DataSetIterator, not a MultiDataSetIterator");
            }
            return new Trainer(this, new TrainerConfig(epochs, learningRate, plateauFactor, plateauPatience, minLr,
                    Optional.ofNullable(schedule), earlyStoppingPatience, minDelta, Optional.ofNullable(checkpointDir),
                    progress, batchesPerEpoch, seed, provenance, listeners));
        }
    }
}
