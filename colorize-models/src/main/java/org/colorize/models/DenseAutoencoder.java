package org.colorize.models;

import java.util.Map;
import org.colorize.core.layers.OneDnnDense;
import org.colorize.core.model.ModelKind;
import org.colorize.core.model.WorkingSize;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/**
 * The cats-and-dogs gray-to-colour autoencoder with a wide dense bottleneck: gray replicated to RGB,
 * 80x80, in; RGB out ({@link ModelKind#GRAY_TO_RGB}). 206,111,315 parameters with the defaults, 99% of
 * them in the two dense layers (824 MB of FLOAT weights; training with Adam needs about 2.5 GB).
 *
 * <p>Layers (names in brackets), 'same' padding, relu unless said:
 * <pre>
 * input [N,3,80,80] gray replicated to three channels, in [0,1]
 * [encoder_conv1] Conv 256 (5x5), [encoder_pool1] MaxPool 2
 * [encoder_conv2] Conv 128 (5x5), [encoder_pool2] MaxPool 2             -> [N,128,20,20]
 * [latent]        Dense 2000 (Flatten before it)
 * [decoder_dense] Dense 20*20*128 (Reshape to [N,128,20,20] after it)
 * [decoder_up1] Up2, [decoder_conv1] Conv 128 (5x5)
 * [decoder_up2] Up2, [output_conv] Conv 3 (5x5) sigmoid               -> [N,3,80,80] RGB
 * [output] CnnLossLayer, binary cross-entropy
 * </pre>
 * Reference training: Adam (Keras defaults), binary cross-entropy. The activation of the two dense
 * layers follows {@link Builder#activation} (relu), an assumption: the reference lists only the layer
 * sizes.
 */
public final class DenseAutoencoder extends ReferenceNetwork implements ColorizationArchitecture<ComputationGraph> {

    /** The architecture id. */
    public static final String ID = "dense-autoencoder";

    private final int width;
    private final int height;
    private final int inputChannels;
    private final int[] convFilters;
    private final int kernelSize;
    private final int latentSize;

    private DenseAutoencoder(Builder b) {
        super(b);
        this.width = b.width;
        this.height = b.height;
        this.inputChannels = b.inputChannels;
        this.convFilters = b.convFilters.clone();
        this.kernelSize = b.kernelSize;
        this.latentSize = b.latentSize;
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
        b.inputChannels = inputChannels;
        b.convFilters = convFilters.clone();
        b.kernelSize = kernelSize;
        b.latentSize = latentSize;
        return b;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ModelKind kind() {
        return ModelKind.GRAY_TO_RGB;
    }

    /** @return fixed: the input size (dense layers fix it) */
    @Override
    public WorkingSize workingSize() {
        return WorkingSize.fixed(width, height);
    }

    @Override
    public int inputChannels() {
        return inputChannels;
    }

    /** @return the input width */
    public int width() {
        return width;
    }

    /** @return the input height */
    public int height() {
        return height;
    }

    /** @return the filters of the two encoder convolutions (the decoder's first conv uses the second) */
    public int[] convFilters() {
        return convFilters.clone();
    }

    /** @return the kernel size */
    public int kernelSize() {
        return kernelSize;
    }

    /** @return the size of the dense bottleneck */
    public int latentSize() {
        return latentSize;
    }

    @Override
    protected void addParameters(Map<String, Object> p) {
        p.put("width", width);
        p.put("height", height);
        p.put("inputChannels", inputChannels);
        p.put("convFilters", list(convFilters));
        p.put("kernelSize", kernelSize);
        p.put("latentSize", latentSize);
    }

    @Override
    public GraphBuilder graphBuilder() {
        int h4 = height / 4;
        int w4 = width / 4;
        int f2 = convFilters[1];
        GraphBuilder g = baseGraph().addInputs("input")
                .setInputTypes(InputType.convolutional(height, width, inputChannels));
        g.addLayer("encoder_conv1", conv(convFilters[0], kernelSize, 1, null), "input");
        g.addLayer("encoder_pool1", pool(), "encoder_conv1");
        g.addLayer("encoder_conv2", conv(f2, kernelSize, 1, null), "encoder_pool1");
        g.addLayer("encoder_pool2", pool(), "encoder_conv2");
        g.addLayer("latent", OneDnnDense.of(latentSize, null), "encoder_pool2");
        g.addLayer("decoder_dense", OneDnnDense.of((long) h4 * w4 * f2, null), "latent");
        g.addLayer("decoder_up1", new Upsampling2D.Builder(2).build(), "decoder_dense");
        g.inputPreProcessor("decoder_up1", new FeedForwardToCnnPreProcessor(h4, w4, f2));
        g.addLayer("decoder_conv1", conv(f2, kernelSize, 1, null), "decoder_up1");
        g.addLayer("decoder_up2", new Upsampling2D.Builder(2).build(), "decoder_conv1");
        g.addLayer("output_conv", conv(3, kernelSize, 1, outputActivation()), "decoder_up2");
        g.addLayer("output", new CnnLossLayer.Builder(loss()).activation(Activation.IDENTITY).build(), "output_conv");
        g.setOutputs("output");
        return g;
    }

    private static SubsamplingLayer pool() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
    }

    /**
     * Builder of {@link DenseAutoencoder}. Reference defaults: Adam (Keras: lr 1e-3, beta 0.9/0.999,
     * epsilon 1e-7), binary cross-entropy loss, sigmoid output.
     */
    public static final class Builder extends ReferenceNetwork.Builder<Builder, DenseAutoencoder> {
        private int width = 80;
        private int height = 80;
        private int inputChannels = 3;
        private int[] convFilters = {256, 128};
        private int kernelSize = 5;
        private int latentSize = 2000;

        private Builder() {
            super(KerasDefaults.adam(), new LossBinaryXENT(), Activation.SIGMOID);
        }

        /**
         * @param width the input width; default 80; a positive multiple of 4 (two 2x2 poolings)
         * @param height the input height; default 80; same rule
         * @return this builder
         */
        public Builder inputSize(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        /**
         * @param channels channels of the gray input: 3 (default, gray replicated to RGB) or 1
         * @return this builder
         */
        public Builder inputChannels(int channels) {
            this.inputChannels = channels;
            return this;
        }

        /**
         * @param filters the filters of the two encoder convolutions; default {256, 128}; exactly 2
         *     entries, each >= 1
         * @return this builder
         */
        public Builder convFilters(int... filters) {
            this.convFilters = copy(filters);
            return this;
        }

        /**
         * @param kernelSize the kernel size of every convolution; default 5; odd, >= 1
         * @return this builder
         */
        public Builder kernelSize(int kernelSize) {
            this.kernelSize = kernelSize;
            return this;
        }

        /**
         * @param latentSize the size of the dense bottleneck; default 2000; >= 1
         * @return this builder
         */
        public Builder latentSize(int latentSize) {
            this.latentSize = latentSize;
            return this;
        }

        @Override
        protected void validate() {
            requireMultiple("inputSize width", width, 4, "two 2x2 max-poolings");
            requireMultiple("inputSize height", height, 4, "two 2x2 max-poolings");
            if (inputChannels != 1 && inputChannels != 3) {
                throw new IllegalArgumentException("inputChannels must be 1 or 3, was " + inputChannels);
            }
            requireFilters("convFilters", convFilters, 2);
            requireKernel("kernelSize", kernelSize);
            requireAtLeast("latentSize", latentSize, 1);
        }

        @Override
        protected DenseAutoencoder create() {
            return new DenseAutoencoder(this);
        }
    }
}
