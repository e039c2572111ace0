package org.colorize.models;

import java.util.Map;
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
 * }</pre>
 */
public final class LabBetaNet extends ReferenceNetwork implements ColorizationArchitecture<ComputationGraph> {

    /** The architecture id. */
    public static final String ID = "lab-beta";
    private static final int[] STRIDES = {1, 2, 1, 2, 1, 2, 1, 1, 1};

    private final int width;
    private final int height;
    private final int[] encoderFilters;
    private final int[] decoderFilters;
    private final int kernelSize;
    private final boolean channelsLast;

    private LabBetaNet(Builder b) {
        super(b);
        this.width = b.width;
        this.height = b.height;
        this.encoderFilters = b.encoderFilters.clone();
        this.decoderFilters = b.decoderFilters.clone();
        this.kernelSize = b.kernelSize;
        this.channelsLast = b.channelsLast;
    }

    /** @return a builder with the reference defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder with this network's options */
    public Builder toBuilder() {
        Builder b = new Builder().from(this);
        b.width = width;
        b.height = height;
        b.encoderFilters = encoderFilters.clone();
        b.decoderFilters = decoderFilters.clone();
        b.kernelSize = kernelSize;
        b.channelsLast = channelsLast;
        return b;
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
        return WorkingSize.fixed(width, height);
    }

    /** @return the input width */
    public int width() {
        return width;
    }

    /** @return the input height */
    public int height() {
        return height;
    }

    /** @return the filters of the nine encoder convolutions */
    public int[] encoderFilters() {
        return encoderFilters.clone();
    }

    /** @return the filters of the two decoder convolutions before the output */
    public int[] decoderFilters() {
        return decoderFilters.clone();
    }

    /** @return the kernel size */
    public int kernelSize() {
        return kernelSize;
    }

    /** @return whether the layers run channels-last (NHWC) inside; inputs and outputs are NCHW either way */
    public boolean channelsLast() {
        return channelsLast;
    }

    @Override
    protected void addParameters(Map<String, Object> p) {
        p.put("width", width);
        p.put("height", height);
        p.put("encoderFilters", list(encoderFilters));
        p.put("decoderFilters", list(decoderFilters));
        p.put("kernelSize", kernelSize);
        p.put("channelsLast", channelsLast);
    }

    @Override
    public GraphBuilder graphBuilder() {
        CNN2DFormat f = format(channelsLast);
        GraphBuilder g = baseGraph().addInputs("input").setInputTypes(InputType.convolutional(height, width, 1));
        String prev = "input";
        for (int i = 0; i < encoderFilters.length; i++) {
            String name = "encoder_conv" + (i + 1);
            g.addLayer(name, conv(encoderFilters[i], kernelSize, STRIDES[i], null, f), prev);
            prev = name;
        }
        if (channelsLast) {
            g.inputPreProcessor("encoder_conv1", new ChannelsLayout(CNN2DFormat.NHWC));
        }
        for (int i = 0; i < decoderFilters.length; i++) {
            g.addLayer("decoder_up" + (i + 1), up2(f), prev);
            g.addLayer("decoder_conv" + (i + 1), conv(decoderFilters[i], kernelSize, 1, null, f), "decoder_up" + (i + 1));
            prev = "decoder_conv" + (i + 1);
        }
        g.addLayer("output_conv", conv(2, kernelSize, 1, outputActivation(), f), prev);
        g.addLayer("output_up", up2(f), "output_conv");
        g.addLayer("output", new CnnLossLayer.Builder(loss()).activation(Activation.IDENTITY).build(), "output_up");
        if (channelsLast) {
            g.inputPreProcessor("output", new ChannelsLayout(CNN2DFormat.NCHW));
        }
        g.setOutputs("output");
        return g;
    }

    /**
     * Builder of {@link LabBetaNet}. Reference defaults: RMSprop (Keras: lr 1e-3, rho 0.9, epsilon
     * 1e-7), MSE loss, tanh output.
     */
    public static final class Builder extends ReferenceNetwork.Builder<Builder, LabBetaNet> {
        private int width = 256;
        private int height = 256;
        private int[] encoderFilters = {64, 64, 128, 128, 256, 256, 512, 256, 128};
        private int[] decoderFilters = {64, 32};
        private int kernelSize = 3;
        private boolean channelsLast = true;

        private Builder() {
            super(KerasDefaults.rmsProp(), new LossMSE(), Activation.TANH);
        }

        /**
         * @param channelsLast whether the layers run channels-last (NHWC) inside, which libnd4j's oneDNN
         *     convolutions run 1.5-15x faster; inputs and outputs stay NCHW, parameters and results are
         *     the same; default true
         * @return this builder
         */
        public Builder channelsLast(boolean channelsLast) {
            this.channelsLast = channelsLast;
            return this;
        }

        /**
         * @param width the input width; default 256; a positive multiple of 8 (three stride-2 layers)
         * @param height the input height; default 256; same rule
         * @return this builder
         */
        public Builder inputSize(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        /**
         * @param filters the filters of the nine encoder convolutions (strides 1,2,1,2,1,2,1,1,1);
         *     default {64, 64, 128, 128, 256, 256, 512, 256, 128}; exactly 9 entries, each >= 1
         * @return this builder
         */
        public Builder encoderFilters(int... filters) {
            this.encoderFilters = copy(filters);
            return this;
        }

        /**
         * @param filters the filters of the two decoder convolutions; default {64, 32}; exactly 2 entries
         * @return this builder
         */
        public Builder decoderFilters(int... filters) {
            this.decoderFilters = copy(filters);
            return this;
        }

        /**
         * @param kernelSize the kernel size of every convolution; default 3; odd, >= 1
         * @return this builder
         */
        public Builder kernelSize(int kernelSize) {
            this.kernelSize = kernelSize;
            return this;
        }

        @Override
        protected void validate() {
            requireMultiple("inputSize width", width, 8, "three stride-2 layers");
            requireMultiple("inputSize height", height, 8, "three stride-2 layers");
            requireFilters("encoderFilters", encoderFilters, 9);
            requireFilters("decoderFilters", decoderFilters, 2);
            requireKernel("kernelSize", kernelSize);
        }

        @Override
        protected LabBetaNet create() {
            return new LabBetaNet(this);
        }
    }
}
