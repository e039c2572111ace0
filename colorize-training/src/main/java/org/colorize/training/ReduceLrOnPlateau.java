package org.colorize.training;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keras' {@code ReduceLROnPlateau} with cooldown 0, which DL4J lacks: multiplies the learning rate by
 * {@code factor} after {@code patience} epochs whose monitored loss did not fall by more than
 * {@code minDelta}, never below {@code minLr}. Its counters live in the {@link TrainingState}, so a
 * resumed run goes on counting. It counts with factor 1 too (no reduction), so that a run resumed with
 * a reduction starts from the true count.
 */
final class ReduceLrOnPlateau implements EpochListener {

    private static final Logger LOG = LoggerFactory.getLogger(ReduceLrOnPlateau.class);
    private final double factor;
    private final int patience;
    private final double minLr;
    private final double minDelta;

    ReduceLrOnPlateau(TrainerConfig config) {
        this.factor = config.plateauFactor();
        this.patience = config.plateauPatience();
        this.minLr = config.minLearningRate();
        this.minDelta = config.minDelta();
    }

    @Override
    public void onEpochEnd(EpochRecord record, TrainingContext context) {
        TrainingState st = context.state();
        double monitored = context.monitoredLoss(record);
        if (monitored < st.plateauBest() - minDelta) {
            context.state(st.withPlateau(monitored, 0));
            return;
        }
        int wait = st.plateauWait() + 1;
        context.state(st.withPlateau(st.plateauBest(), wait));
        if (factor < 1 && wait >= patience && st.learningRate() > minLr) {
            double next = Math.max(st.learningRate() * factor, minLr);
            LOG.info("epoch {}: no improvement for {} epochs, learning rate {} -> {}", record.epoch(), wait,
                    st.learningRate(), next);
            context.setLearningRate(next);
            context.state(context.state().withPlateau(st.plateauBest(), 0));
        }
    }
}
