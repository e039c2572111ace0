package org.colorize.models;

import java.util.List;
import org.colorize.core.layers.OneDnnDeconvolution2D;
import org.colorize.core.layers.OneDnnDense;
import org.colorize.core.model.ModelKind;
import org.colorize.core.model.WorkingSize;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * The colorization autoencoder on CIFAR of "Advanced Deep Learning with Keras" (ch. 3): gray 32x32 in,
 * RGB 32x32 out ({@link ModelKind#GRAY_TO_RGB}). 3,431,811 parameters with the defaults.
 *
 * <p>Layers (names in brackets), all 'same' padding, NCHW:
 * <pre>
 * input [N,1,32,32] gray in [0,1]
 * [encoder_conv1..3]    Conv2D(64, 128, 256; kernel 3, stride 2, relu)       -> [N,256,4,4]
 * [latent]              Dense(256), linear (Flatten before it)
 * [decoder_dense]       Dense(4*4*256), linear (Reshape to [N,256,4,4] after it)
 * [decoder_deconv1..3]  Conv2DTranspose(256, 128, 64; kernel 3, stride 2, relu) -> [N,64,32,32]
 * [decoder_output]      Conv2DTranspose(3; kernel 3, stride 1, sigmoid)       -> [N,3,32,32] RGB
 * [output]              CnnLossLayer, MSE
 * </pre>
 * Reference training: Adam (Keras defaults), batch 32, 30 epochs, LR x sqrt(0.1) after a 5-epoch
 * plateau (min 5e-7), best checkpoint by validation loss. Flatten/Reshape are in NCHW (C,H,W) order
 * where Keras uses (H,W,C): the same layers, but Keras Dense weights need their rows permuted to load.
 * The layers are {@link org.colorize.core.layers.OneDnnConvolution2D},
 * {@link org.colorize.core.layers.OneDnnDense} and {@link OneDnnDeconvolution2D} (same parameters
 * and results as DL4J's ConvolutionLayer, DenseLayer and Deconvolution2D, several times faster).
 *
 * <pre>{@code
 * CifarAutoencoder ae = CifarAutoencoder.builder().layerFilters(32, 64, 128).latentSize(128).build();
 * ComputationGraph net = ae.newNetwork();
 * INDArray rgb = net.outputSingle(gray);   // [N,1,32,32] -> [N,3,32,32]
 * }</pre>
 */
public final class CifarAutoencoder extends ReferenceNetwork implements ColorizationArchitecture<ComputationGraph> {

    /** The architecture id. */
    public static final String ID = "cifar-autoencoder";

    private final Options options;

    /**
     * The options of {@link CifarAutoencoder}, checked on construction.
     *
     * @param width the input width; a positive multiple of 2^(number of layerFilters)
     * @param height the input height; same rule
     * @param inputChannels channels of the gray input: 1, or 3 for gray replicated to RGB
     * @param layerFilters the filters of the encoder convolutions, one stride-2 layer each (the decoder
     *     mirrors them); 1 to 6 entries, each >= 1
     * @param kernelSize the kernel size of every (transposed) convolution; odd, >= 1
     * @param latentSize the size of the latent vector; >= 1
     * @param oneDnnDeconvolution whether the transposed convolutions are {@link OneDnnDeconvolution2D}
     *     layers
     */
    public record Options(int width, int height, int inputChannels, List<Integer> layerFilters, int kernelSize,
            int latentSize, boolean oneDnnDeconvolution) {

        /** Checks the options and copies the list. */
        public Options {
            OptionChecks.requireNonNull(layerFilters, "layerFilters");
            if (layerFilters.isEmpty() || layerFilters.size() > 6) {
                throw new IllegalArgumentException("layerFilters must have 1 to 6 entries, was " + layerFilters);
            }
            layerFilters = OptionChecks.requireFilters("layerFilters", layerFilters, layerFilters.size());
            int div = 1 << layerFilters.size();
            String why = layerFilters.size() + " stride-2 layers";
            OptionChecks.requireMultiple("inputSize width", width, div, why);
            OptionChecks.requireMultiple("inputSize height", height, div, why);
            OptionChecks.requireGrayChannels("inputChannels", inputChannels);
            OptionChecks.requireKernel("kernelSize", kernelSize);
            OptionChecks.requireAtLeast("latentSize", latentSize, 1);
        }
    }

    private CifarAutoencoder(Builder b) {
        super(b);
        this.options = new Options(b.width, b.height, b.inputChannels, b.layerFilters, b.kernelSize, b.latentSize,
                b.oneDnnDeconvolution);
    }

    /** @return a builder with the reference defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder with this network's options */
    public Builder toBuilder() {
        Builder b = new Builder().from(this).inputSize(options.width(), options.height());
        b.inputChannels = options.inputChannels();
        b.layerFilters = options.layerFilters();
        b.kernelSize = options.kernelSize();
        b.latentSize = options.latentSize();
        b.oneDnnDeconvolution = options.oneDnnDeconvolution();
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
        List<Integer> layerFilters = options.layerFilters();
        int n = layerFilters.size();
        int div = 1 << n;
        int lastFilters = layerFilters.get(n - 1);
        int width = options.width();
        int height = options.height();
        int kernelSize = options.kernelSize();
        GraphBuilder g = baseGraph()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(height, width, options.inputChannels()));
        String prev = "input";
        for (int i = 0; i < n; i++) {
            String name = "encoder_conv" + (i + 1);
            g.addLayer(name, conv(layerFilters.get(i), kernelSize, 2, null), prev);
            prev = name;
        }
        g.addLayer("latent", OneDnnDense.of(options.latentSize(), Activation.IDENTITY), prev);
        g.addLayer("decoder_dense", OneDnnDense.of((long) (height / div) * (width / div) * lastFilters, Activation.IDENTITY),
                "latent");
        prev = "decoder_dense";
        for (int i = 0; i < n; i++) {
            String name = "decoder_deconv" + (i + 1);
            g.addLayer(name, deconv(new Deconvolution2D.Builder(kernelSize, kernelSize).stride(2, 2)
                    .nOut(layerFilters.get(n - 1 - i))), prev);
            if (i == 0) {
                g.inputPreProcessor(name, new FeedForwardToCnnPreProcessor(height / div, width / div, lastFilters));
            }
            prev = name;
        }
        g.addLayer("decoder_output", deconv(new Deconvolution2D.Builder(kernelSize, kernelSize).stride(1, 1).nOut(3)
                .activation(outputActivation())), prev);
        g.addLayer("output", new CnnLossLayer.Builder(loss()).activation(Activation.IDENTITY).build(), "decoder_output");
        g.setOutputs("output");
        return g;
    }

    private Deconvolution2D deconv(Deconvolution2D.Builder b) {
        return options.oneDnnDeconvolution() ? OneDnnDeconvolution2D.of(b) : b.build();
    }

    /**
     * Builder of {@link CifarAutoencoder}. Reference defaults: input 32x32 (positive multiples of
     * 2^(number of layerFilters)), Adam (Keras: lr 1e-3, beta 0.9/0.999,
     * epsilon 1e-7), MSE loss, sigmoid output.
     */
    public static final class Builder extends ReferenceNetwork.Builder<Builder, CifarAutoencoder> {
        private int inputChannels = 1;
        private List<Integer> layerFilters = List.of(64, 128, 256);
        private int kernelSize = 3;
        private int latentSize = 256;
        private boolean oneDnnDeconvolution = true;

        private Builder() {
            super(32, 32, KerasDefaults.adam(), new LossMSE(), Activation.SIGMOID);
        }

        /**
         * @param channels channels of the gray input: 1 (default), or 3 for gray replicated to RGB
         * @return this builder
         */
        public Builder inputChannels(int channels) {
            this.inputChannels = channels;
            return this;
        }

        /**
         * @param filters the filters of the encoder convolutions, one stride-2 layer each; the decoder
         *     mirrors them; default {64, 128, 256}; 1 to 6 entries, each >= 1
         * @return this builder
         */
        public Builder layerFilters(int... filters) {
            this.layerFilters = list(filters);
            return this;
        }

        /**
         * @param kernelSize the kernel size of every (transposed) convolution; default 3; odd, >= 1
         * @return this builder
         */
        public Builder kernelSize(int kernelSize) {
            this.kernelSize = kernelSize;
            return this;
        }

        /**
         * @param latentSize the size of the latent vector; default 256; >= 1
         * @return this builder
         */
        public Builder latentSize(int latentSize) {
            this.latentSize = latentSize;
            return this;
        }

        /**
         * @param enabled whether the transposed convolutions use {@link OneDnnDeconvolution2D}
         *     (default true: same layer, same parameters, several times faster with a oneDNN build of
         *     ND4J) or DL4J's own {@link Deconvolution2D}
         * @return this builder
         */
        public Builder oneDnnDeconvolution(boolean enabled) {
            this.oneDnnDeconvolution = enabled;
            return this;
        }

        @Override
        protected CifarAutoencoder create() {
            return new CifarAutoencoder(this);
        }
    }
}
