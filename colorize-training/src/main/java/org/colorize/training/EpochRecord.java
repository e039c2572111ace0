package org.colorize.training;

/**
 * What one training epoch did.
 *
 * @param epoch the epoch number, from 1
 * @param trainLoss the mean training loss over the epoch's batches, in per-pixel units (see {@link Trainer})
 * @param validationLoss the validation loss after the epoch, or NaN without validation data
 * @param learningRate the learning rate the epoch was trained with
 * @param seconds the wall time of the epoch (training and validation)
 * @param imagesPerSecond training images per second
 * @param best whether this epoch gave the best validation loss so far
 */
public record EpochRecord(int epoch, double trainLoss, double validationLoss, double learningRate, double seconds,
        double imagesPerSecond, boolean best) {

    static final String CSV_HEADER = "epoch,train_loss,val_loss,learning_rate,seconds,images_per_s,best";

    String toCsv() {
        return epoch + "," + trainLoss + "," + validationLoss + "," + learningRate + "," + seconds + ","
                + imagesPerSecond + "," + best;
    }

    static EpochRecord fromCsv(String line) {
        String[] f = line.split(",");
        return new EpochRecord(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Boolean.parseBoolean(f[6]));
    }
}
