package org.colorize.training;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.IntToDoubleFunction;

/**
 * How a {@link Trainer} trains: its options, checked once when the record is made (by
 * {@link Trainer.Builder#build()}), so that a trainer never meets an invalid one. Every invalid value
 * fails with a message that names the option. {@link Trainer#config()} gives a trainer's configuration.
 *
 * @param epochs the epochs to train, at least 1 (builder default 30)
 * @param learningRate the starting learning rate; empty = the network's updater's (default)
 * @param plateauFactor the learning-rate factor after a plateau, in (0,1]; 1 = no reduction (default)
 * @param plateauPatience epochs without improvement before the reduction, at least 1 (default 5)
 * @param minLearningRate the floor of the plateau reduction, at least 0 (default 0)
 * @param learningRateSchedule each epoch's learning rate (epochs from 1); empty = none (default).
 *     Excludes a plateau reduction
 * @param earlyStoppingPatience stop after this many epochs without a new best loss; 0 = never (default)
 * @param minDelta the least decrease that resets the plateau counter, at least 0 (default 1e-4)
 * @param checkpointDir where checkpoints, metrics and the loss plot go (absolute); empty = none (default)
 * @param progress whether to show progress within an epoch (default true)
 * @param batchesPerEpoch batches in one epoch, for the progress ETA; 0 = unknown (default)
 * @param seed seeds ND4J's random generator before each epoch (seed + epoch; default 42)
 * @param provenance entries added to the trained model's provenance (unmodifiable)
 * @param listeners the application's epoch listeners, called after the built-in ones (unmodifiable)
 */
public record TrainerConfig(int epochs, OptionalDouble learningRate, double plateauFactor, int plateauPatience,
        double minLearningRate, Optional<IntToDoubleFunction> learningRateSchedule, int earlyStoppingPatience,
        double minDelta, Optional<Path> checkpointDir, boolean progress, int batchesPerEpoch, long seed,
        Map<String, Object> provenance, List<EpochListener> listeners) {

    /**
     * @throws IllegalArgumentException naming the option, if a value is out of range or a learning-rate
     *     schedule is combined with a plateau reduction
     */
    public TrainerConfig {
        OptionChecks.epochs(epochs);
        learningRate.ifPresent(OptionChecks::learningRate);
        if (!(plateauFactor > 0 && plateauFactor <= 1)) {
            throw new IllegalArgumentException("plateauFactor must be in (0,1], was " + plateauFactor);
        }
        OptionChecks.atLeast("plateauPatience", plateauPatience, 1);
        OptionChecks.nonNegative("minLearningRate", minLearningRate);
        if (learningRateSchedule.isPresent() && plateauFactor < 1) {
            throw new IllegalArgumentException("learningRateSchedule and reduceLrOnPlateau cannot both be set: "
                    + "the schedule decides every epoch's rate");
        }
        OptionChecks.atLeast("earlyStoppingPatience", earlyStoppingPatience, 0);
        OptionChecks.nonNegative("minDelta", minDelta);
        OptionChecks.atLeast("batchesPerEpoch", batchesPerEpoch, 0);
        checkpointDir = checkpointDir.map(Path::toAbsolutePath);
        provenance = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(provenance, "provenance")));
        listeners = List.copyOf(listeners);
    }

    /** @return whether the learning rate is reduced on a plateau ({@code plateauFactor < 1}) */
    public boolean reducesLrOnPlateau() {
        return plateauFactor < 1;
    }
}
