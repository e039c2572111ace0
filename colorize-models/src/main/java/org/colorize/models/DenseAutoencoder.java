package org.colorize.models;

import java.util.List;
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

    private final Options options;

    /**
     * The options of {@link DenseAutoencoder}, checked on construction.
     *
     * @param width the input width; a positive multiple of 4 (two 2x2 poolings)
     * @param height the input height; same rule
     * @param inputChannels channels of the gray input: 3 for gray replicated to RGB, or 1
     * @param convFilters the filters of the two encoder convolutions (the decoder's first conv uses the
     *     second); each >= 1
     * @param kernelSize the kernel size of every convolution; odd, >= 1
     * @param latentSize the size of the dense bottleneck; >= 1
     */
    public record Options(int width, int height, int inputChannels, List<Integer> convFilters, int kernelSize,
            int latentSize) {

        /** Checks the options and copies the list. */
        public Options {
            OptionChecks.requireMultiple("inputSize width", width, 4, "two 2x2 max-poolings");
            OptionChecks.requireMultiple("inputSize height", height, 4, "two 2x2 max-poolings");
            OptionChecks.requireGrayChannels("inputChannels", inputChannels);
            convFilters = OptionChecks.requireFilters("convFilters", convFilters, 2);
            OptionChecks.requireKernel("kernelSize", kernelSize);
            OptionChecks.requireAtLeast("latentSize", latentSize, 1);
        }
    }

    private DenseAutoencoder(Builder b) {
        super(b);
        this.options = new Options(b.width, b.height, b.inputChannels, b.convFilters, b.kernelSize, b.latentSize);
    }

    /** @return a builder with the reference defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder with this network's options */
    public Builder toBuilder() {
        Builder b = new Builder().from(this).inputSize(options.width(), options.height());
        b.inputChannels = options.inputChannels();
        b.convFilters = options.convFilters();
        b.kernelSize = options.kernelSize();
        b.latentSize = options.latentSize();
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
        return WorkingSize.fixed(options.width(), options.height());
    }

    @Override
    public int inputChannels() {
        return options.inputChannels();
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public GraphBuilder graphBuilder() {
        int h4 = options.height() / 4;
        int w4 = options.width() / 4;
        int f2 = options.convFilters().get(1);
        int kernelSize = options.kernelSize();
        GraphBuilder g = baseGraph().addInputs("input")
                .setInputTypes(InputType.convolutional(options.height(), options.width(), options.inputChannels()));
        g.addLayer("encoder_conv1", conv(options.convFilters().get(0), kernelSize, 1, null), "input");
        g.addLayer("encoder_pool1", pool(), "encoder_conv1");
        g.addLayer("encoder_conv2", conv(f2, kernelSize, 1, null), "encoder_pool1");
        g.addLayer("encoder_pool2", pool(), "encoder_conv2");
        g.addLayer("latent", OneDnnDense.of(options.latentSize(), null), "encoder_pool2");
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
     * Builder of {@link DenseAutoencoder}. Reference defaults: input 80x80 (positive multiples of 4),
     * Adam (Keras: lr 1e-3, beta 0.9/0.999,
     * epsilon 1e-7), binary cross-entropy loss, sigmoid output.
     */
    public static final class Builder extends ReferenceNetwork.Builder<Builder, DenseAutoencoder> {
        private int inputChannels = 3;
        private List<Integer> convFilters = List.of(256, 128);
        private int kernelSize = 5;
        private int latentSize = 2000;

        private Builder() {
            super(80, 80, KerasDefaults.adam(), new LossBinaryXENT(), Activation.SIGMOID);
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
            this.convFilters = list(filters);
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
        protected DenseAutoencoder create() {
            return new DenseAutoencoder(this);
        }
    }
}
