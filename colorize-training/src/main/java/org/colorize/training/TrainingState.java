package org.colorize.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.colorize.core.bundle.BundleFormatException;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.bundle.ModelMetadata;

/**
 * What {@link Trainer} needs to resume a run after its last finished epoch, stored in every checkpoint
 * as the bundle's extra entry {@value #ENTRY} (never in a released model: {@link Trainer#release} drops it).
 *
 * <p>Checkpoints written before this entry existed kept the same values in the metadata's
 * {@code provenance.training} block; {@link #read(Path)} and {@link #of(ModelBundle, String)} read those too.
 *
 * <pre>{@code
 * TrainingState state = TrainingState.read(Path.of("runs/unet/latest.zip"));
 * System.out.println(state.epochsDone() + " epochs, learning rate " + state.learningRate());
 * }</pre>
 *
 * @param epochsDone finished epochs
 * @param learningRate the learning rate the next epoch starts with (before a schedule sets its own)
 * @param bestLoss the lowest monitored loss so far (validation loss, or training loss without
 *     validation data); positive infinity before the first epoch
 * @param bestEpoch the epoch that gave {@code bestLoss}, 0 before the first epoch
 * @param epochsSinceBest epochs since {@code bestEpoch} (early stopping counts these)
 * @param plateauBest the loss the plateau rule compares with (it moves only by more than {@code minDelta})
 * @param plateauWait epochs the plateau rule has waited since its last improvement or reduction
 * @param seed the trainer's seed
 * @param plannedEpochs the epochs the run was asked for
 */
