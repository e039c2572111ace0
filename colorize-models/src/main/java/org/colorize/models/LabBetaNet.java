package org.colorize.models;

import java.util.List;
import org.colorize.core.layers.ChannelsLayout;
import org.colorize.core.model.ModelKind;
import org.colorize.core.model.WorkingSize;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * The "beta" network of the 100-line colorizer tutorial (Emil Wallner): L 256x256 in, ab/128 out
 * ({@link ModelKind#L_TO_AB}). 3,892,194 parameters with the defaults.
 *
 * <p>Layers (names in brackets), kernel 3, 'same' padding, relu unless said:
 * <pre>
 * input [N,1,256,256] raw L in [0,100]
 * [encoder_conv1..9]  Conv 64, 64 (s2), 128, 128 (s2), 256, 256 (s2), 512, 256, 128  -> [N,128,32,32]
 * [decoder_up1] Up2, [decoder_conv1] Conv 64
 * [decoder_up2] Up2, [decoder_conv2] Conv 32
 * [output_conv] Conv 2 tanh, [output_up] Up2                                      -> [N,2,256,256] ab/128
 * [output] CnnLossLayer, MSE
 * </pre>
 * Reference training: RMSprop (Keras defaults), MSE, 9,500 Unsplash images at 256x256 with shear 0.2,
 * zoom 0.2, rotation 20 and horizontal flips. The network is fully convolutional; the working size
 * is the input size (it was trained at one size).
 *
 * <pre>{@code
 * LabBetaNet beta = LabBetaNet.builder().inputSize(128, 128).build();
 * ComputationGraph net = beta.newNetwork();
 * }</pre>
 */
public final class LabBetaNet extends ReferenceNetwork implements ColorizationArchitecture<ComputationGraph> {

    /** The architecture id. */
    public static final String ID = "lab-beta";
    private static final int[] STRIDES = {1, 2, 1, 2, 1, 2, 1, 1, 1};
    private static final EncoderDecoderOptions DEFAULTS = new EncoderDecoderOptions(256, 256,
            List.of(64, 64, 128, 128, 256, 256, 512, 256, 128), List.of(64, 32), 3, true);

    private final EncoderDecoderOptions options;

    private LabBetaNet(Builder b) {
        super(b);
        this.options = b.options().requireLayers(STRIDES.length, 2);
    }

    /** @return a builder with the reference defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder with this network's options */
    public Builder toBuilder() {
        return new Builder().from(this).options(options);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ModelKind kind() {
        return ModelKind.L_TO_AB;
    }

    /** @return fixed: the input size */
    @Override
    public WorkingSize workingSize() {
        return WorkingSize.fixed(options.width(), options.height());
    }

    /**
     * @return the options: the input size, nine encoder and two decoder filter counts
     */
    @Override
    public EncoderDecoderOptions options() {
        return options;
    }

    @Override
    public GraphBuilder graphBuilder() {
        CNN2DFormat f = format(options.channelsLast());
        int k = options.kernelSize();
        GraphBuilder g = baseGraph().addInputs("input")
                .setInputTypes(InputType.convolutional(options.height(), options.width(), 1));
        String prev = upDecoder(g, options, encoder(g, options, STRIDES));
        g.addLayer("output_conv", conv(2, k, 1, outputActivation(), f), prev);
        g.addLayer("output_up", up2(f), "output_conv");
        g.addLayer("output", new CnnLossLayer.Builder(loss()).activation(Activation.IDENTITY).build(), "output_up");
        if (options.channelsLast()) {
            g.inputPreProcessor("output", new ChannelsLayout(CNN2DFormat.NCHW));
        }
        g.setOutputs("output");
        return g;
    }

    /**
     * Builder of {@link LabBetaNet}. Reference defaults: input 256x256 (any positive multiples of 8),
     * encoder filters {64, 64, 128, 128, 256, 256, 512, 256, 128} (exactly 9, strides 1,2,1,2,1,2,1,1,1),
     * decoder filters {64, 32} (exactly 2), kernel 3, channels-last, RMSprop (Keras: lr 1e-3, rho 0.9, epsilon 1e-7), MSE loss,
     * tanh output.
     */
    public static final class Builder extends EncoderDecoderBuilder<Builder, LabBetaNet> {

        private Builder() {
            super(DEFAULTS, KerasDefaults.rmsProp(), new LossMSE(), Activation.TANH);
        }

        @Override
        protected LabBetaNet create() {
            return new LabBetaNet(this);
        }
    }
}
