package org.colorize.training;

/**
 * The range checks of the training options, shared by {@link TrainingSetup.Builder},
 * {@link Trainer.Builder}, {@link TrainerConfig}, {@link TrainingState} and {@link TrainingRecipe} so that an option has one rule and one message
 * (naming the option) wherever it is set.
 */
final class OptionChecks {

    private OptionChecks() {
    }

    /**
     * @param option the option's name, for the message
     * @param value its value
     * @param min the least value allowed
     * @return the value
     * @throws IllegalArgumentException "OPTION must be >= MIN, was VALUE" if it is smaller
     */
    static int atLeast(String option, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be >= " + min + ", was " + value);
        }
        return value;
    }

    /**
     * @param option the option's name, for the message
     * @param value its value
     * @return the value
     * @throws IllegalArgumentException "OPTION must be >= 0, was VALUE" if it is negative or NaN
     */
    static double nonNegative(String option, double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(option + " must be >= 0, was " + value);
        }
        return value;
    }

    /**
     * @param lr a learning rate
     * @return it
     * @throws IllegalArgumentException "learningRate must be positive, was VALUE" unless positive and finite
     */
    static double learningRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learningRate must be positive, was " + lr);
        }
        return lr;
    }

    /** @return the number of epochs, at least 1 (TrainingSetup, Trainer and TrainingRecipe all take epochs) */
    static int epochs(int n) {
        return atLeast("epochs", n, 1);
    }

    /** @return the batch size, at least 1 (TrainingSetup and TrainingRecipe) */
    static int batchSize(int n) {
        return atLeast("batchSize", n, 1);
    }
}