public record TrainingState(int epochsDone, double learningRate, double bestLoss, int bestEpoch, int epochsSinceBest,
        double plateauBest, int plateauWait, long seed, int plannedEpochs) {

    /** The name of the checkpoint's extra entry that holds the state ({@link ModelBundle#withExtraEntry}). */
    public static final String ENTRY = "training-state.json";
    /** The version of {@value #ENTRY}'s format. */
    static final int FORMAT_VERSION = 1;
    /**
     * The metadata's provenance block about training: epochs done, best epoch and loss; in checkpoints
     * written before {@value #ENTRY} existed, the whole state.
     */
    static final String PROVENANCE_KEY = "training";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @throws IllegalArgumentException naming the field, if a count is negative or the learning rate is
     *     not positive
     */
    public TrainingState {
        OptionChecks.atLeast("epochsDone", epochsDone, 0);
        OptionChecks.atLeast("bestEpoch", bestEpoch, 0);
        OptionChecks.atLeast("epochsSinceBest", epochsSinceBest, 0);
        OptionChecks.atLeast("plateauWait", plateauWait, 0);
        OptionChecks.learningRate(learningRate);
    }

    /**
     * The state before the first epoch.
     *
     * @param learningRate the starting learning rate
     * @param seed the trainer's seed
     * @param plannedEpochs the epochs asked for
     * @return no epoch done, no best loss yet
     */
    static TrainingState start(double learningRate, long seed, int plannedEpochs) {
        return new TrainingState(0, learningRate, Double.POSITIVE_INFINITY, 0, 0, Double.POSITIVE_INFINITY, 0, seed,
                plannedEpochs);
    }

    /** @return this state with another learning rate */
    TrainingState withLearningRate(double lr) {
        return new TrainingState(epochsDone, lr, bestLoss, bestEpoch, epochsSinceBest, plateauBest, plateauWait, seed,
                plannedEpochs);
    }

    /** @return this state with the plateau rule's loss and counter */
    TrainingState withPlateau(double best, int wait) {
        return new TrainingState(epochsDone, learningRate, bestLoss, bestEpoch, epochsSinceBest, best, wait, seed,
                plannedEpochs);
    }

    /** @return this state with the run's seed and planned epochs (a resumed run may plan more epochs) */
    TrainingState forRun(long runSeed, int runEpochs) {
        return new TrainingState(epochsDone, learningRate, bestLoss, bestEpoch, epochsSinceBest, plateauBest, plateauWait,
                runSeed, runEpochs);
    }

    /**
     * The state after one more finished epoch: the best loss moves on any decrease (as Keras'
     * {@code ModelCheckpoint(save_best_only=True)}).
     *
     * @param monitored the epoch's monitored loss
     * @return the new state
     */
    TrainingState afterEpoch(double monitored) {
        boolean best = monitored < bestLoss;
        return new TrainingState(epochsDone + 1, learningRate, best ? monitored : bestLoss, best ? epochsDone + 1 : bestEpoch,
                best ? 0 : epochsSinceBest + 1, plateauBest, plateauWait, seed, plannedEpochs);
    }

    /** @return the state as the JSON of {@value #ENTRY}; an infinite loss is written as null */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("formatVersion", FORMAT_VERSION);
        o.put("epochsDone", epochsDone);
        o.put("learningRate", learningRate);
        putLoss(o, "bestLoss", bestLoss);
        o.put("bestEpoch", bestEpoch);
        o.put("epochsSinceBest", epochsSinceBest);
        putLoss(o, "plateauBest", plateauBest);
        o.put("plateauWait", plateauWait);
        o.put("seed", seed);
        o.put("plannedEpochs", plannedEpochs);
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putLoss(ObjectNode o, String key, double loss) {
        if (Double.isFinite(loss)) {
            o.put(key, loss);
        } else {
            o.putNull(key);
        }
    }

    /**
     * Parses the JSON of {@value #ENTRY}.
     *
     * @param json the entry's text
     * @param source names it in messages
     * @return the state
     * @throws BundleFormatException naming the source, if it is not valid JSON, of a newer format, or
     *     lacks a field
     */
    public static TrainingState fromJson(String json, String source) throws BundleFormatException {
        JsonNode o;
        try {
            o = JSON.readTree(json);
        } catch (IOException e) {
            throw new BundleFormatException(source + ": " + ENTRY + " is not valid JSON (" + e.getMessage() + ")", e);
        }
        if (o == null || !o.isObject()) {
            throw new BundleFormatException(source + ": " + ENTRY + " is not a JSON object");
        }
        int version = o.path("formatVersion").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new BundleFormatException(source + ": " + ENTRY + " has format version " + version + "; this "
                    + "library reads version " + FORMAT_VERSION + " (resume with the version that wrote it)");
        }
        return parse(source, ENTRY, "bestLoss", k -> o.hasNonNull(k) ? o.get(k).numberValue() : null);
    }

    /** The fields of the state from a JSON object or the old provenance map, by key. */
    private static TrainingState parse(String source, String where, String bestLossKey,
            java.util.function.Function<String, Number> field) throws BundleFormatException {
        try {
            double bestLoss = lossOrInfinity(field.apply(bestLossKey));
            Number plateauBest = field.apply("plateauBest");
            Number seed = field.apply("seed");
            Number planned = field.apply("plannedEpochs");
            return new TrainingState(required(field, "epochsDone").intValue(), required(field, "learningRate").doubleValue(),
                    bestLoss, required(field, "bestEpoch").intValue(), required(field, "epochsSinceBest").intValue(),
                    plateauBest == null ? bestLoss : plateauBest.doubleValue(), required(field, "plateauWait").intValue(),
                    seed == null ? 0 : seed.longValue(), planned == null ? 0 : planned.intValue());
        } catch (RuntimeException e) {
            throw new BundleFormatException(source + ": trainer state in " + where + " is incomplete or invalid ("
                    + e.getMessage() + ")");
        }
    }

    private static Number required(java.util.function.Function<String, Number> field, String key) {
        Number n = field.apply(key);
        if (n == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return n;
    }

    private static double lossOrInfinity(Number n) {
        return n == null ? Double.POSITIVE_INFINITY : n.doubleValue();
    }

    /**
     * The state of a checkpoint: its {@value #ENTRY} entry, or for a checkpoint written before that entry
     * existed, the metadata's {@code provenance.training} block.
     *
     * @param checkpoint a bundle written by the trainer
     * @param source names it in messages
     * @return the state
     * @throws BundleFormatException naming the source, if the bundle holds no (complete) trainer state
     */
    public static TrainingState of(ModelBundle checkpoint, String source) throws BundleFormatException {
        Optional<byte[]> entry = checkpoint.extraEntry(ENTRY);
        return entry.isPresent() ? fromJson(new String(entry.get(), StandardCharsets.UTF_8), source)
                : fromLegacy(checkpoint.metadata(), source);
    }

    /**
     * The state of a checkpoint file, read without restoring its network (see {@link #of(ModelBundle, String)}).
     *
     * @param checkpoint the file
     * @return the state
     * @throws BundleFormatException naming the file, if it is not a readable bundle with a trainer state
     * @throws IOException if it cannot be read
     */
    public static TrainingState read(Path checkpoint) throws IOException {
        String source = checkpoint.toString();
        Optional<byte[]> entry = ModelBundle.readExtraEntry(checkpoint, ENTRY);
        return entry.isPresent() ? fromJson(new String(entry.get(), StandardCharsets.UTF_8), source)
                : fromLegacy(ModelBundle.readMetadata(checkpoint), source);
    }

    /** The state as checkpoints before {@value #ENTRY} kept it: the provenance's "training" block. */
    static TrainingState fromLegacy(ModelMetadata md, String source) throws BundleFormatException {
        if (!(md.provenance().get(PROVENANCE_KEY) instanceof Map<?, ?> m)) {
            throw new BundleFormatException(source + ": not a trainer checkpoint (no " + ModelBundle.EXTRA_ENTRY_PREFIX
                    + ENTRY + " entry, nor an older checkpoint's provenance.training block)");
        }
        return parse(source, "provenance.training", "bestValidationLoss", k -> (Number) m.get(k));
    }

    /**
     * @param checkpoint a bundle
     * @return the bundle with this state as its {@value #ENTRY} entry
     */
    ModelBundle attachTo(ModelBundle checkpoint) {
        return checkpoint.withExtraEntry(ENTRY, toJson().getBytes(StandardCharsets.UTF_8));
    }
}
