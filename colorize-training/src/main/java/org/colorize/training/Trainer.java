package org.colorize.training;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.colorize.core.bundle.BundleFormatException;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.bundle.ModelMetadata;
import org.colorize.core.internal.AtomicFiles;
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
 * plateau (Keras' {@code ReduceLROnPlateau}, which DL4J lacks), early stopping, the best model kept by
 * validation loss, and checkpoints that survive a crash: the best and the latest model, each written
 * atomically with its updater state and the trainer's state, so that {@link #fit()} on the same
 * checkpoint folder resumes after the last finished epoch.
 *
 * <pre>{@code
 * ModelBundle best = Trainer.builder(CifarAutoencoder.builder().build())
 *         .train(trainIterator).validation(validationIterator)
 *         .recipe(TrainingRecipe.CIFAR_AUTOENCODER)          // 30 epochs, LR x sqrt(0.1) after 5 flat epochs
 *         .checkpointDir(Path.of("runs/cifar"))
 *         .build().fit();
 * best.save(Path.of("cifar-autoencoder.zip"), false);
 * }</pre>
 *
 * <p><b>Loss units.</b> Losses are reported as Keras reports them: DL4J's {@code CnnLossLayer} scores
 * sum over the H x W pixels, so for image labels ([N,C,H,W]) the trainer divides the score by H x W;
 * DL4J's binary cross-entropy also sums over the channels (Keras averages), so for it the trainer
 * divides by C as well.
 * Validation loss is the same loss function computed in inference mode.
 *
 * <p><b>Checkpoint folder.</b> {@code latest.zip} and {@code best.zip} (model bundles with updater
 * state; the trainer's state is in their metadata under {@code provenance.training}),
 * {@code metrics.csv} (one row per epoch) and {@code loss.png} (the loss curves). Every file is
 * replaced atomically, so killing the process at any moment leaves whole files and loses at most the
 * epoch in progress. A checkpoint that cannot be read is refused with a message naming it.
 *
 * <p><b>Randomness.</b> Before epoch {@code e} ND4J's random generator is seeded with
 * {@code seed + e}; data order and augmentation belong to the iterators (seed them as well).
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    /** File names in the checkpoint folder. */
    public static final String LATEST = "latest.zip", BEST = "best.zip", METRICS = "metrics.csv", PLOT = "loss.png";

    private final Builder cfg;
    private final List<EpochRecord> history = new ArrayList<>();

    private final boolean sumsOverChannels;

    private Trainer(Builder b) {
        this.cfg = b;
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

    /**
     * Trains until the epoch count or early stopping, then returns the best model (by validation loss;
     * the last one without validation data), with its provenance filled in: epochs, best epoch and
     * validation loss, learning rate, seed, and whatever was given to {@link Builder#provenance}.
     *
     * @return the best model as a bundle
     * @throws IOException if a checkpoint cannot be written, or an existing one is corrupt (named)
     * @throws IllegalStateException if the loss becomes NaN or infinite (the epoch is named)
     */
    public ModelBundle fit() throws IOException {
        Model net = cfg.network;
        State st = new State();
        st.learningRate = cfg.learningRate > 0 ? cfg.learningRate : initialLearningRate(net);
        INDArray bestParams = null;
        if (cfg.checkpointDir != null) {
            Files.createDirectories(cfg.checkpointDir);
            removeStaleTemporaries(cfg.checkpointDir);
            Path latest = newestCheckpoint(cfg.checkpointDir);
            if (latest != null) {
                ModelBundle resumed;
                try {
                    resumed = ModelBundle.load(latest, true);
                } catch (BundleFormatException e) {
                    throw new BundleFormatException("cannot resume from checkpoint " + latest + ": " + e.getMessage()
                            + " (delete the file to start over, or restore it from a backup)", e);
                }
                if (!resumed.metadata().architecture().equals(cfg.metadata.architecture())) {
                    throw new IOException("checkpoint " + latest + " is of architecture '"
                            + resumed.metadata().architecture() + "', not '" + cfg.metadata.architecture()
                            + "': use another checkpoint folder");
                }
                st = State.from(resumed.metadata(), latest);
                copyState(resumed.network(), net);
                history.addAll(readMetrics(cfg.checkpointDir.resolve(METRICS), st.epochsDone));
                // The data continues with the next epoch's shuffle and augmentation, not the first epoch's again.
                if (cfg.train instanceof ColorizationIterator it) {
                    it.setEpoch(st.epochsDone);
                } else if (cfg.trainMulti instanceof ColorizationMultiIterator it) {
                    it.setEpoch(st.epochsDone);
                }
                LOG.info("resuming from {} after epoch {} (learning rate {}, best validation loss {} at epoch {})",
                        latest, st.epochsDone, st.learningRate, st.bestLoss, st.bestEpoch);
            }
        }
        setLearningRate(net, st.learningRate);
        boolean hasValidation = cfg.validation != null || cfg.validationMulti != null;
        while (st.epochsDone < cfg.epochs) {
            if (cfg.earlyStoppingPatience > 0 && st.sinceBest >= cfg.earlyStoppingPatience) {
                LOG.info("early stopping: no validation improvement for {} epochs", st.sinceBest);
                break;
            }
            int epoch = st.epochsDone + 1;
            if (cfg.schedule != null) {
                double lr = cfg.schedule.applyAsDouble(epoch);
                if (!(lr > 0) || Double.isInfinite(lr)) {
                    throw new IllegalStateException("the learning rate schedule gave " + lr + " for epoch " + epoch
                            + "; it must give a positive number");
                }
                if (lr != st.learningRate) {
                    LOG.info("epoch {}: learning rate {} -> {} (schedule)", epoch, st.learningRate, lr);
                    st.learningRate = lr;
                    setLearningRate(net, lr);
                }
            }
            Nd4j.getRandom().setSeed(cfg.seed + epoch);
            long t0 = System.nanoTime();
            double[] train = trainEpoch(net, epoch);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double trainLoss = train[0];
            if (!Double.isFinite(trainLoss)) {
                throw new IllegalStateException("training loss became " + trainLoss + " in epoch " + epoch
                        + " (learning rate " + st.learningRate + "); no checkpoint was written for this epoch");
            }
            double val = hasValidation ? validate(net) : Double.NaN;
            double monitored = hasValidation ? val : trainLoss;
            // The best model: any decrease (as Keras' ModelCheckpoint(save_best_only=True)).
            boolean best = monitored < st.bestLoss;
            double lrUsed = st.learningRate;
            if (best) {
                st.bestLoss = monitored;
                st.bestEpoch = epoch;
                st.sinceBest = 0;
            } else {
                st.sinceBest++;
            }
            // The plateau rule: a decrease of more than minDelta (as Keras' ReduceLROnPlateau).
            if (monitored < st.plateauBest - cfg.minDelta) {
                st.plateauBest = monitored;
                st.plateauWait = 0;
            } else {
                st.plateauWait++;
                if (cfg.plateauFactor < 1 && st.plateauWait >= cfg.plateauPatience && st.learningRate > cfg.minLr) {
                    double next = Math.max(st.learningRate * cfg.plateauFactor, cfg.minLr);
                    LOG.info("epoch {}: no improvement for {} epochs, learning rate {} -> {}", epoch, st.plateauWait,
                            st.learningRate, next);
                    st.learningRate = next;
                    setLearningRate(net, next);
                    st.plateauWait = 0;
                }
            }
            st.epochsDone = epoch;
            double total = (System.nanoTime() - t0) / 1e9;
            EpochRecord rec = new EpochRecord(epoch, trainLoss, val, lrUsed, total, train[1] / seconds, best);
            history.add(rec);
            LOG.info(String.format(Locale.ROOT, "epoch %d/%d: train loss %.6f, validation loss %.6f, lr %.3g, %.1f img/s%s",
                    epoch, cfg.epochs, trainLoss, val, lrUsed, rec.imagesPerSecond(), best ? " (best)" : ""));
            if (cfg.checkpointDir != null) {
                if (best) {
                    bundle(net, st).save(cfg.checkpointDir.resolve(BEST), true);
                }
                writeMetrics();
                LossPlot.write(history, cfg.checkpointDir.resolve(PLOT), cfg.metadata.architecture());
                // latest last: once it names epoch e, best.zip and metrics.csv already include epoch e.
                bundle(net, st).save(cfg.checkpointDir.resolve(LATEST), true);
            } else if (best) {
                bestParams = net.params().dup();
            }
            cfg.listeners.forEach(l -> l.accept(rec));
        }
        if (cfg.checkpointDir != null && Files.exists(cfg.checkpointDir.resolve(BEST))) {
            return release(ModelBundle.load(cfg.checkpointDir.resolve(BEST), false));
        }
        if (bestParams != null) {
            Model copy = cloneNetwork(net);
            copy.setParams(bestParams);
            return release(bundle(copy, st));
        }
        return release(bundle(net, st));
    }

    /**
     * A checkpoint as a model to release: its provenance keeps what was trained (epochs, best epoch and
     * validation loss, seed) and drops the state only resuming needs (learning rate, plateau and
     * early-stopping counters, planned epochs). {@link #fit()} returns its model this way; checkpoints
     * keep everything.
     *
     * @param checkpoint a bundle written by the trainer
     * @return the same networks with release provenance
     */
    public static ModelBundle release(ModelBundle checkpoint) {
        ModelMetadata md = checkpoint.metadata();
        if (!(md.provenance().get("training") instanceof Map<?, ?> t)) {
            return checkpoint;
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        for (String k : new String[] {"epochsDone", "bestEpoch", "bestValidationLoss"}) {
            if (t.get(k) != null) {
                kept.put(k, t.get(k));
            }
        }
        return checkpoint.withMetadata(md.toBuilder().provenance("training", kept).build());
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
                epochs = State.from(ModelBundle.readMetadata(f), f).epochsDone;
            } catch (BundleFormatException e) {
                throw new BundleFormatException("cannot resume from checkpoint " + f + ": " + e.getMessage()
                        + " (delete the file to start over, or restore it from a backup)", e);
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
        boolean quiet = !cfg.progress || System.console() == null;
        ProgressBar bar = quiet ? null : new ProgressBarBuilder().setTaskName("epoch " + epoch + "/" + cfg.epochs)
                .setInitialMax(cfg.batchesPerEpoch > 0 ? cfg.batchesPerEpoch : -1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate().build();
        long t0 = System.nanoTime();
        batchIndex = 0;
        try {
            if (cfg.train != null) {
                cfg.train.reset();
                while (cfg.train.hasNext()) {
                    DataSet ds = cfg.train.next();
                    long n = ds.getFeatures().size(0);
                    if (net instanceof MultiLayerNetwork m) {
                        m.fit(ds);
                    } else {
                        ((ComputationGraph) net).fit(ds);
                    }
                    lossSum += net.score() / pixels(ds.getLabels()) * n;
                    examples += n;
                    step(bar, lossSum, examples, t0);
                }
            } else {
                cfg.trainMulti.reset();
                while (cfg.trainMulti.hasNext()) {
                    MultiDataSet ds = cfg.trainMulti.next();
                    long n = ds.getFeatures(0).size(0);
                    ((ComputationGraph) net).fit(ds);
                    lossSum += net.score() / pixels(ds.getLabels(0)) * n;
                    examples += n;
                    step(bar, lossSum, examples, t0);
                }
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        if (examples == 0) {
            throw new IllegalStateException("the training iterator gave no examples in epoch " + epoch);
        }
        return new double[] {lossSum / examples, examples};
    }

    private int batchIndex;

    private void step(ProgressBar bar, double lossSum, long examples, long t0) {
        double s = (System.nanoTime() - t0) / 1e9;
        batchIndex++;
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.5f, %.1f img/s", lossSum / examples, examples / s));
        } else if (cfg.progress && cfg.batchesPerEpoch >= 10 && batchIndex % (cfg.batchesPerEpoch / 10) == 0) {
            // Not a terminal (a log file, a background run): a line every tenth of the epoch instead.
            double eta = s / batchIndex * (cfg.batchesPerEpoch - batchIndex);
            LOG.info(String.format(Locale.ROOT, "  batch %d/%d: loss %.5f, %.1f img/s, epoch ETA %.0f s", batchIndex,
                    cfg.batchesPerEpoch, lossSum / examples, examples / s, eta));
        }
    }

    private double validate(Model net) {
        double sum = 0;
        long examples = 0;
        if (cfg.validation != null) {
            cfg.validation.reset();
            while (cfg.validation.hasNext()) {
                DataSet ds = cfg.validation.next();
                long n = ds.getFeatures().size(0);
                double score = net instanceof MultiLayerNetwork m ? m.score(asDataSet(ds), false)
                        : ((ComputationGraph) net).score(asDataSet(ds), false);
                sum += score / pixels(ds.getLabels()) * n;
                examples += n;
            }
        } else {
            cfg.validationMulti.reset();
            while (cfg.validationMulti.hasNext()) {
                MultiDataSet ds = cfg.validationMulti.next();
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

    private ModelBundle bundle(Model net, State st) {
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochsDone", st.epochsDone);
        training.put("learningRate", st.learningRate);
        training.put("bestValidationLoss", Double.isFinite(st.bestLoss) ? st.bestLoss : null);
        training.put("bestEpoch", st.bestEpoch);
        training.put("epochsSinceBest", st.sinceBest);
        training.put("plateauWait", st.plateauWait);
        training.put("plateauBest", Double.isFinite(st.plateauBest) ? st.plateauBest : null);
        training.put("seed", cfg.seed);
        training.put("plannedEpochs", cfg.epochs);
        ModelMetadata md = cfg.metadata.toBuilder()
                .provenance(cfg.provenance)
                .provenance("epochs", st.epochsDone)
                .provenance("seed", cfg.seed)
                .provenance("training", training)
                .provenance("created", java.time.Instant.now().toString())
                .build();
        ModelBundle b = ModelBundle.of(net, md);
        return cfg.embedderNetwork != null ? b.withEmbedder(cfg.embedderNetwork) : b;
    }

    private void writeMetrics() throws IOException {
        StringBuilder sb = new StringBuilder(EpochRecord.CSV_HEADER).append('\n');
        for (EpochRecord r : history) {
            sb.append(r.toCsv()).append('\n');
        }
        AtomicFiles.write(cfg.checkpointDir.resolve(METRICS), out -> out.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static List<EpochRecord> readMetrics(Path file, int upToEpoch) throws IOException {
        List<EpochRecord> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            if (!line.isBlank()) {
                try {
                    EpochRecord r = EpochRecord.fromCsv(line);
                    if (r.epoch() <= upToEpoch) {
                        out.add(r);
                    }
                } catch (RuntimeException e) {
                    throw new IOException(file + ": unreadable metrics row '" + line + "'", e);
                }
            }
        }
        return out;
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

    private static void setLearningRate(Model net, double lr) {
        if (net instanceof MultiLayerNetwork m) {
            m.setLearningRate(lr);
        } else {
            ((ComputationGraph) net).setLearningRate(lr);
        }
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

    /** The trainer's own state, stored in each checkpoint's metadata. */
    private static final class State {
        int epochsDone;
        double learningRate;
        double bestLoss = Double.POSITIVE_INFINITY;
        double plateauBest = Double.POSITIVE_INFINITY;
        int bestEpoch;
        int sinceBest;
        int plateauWait;

        static State from(ModelMetadata md, Path source) throws BundleFormatException {
            Object t = md.provenance().get("training");
            if (!(t instanceof Map<?, ?> m)) {
                throw new BundleFormatException(source + ": not a trainer checkpoint (no provenance.training entry)");
            }
            try {
                State s = new State();
                s.epochsDone = ((Number) m.get("epochsDone")).intValue();
                s.learningRate = ((Number) m.get("learningRate")).doubleValue();
                Object best = m.get("bestValidationLoss");
                s.bestLoss = best == null ? Double.POSITIVE_INFINITY : ((Number) best).doubleValue();
                s.bestEpoch = ((Number) m.get("bestEpoch")).intValue();
                s.sinceBest = ((Number) m.get("epochsSinceBest")).intValue();
                s.plateauWait = ((Number) m.get("plateauWait")).intValue();
                Object pb = m.get("plateauBest");
                s.plateauBest = pb == null ? s.bestLoss : ((Number) pb).doubleValue();
                return s;
            } catch (RuntimeException e) {
                throw new BundleFormatException(source + ": trainer state in provenance.training is incomplete (" + e + ")");
            }
        }
    }

    /**
     * Builder of {@link Trainer}. Defaults: 30 epochs, no learning-rate reduction, no early stopping,
     * no checkpoints, progress bar on when the output is a terminal, seed 42.
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
        private double learningRate = -1;
        private double plateauFactor = 1;
        private int plateauPatience = 5;
        private double minLr = 0;
        private java.util.function.IntToDoubleFunction schedule;
        private int earlyStoppingPatience;
        private double minDelta = 1e-4;
        private Path checkpointDir;
        private boolean progress = true;
        private int batchesPerEpoch = -1;
        private long seed = 42;
        private final Map<String, Object> provenance = new LinkedHashMap<>();
        private final List<Consumer<EpochRecord>> listeners = new ArrayList<>();

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
            if (!(lr > 0) || Double.isInfinite(lr)) {
                throw new IllegalArgumentException("learningRate must be positive, was " + lr);
            }
            this.learningRate = lr;
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
        public Builder learningRateSchedule(java.util.function.IntToDoubleFunction learningRateOfEpoch) {
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
            this.checkpointDir = dir == null ? null : dir.toAbsolutePath();
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

        /** @param n batches in one epoch, for the progress bar's ETA (default unknown) */
        public Builder batchesPerEpoch(int n) {
            this.batchesPerEpoch = n;
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

        /** @param listener called after each epoch (after its checkpoint is written) */
        public Builder listener(Consumer<EpochRecord> listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @return the trainer
         * @throws IllegalArgumentException if no training data was given, or several-input data is
         *     given for a MultiLayerNetwork
         */
        public Trainer build() {
            if (train == null && trainMulti == null) {
                throw new IllegalArgumentException("train data must be given (Trainer.Builder.train)");
            }
            if (schedule != null && plateauFactor < 1) {
                throw new IllegalArgumentException("learningRateSchedule and reduceLrOnPlateau cannot both be set: "
                        + "the schedule decides every epoch's rate");
            }
            if (network instanceof MultiLayerNetwork && (trainMulti != null || validationMulti != null)) {
                throw new IllegalArgumentException("a MultiLayerNetwork trains on a DataSetIterator, not a MultiDataSetIterator");
            }
            return new Trainer(this);
        }
    }

    static void printTo(PrintStream out, List<EpochRecord> h) {
        h.forEach(r -> out.println(r.toCsv()));
    }
}
