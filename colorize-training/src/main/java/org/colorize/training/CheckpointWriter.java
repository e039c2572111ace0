package org.colorize.training;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a checkpoint after an epoch: the network with its updater state, the trainer's provenance and
 * the {@link TrainingState} ({@value TrainingState#ENTRY}), atomically. {@code best.zip} only after an
 * epoch with a new best loss; {@code latest.zip} after every epoch, and last, so that once it names
 * epoch e, {@code best.zip} and {@code metrics.csv} already include epoch e.
 *
 * @param file the checkpoint file
 * @param onlyBest whether to write only after an epoch with a new best loss
 */
record CheckpointWriter(Path file, boolean onlyBest) implements EpochListener {

    @Override
    public void onEpochEnd(EpochRecord record, TrainingContext context) throws IOException {
        if (record.best() || !onlyBest) {
            context.checkpoint().save(file, true);
        }
    }
}
