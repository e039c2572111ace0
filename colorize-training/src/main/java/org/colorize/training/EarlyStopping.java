package org.colorize.training;

/**
 * Stops before an epoch once {@code patience} epochs have passed without a new best loss
 * ({@link Trainer.Builder#earlyStopping}); checked at each epoch's start, so a resumed run whose
 * checkpoint had run out of patience stops at once.
 *
 * @param patience epochs without a new best loss, at least 1
 */
record EarlyStopping(int patience) implements EpochListener {

    @Override
    public void onEpochStart(int epoch, TrainingContext context) {
        int since = context.state().epochsSinceBest();
        if (since >= patience) {
            context.stop("early stopping: no validation improvement for " + since + " epochs");
        }
    }

    @Override
    public void onEpochEnd(EpochRecord record, TrainingContext context) {
    }
}
