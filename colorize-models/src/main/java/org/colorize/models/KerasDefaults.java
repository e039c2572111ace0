package org.colorize.models;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;

/**
 * The optimiser settings of Keras (TensorFlow 2), which the reference networks were trained with and
 * which differ from DL4J's own defaults (DL4J: Adam epsilon 1e-8, RmsProp lr 0.1, decay 0.95, eps 1e-8).
 *
 * <pre>{@code
 * LabBetaNet.builder().updater(KerasDefaults.rmsProp(5e-4)).build();
 * }</pre>
 *
 * <p>One small difference remains for RMSprop: DL4J adds epsilon inside the square root
 * ({@code g / sqrt(v + eps)}), Keras outside ({@code g / (sqrt(v) + eps)}); with eps = 1e-7 the two
 * differ only when {@code v} is near zero.
 */
public final class KerasDefaults {

    /** Keras' default learning rate of Adam and RMSprop. */
    public static final double LEARNING_RATE = 1e-3;
    /** Keras' Adam beta1. */
    public static final double ADAM_BETA1 = 0.9;
    /** Keras' Adam beta2. */
    public static final double ADAM_BETA2 = 0.999;
    /** Keras' epsilon of Adam and RMSprop. */
    public static final double EPSILON = 1e-7;
    /** Keras' RMSprop rho (DL4J: rmsDecay). */
    public static final double RMSPROP_RHO = 0.9;

    private KerasDefaults() {
    }

    /** @return Adam with Keras' defaults: lr 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-7 */
    public static IUpdater adam() {
        return adam(LEARNING_RATE);
    }

    /**
     * @param learningRate the learning rate, positive
     * @return Adam with Keras' beta1 0.9, beta2 0.999, epsilon 1e-7
     */
    public static IUpdater adam(double learningRate) {
        checkRate(learningRate);
        return new Adam(learningRate, ADAM_BETA1, ADAM_BETA2, EPSILON);
    }

    /** @return RMSprop with Keras' defaults: lr 1e-3, rho 0.9, epsilon 1e-7 */
    public static IUpdater rmsProp() {
        return rmsProp(LEARNING_RATE);
    }

    /**
     * @param learningRate the learning rate, positive
     * @return RMSprop with Keras' rho 0.9, epsilon 1e-7
     */
    public static IUpdater rmsProp(double learningRate) {
        checkRate(learningRate);
        return new RmsProp(learningRate, RMSPROP_RHO, EPSILON);
    }

    private static void checkRate(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive finite number, was " + learningRate);
        }
    }
}
