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
 * The "alpha" network of the 100-line colorizer tutorial (Emil Wallner, "Coloring B&amp;W portraits
 * with neural networks"): L in, ab/128 out ({@link ModelKind#L_TO_AB}), fully convolutional. 32,202
 * parameters with the defaults.
 *
 * <p>Layers (names in brackets), kernel 3, 'same' padding, relu unless said:
 * <pre>
 * input [N,1,H,W] raw L in [0,100]; H and W multiples of 8
 * [encoder_conv1..6]  Conv 8 (stride 2), 8, 16, 16 (stride 2), 32, 32 (stride 2)  -> [N,32,H/8,W/8]
 * [decoder_up1] Up2, [decoder_conv1] Conv 32
 * [decoder_up2] Up2, [decoder_conv2] Conv 16
 * [decoder_up3] Up2, [output_conv] Conv 2 tanh                               -> [N,2,H,W] ab/128
 * [output] CnnLossLayer, MSE
 * </pre>
 * Reference training: RMSprop (Keras defaults), MSE, one 400x400 image. The input size given to the
 * builder only serves DL4J's shape inference and the working size: the network accepts any H, W that
 * are multiples of 8.
 *
 * <pre>{@code
 * LabAlphaNet alpha = LabAlphaNet.builder().build();
 * INDArray ab = alpha.newNetwork().outputSingle(l);   // [N,1,H,W] -> [N,2,H,W]
 * }</pre>
 */
public final class LabAlphaNet extends ReferenceNetwork implements ColorizationArchitecture<ComputationGraph> {

    /** The architecture id. */
    public static final String ID = "lab-alpha";
    private static final int[] STRIDES = {2, 1, 1, 2, 1, 2};
    private static final EncoderDecoderOptions DEFAULTS = new EncoderDecoderOptions(400, 400,
            List.of(8, 8, 16, 16, 32, 32), List.of(32, 16), 3, true);

    private final EncoderDecoderOptions options;

    private LabAlphaNet(Builder b) {
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

    /** @return adaptive: sides multiples of 8, the longer at most max(width, height) of the input size */
    @Override
    public WorkingSize workingSize() {
        return WorkingSize.adaptive(8, Math.max(options.width(), options.height()));
    }

    /**
     * @return the options: the nominal input size (shape inference, largest working side), six encoder
     *     and two decoder filter counts
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
        g.addLayer("decoder_up3", up2(f), prev);
        g.addLayer("output_conv", conv(2, k, 1, outputActivation(), f), "decoder_up3");
        g.addLayer("output", new CnnLossLayer.Builder(loss()).activation(Activation.IDENTITY).build(), "output_conv");
        if (options.channelsLast()) {
            g.inputPreProcessor("output", new ChannelsLayout(CNN2DFormat.NCHW));
        }
        g.setOutputs("output");
        return g;
    }

    /**
     * Builder of {@link LabAlphaNet}. Reference defaults: input 400x400 (any positive multiples of 8),
     * encoder filters {8, 8, 16, 16, 32, 32} (exactly 6, strides 2,1,1,2,1,2), decoder filters {32, 16}
     * (exactly 2), kernel 3, channels-last, RMSprop (Keras: lr 1e-3, rho 0.9, epsilon 1e-7), MSE loss,
     * tanh output.
     */
    public static final class Builder extends EncoderDecoderBuilder<Builder, LabAlphaNet> {

        private Builder() {
            super(DEFAULTS, KerasDefaults.rmsProp(), new LossMSE(), Activation.TANH);
        }

        @Override
        protected LabAlphaNet create() {
            return new LabAlphaNet(this);
        }
    }
}
