package org.colorize.training;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.bundle.ModelMetadata;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * One training run as {@link EpochListener}s see it: the configuration, the network, the epochs so far,
 * the {@link TrainingState} that checkpoints save, and two levers: the learning rate and a stop switch.
 * Made by {@link Trainer#fit()}; valid during that call.
 */
public final class TrainingContext {

    private final Trainer trainer;
    private final List<EpochRecord> history;
    private TrainingState state;
    private String stopReason;

    TrainingContext(Trainer trainer, List<EpochRecord> history, TrainingState state) {
        this.trainer = trainer;
        this.history = Collections.unmodifiableList(history);
        this.state = state;
    }

    /** @return the trainer's configuration */
    public TrainerConfig config() {
        return trainer.config();
    }

    /** @return the network being trained ({@code MultiLayerNetwork} or {@code ComputationGraph}) */
    public Model network() {
        return trainer.network();
    }

    /** @return the metadata the trained model will carry (without the trainer's provenance) */
    public ModelMetadata metadata() {
        return trainer.metadata();
    }

    /** @return the epochs so far, oldest first, those restored from a checkpoint included (a live view) */
    public List<EpochRecord> history() {
        return history;
    }

    /**
     * @param record an epoch of this run
     * @return the loss the trainer monitors for the best model, early stopping and the plateau rule:
     *     the validation loss with validation data, else the training loss
     */
    public double monitoredLoss(EpochRecord record) {
        return trainer.hasValidation() ? record.validationLoss() : record.trainLoss();
    }

    /** @return the state as a checkpoint written now would save it */
    public TrainingState state() {
        return state;
    }

    /**
     * Sets the learning rate of the network from now on (the epoch about to start, when called from
     * {@link EpochListener#onEpochStart}); checkpoints save it.
     *
     * @param learningRate positive and finite
     * @throws IllegalArgumentException otherwise
     */
    public void setLearningRate(double learningRate) {
        OptionChecks.learningRate(learningRate);
        apply(trainer.network(), learningRate);
        state = state.withLearningRate(learningRate);
    }

    /** Sets the learning rate of every layer of a network. */
    static void apply(Model net, double lr) {
        if (net instanceof MultiLayerNetwork m) {
            m.setLearningRate(lr);
        } else {
            ((ComputationGraph) net).setLearningRate(lr);
        }
    }

    /**
     * Ends training: see {@link EpochListener} for when. {@link Trainer#fit()} then returns the best model
     * so far, as after the last epoch.
     *
     * @param reason why, for the log
     */
    public void stop(String reason) {
        this.stopReason = Objects.requireNonNull(reason, "reason");
    }

    /** @return whether {@link #stop} was called */
    public boolean stopping() {
        return stopReason != null;
    }

    /** @return the reason given to {@link #stop}, or null */
    String stopReason() {
        return stopReason;
    }

    /** Replaces the state (the trainer and its built-in listeners). */
    void state(TrainingState next) {
        this.state = Objects.requireNonNull(next, "state");
    }

    /** @return the network and metadata as a checkpoint now: the trainer's provenance and {@link #state()} */
    ModelBundle checkpoint() {
        return trainer.checkpoint(trainer.network(), state);
    }
}
