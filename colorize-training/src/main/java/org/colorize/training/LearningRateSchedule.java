package org.colorize.training;

import java.util.function.IntToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets each epoch's learning rate from a function at the epoch's start, resumed runs included, so a run
 * stopped and resumed follows the same schedule ({@link Trainer.Builder#learningRateSchedule}).
 *
 * @param rateOfEpoch epoch (from 1) to a positive learning rate
 */
record LearningRateSchedule(IntToDoubleFunction rateOfEpoch) implements EpochListener {

    private static final Logger LOG = LoggerFactory.getLogger(LearningRateSchedule.class);

    @Override
    public void onEpochStart(int epoch, TrainingContext context) {
        double lr = rateOfEpoch.applyAsDouble(epoch);
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalStateException("the learning rate schedule gave " + lr + " for epoch " + epoch
                    + "; it must give a positive number");
        }
        double current = context.state().learningRate();
        if (lr != current) {
            LOG.info("epoch {}: learning rate {} -> {} (schedule)", epoch, current, lr);
            context.setLearningRate(lr);
        }
    }

    @Override
    public void onEpochEnd(EpochRecord record, TrainingContext context) {
    }
}
