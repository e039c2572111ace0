package org.colorize.core.layers;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adds a learned bias per channel to NCHW activations, then applies an activation: the missing half
 * of Keras' {@code BatchNormalization(scale=False)}.
 *
 * <p>Keras' batch normalisation without scale has a learned offset (beta) and running mean and
 * variance, 3 parameters a channel; DL4J's {@code BatchNormalization} has either gamma and beta too (4
 * a channel) or neither ({@code lockGammaBeta}, 2 a channel). {@code BatchNormalization(lockGammaBeta,
 * gamma 1, beta 0)} followed by this layer computes exactly Keras' {@code (x - mean) / sqrt(var + eps)
 * + beta} with Keras' parameter count, and beta trains as in Keras (a bias before the normalisation
 * would cancel out in training mode). The bias param is {@code b}, shape [1, C, 1, 1], initialised
 * to 0.
 *
 * <pre>{@code
 * graph.addLayer("conv1_bn", new BatchNormalization.Builder().lockGammaBeta(true).build(), "conv1")
 *      .addLayer("conv1_bn_beta", new ChannelBias(Activation.RELU), "conv1_bn");
 * }</pre>
 */
public class ChannelBias extends SameDiffLayer {

    /** The name of the bias parameter. */
    public static final String BIAS = "b";

    private long channels;
    private Activation activation = Activation.IDENTITY;

    /** For JSON deserialisation: no activation, channels set from the input type. */
    public ChannelBias() {
    }

    /**
     * @param activation applied after the bias: {@link Activation#IDENTITY}, {@link Activation#RELU},
     *     {@link Activation#SIGMOID} or {@link Activation#TANH}
     * @throws IllegalArgumentException for another activation
     */
    public ChannelBias(Activation activation) {
        setActivation(activation);
    }

    /** @return the number of channels (set from the input type) */
    public long getChannels() {
        return channels;
    }

    /** @param channels the number of channels */
    public void setChannels(long channels) {
        this.channels = channels;
    }

    /** @return the activation after the bias */
    public Activation getActivation() {
        return activation;
    }

    /** @param activation the activation after the bias (see {@link #ChannelBias(Activation)}) */
    public void setActivation(Activation activation) {
        if (activation != Activation.IDENTITY && activation != Activation.RELU && activation != Activation.SIGMOID
                && activation != Activation.TANH) {
            throw new IllegalArgumentException("ChannelBias activation must be IDENTITY, RELU, SIGMOID or TANH, was "
                    + activation);
        }
        this.activation = activation;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        SDVariable z = input.add(params.get(BIAS));
        return switch (activation) {
            case RELU -> sd.nn().relu(z, 0);
            case SIGMOID -> sd.nn().sigmoid(z);
            case TANH -> sd.math().tanh(z);
            default -> z;
        };
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addBiasParam(BIAS, 1, channels, 1, 1);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get(BIAS).assign(0);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (!(inputType instanceof InputType.InputTypeConvolutional c)) {
            throw new IllegalArgumentException("ChannelBias needs a convolutional (NCHW) input, got " + inputType);
        }
        if (channels <= 0 || override) {
            channels = c.getChannels();
        }
    }
}
