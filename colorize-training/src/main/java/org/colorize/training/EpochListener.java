package org.colorize.training;

import java.io.IOException;

/**
 * Called by {@link Trainer} around every epoch. The trainer's own behaviours are listeners too, called
 * first, in this order: at an epoch's start early stopping and the learning-rate schedule; at its end
 * the plateau rule, the progress line, {@code best.zip}, {@code metrics.csv}, {@code loss.png} and
 * {@code latest.zip}. Yours ({@link Trainer.Builder#listener(EpochListener)}) come after them, so when
 * your {@link #onEpochEnd} runs, the epoch's checkpoints are on disk.
 *
 * <pre>{@code
 * Trainer.builder(network).train(data)
 *         .listener((record, context) -> {
 *             if (record.trainLoss() < 1e-3) {
 *                 context.stop("training loss below 1e-3");
 *             }
 *         })
 *         .build().fit();
 * }</pre>
 */
@FunctionalInterface
public interface EpochListener {

    /**
     * Before an epoch is trained (after a resume too: then first for the epoch after the checkpoint's).
     * {@link TrainingContext#stop} here skips the epoch and the start of the listeners after this one.
     *
     * @param epoch the epoch about to be trained, from 1
     * @param context the run: its state, learning rate, stop switch
     * @throws IOException to end {@link Trainer#fit()} with it
     */
    default void onEpochStart(int epoch, TrainingContext context) throws IOException {
    }

    /**
     * After an epoch was trained and validated. {@link TrainingContext#stop} here lets the listeners
     * after this one run, then ends training.
     *
     * @param record what the epoch did
     * @param context the run: its state (already counting this epoch), history, learning rate, stop switch
     * @throws IOException to end {@link Trainer#fit()} with it
     */
    void onEpochEnd(EpochRecord record, TrainingContext context) throws IOException;
}
