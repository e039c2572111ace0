package org.colorize.training;

import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress: a log line after every epoch (losses, learning rate, images/s) and, within an epoch
 * ({@link Trainer.Builder#progress}), a progress bar on a terminal, else a log line every tenth of the
 * epoch when the number of batches is known.
 */
final class ProgressLog implements EpochListener {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private final TrainerConfig config;

    ProgressLog(TrainerConfig config) {
        this.config = config;
    }

    @Override
    public void onEpochEnd(EpochRecord r, TrainingContext context) {
        LOG.info(String.format(Locale.ROOT, "epoch %d/%d: train loss %.6f, validation loss %.6f, lr %.3g, %.1f img/s%s",
                r.epoch(), config.epochs(), r.trainLoss(), r.validationLoss(), r.learningRate(), r.imagesPerSecond(),
                r.best() ? " (best)" : ""));
    }

    /**
     * @param epoch the epoch starting
     * @return its progress within the epoch; close it at the epoch's end
     */
    Batches batches(int epoch) {
        return new Batches(epoch);
    }

    /** The progress of one epoch's batches. */
    final class Batches implements AutoCloseable {
        private final ProgressBar bar;
        private final long t0 = System.nanoTime();
        private int batchIndex;

        private Batches(int epoch) {
            boolean quiet = !config.progress() || System.console() == null;
            int planned = config.batchesPerEpoch();
            bar = quiet ? null : new ProgressBarBuilder().setTaskName("epoch " + epoch + "/" + config.epochs())
                    .setInitialMax(planned > 0 ? planned : -1)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate().build();
        }

        /**
         * @param lossSum the loss summed over the epoch's examples so far
         * @param examples the examples so far
         */
        void step(double lossSum, long examples) {
            double s = (System.nanoTime() - t0) / 1e9;
            int planned = config.batchesPerEpoch();
            batchIndex++;
            if (bar != null) {
                bar.step();
                bar.setExtraMessage(String.format(Locale.ROOT, " loss %.5f, %.1f img/s", lossSum / examples, examples / s));
            } else if (config.progress() && planned >= 10 && batchIndex % (planned / 10) == 0) {
                // Not a terminal (a log file, a background run): a line every tenth of the epoch instead.
                double eta = s / batchIndex * (planned - batchIndex);
                LOG.info(String.format(Locale.ROOT, "  batch %d/%d: loss %.5f, %.1f img/s, epoch ETA %.0f s", batchIndex,
                        planned, lossSum / examples, examples / s, eta));
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
