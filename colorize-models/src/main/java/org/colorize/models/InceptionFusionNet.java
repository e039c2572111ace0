package org.colorize.models;

import java.util.Map;
import java.util.Optional;
import org.colorize.core.bundle.EmbedderSpec;
import org.colorize.core.layers.ChannelsLayout;
import org.colorize.core.model.Embedder;
import org.colorize.core.model.ModelKind;
import org.colorize.core.model.WorkingSize;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.misc.RepeatVector;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * The "full" network of the 100-line colorizer tutorial, i.e. Deep Koalarization (Baldassarre et al.
 * 2017): L 256x256 and a 1000-d image embedding in, ab/128 out ({@link ModelKind#L_EMBEDDING_TO_AB}).
 * 6,541,202 parameters with the defaults.
 *
 * <p>Inputs: {@code input} [N,1,H,W] raw L in [0,100] and {@code embedding} [N,1000], the output of an
 * {@link Embedder} on the gray image (the reference one is {@link InceptionResNetV2}'s softmax, with
 * inputs scaled to [-1,1]; see {@link #embedderSpec()}). Layers (names in brackets), kernel 3,
 * 'same' padding, relu unless said:
 * <pre>
 * [encoder_conv1..8]  Conv 64 (s2), 128, 128 (s2), 256, 256 (s2), 512, 512, 256   -> [N,256,H/8,W/8]
 * ([fusion_encoder_nchw] back to channels-first, when channelsLast)
 * [fusion_repeat]     RepeatVector(H/8 * W/8) of the embedding                     -> [N,1000,H/8*W/8]
 * [fusion_reshape]    reshape to [N,1000,H/8,W/8] (each channel constant over the grid)
 * [fusion_concat]     concatenate encoder then embedding on channels                -> [N,1256,H/8,W/8]
 * [fusion_1x1]        Conv 1x1 256
 * [decoder_conv1] Conv 128, [decoder_up1] Up2, [decoder_conv2] Conv 64, [decoder_up2] Up2,
 * [decoder_conv3] Conv 32, [decoder_conv4] Conv 16, [output_conv] Conv 2 tanh, [output_up] Up2
 * [output] CnnLossLayer, MSE                                                       -> [N,2,H,W] ab/128
 * </pre>
 * The fusion grid is the encoder's output size, H/8 x W/8: 32x32 at the reference 256x256. The
 * RepeatVector output is already channels-first, so it is reshaped directly (permuting first, as the
 * Keras NHWC code does, would scramble the embedding over the grid). Reference training: Adam (Keras
 * defaults), MSE, shear 0.4, zoom 0.4, rotation 40, horizontal flips.
 *
 * <pre>{@code
 * InceptionFusionNet fusion = InceptionFusionNet.builder().build();
 * InceptionResNetV2 backbone = InceptionResNetV2.builder().build();
 * Embedder embedder = backbone.embedder();
 * INDArray ab = fusion.network().output(l, embedder.embed(rgb299))[0];
 * ModelBundle bundle = fusion.bundle().withEmbedder(backbone.network());
 * }</pre>
 */
public final class InceptionFusionNet extends ReferenceNetwork implements ColorizationArchitecture<ComputationGraph> {

    /** The architecture id. */
    public static final String ID = "inception-fusion";
    private static final int[] STRIDES = {2, 1, 2, 1, 2, 1, 1, 1};

    private final int width;
    private final int height;
    private final int[] encoderFilters;
    private final int fusionFilters;
    private final int[] decoderFilters;
    private final int kernelSize;
    private final EmbedderSpec embedderSpec;
    private final boolean channelsLast;

    private InceptionFusionNet(Builder b) {
        super(b);
        this.width = b.width;
        this.height = b.height;
        this.encoderFilters = b.encoderFilters.clone();
        this.fusionFilters = b.fusionFilters;
        this.decoderFilters = b.decoderFilters.clone();
        this.kernelSize = b.kernelSize;
        this.embedderSpec = b.embedderSpec;
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
        b.fusionFilters = fusionFilters;
        b.decoderFilters = decoderFilters.clone();
        b.kernelSize = kernelSize;
        b.embedderSpec = embedderSpec;
        b.channelsLast = channelsLast;
        return b;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ModelKind kind() {
        return ModelKind.L_EMBEDDING_TO_AB;
    }

    /** @return fixed: the input size (the fusion grid fixes it) */
    @Override
    public WorkingSize workingSize() {
        return WorkingSize.fixed(width, height);
    }

    /** @return the embedder the network expects (the embedding input's size is its embeddingSize) */
    @Override
    public Optional<EmbedderSpec> embedderSpec() {
        return Optional.of(embedderSpec);
    }

    /** @return the input width */
    public int width() {
        return width;
    }

    /** @return the input height */
    public int height() {
        return height;
    }

    /** @return the width of the fusion grid, width / 8 */
    public int fusionWidth() {
        return width / 8;
    }

    /** @return the height of the fusion grid, height / 8 */
    public int fusionHeight() {
        return height / 8;
    }

    /** @return the length of the embedding input */
    public int embeddingSize() {
        return embedderSpec.embeddingSize();
    }

    /** @return the filters of the eight encoder convolutions */
    public int[] encoderFilters() {
        return encoderFilters.clone();
    }

    /** @return the filters of the 1x1 fusion convolution */
    public int fusionFilters() {
        return fusionFilters;
    }

    /** @return the filters of the four decoder convolutions before the output */
    public int[] decoderFilters() {
        return decoderFilters.clone();
    }

    /** @return the kernel size of the encoder and decoder convolutions */
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
        p.put("embeddingSize", embedderSpec.embeddingSize());
        p.put("encoderFilters", list(encoderFilters));
        p.put("fusionFilters", fusionFilters);
        p.put("decoderFilters", list(decoderFilters));
        p.put("kernelSize", kernelSize);
        p.put("channelsLast", channelsLast);
    }

    @Override
    public GraphBuilder graphBuilder() {
        int gh = height / 8;
        int gw = width / 8;
        int emb = embedderSpec.embeddingSize();
        GraphBuilder g = baseGraph()
                .addInputs("input", "embedding")
                .setInputTypes(InputType.convolutional(height, width, 1), InputType.feedForward(emb));
        CNN2DFormat f = format(channelsLast);
        String prev = "input";
        for (int i = 0; i < encoderFilters.length; i++) {
            String name = "encoder_conv" + (i + 1);
            g.addLayer(name, conv(encoderFilters[i], kernelSize, STRIDES[i], null, f), prev);
            prev = name;
        }
        if (channelsLast) {
            g.inputPreProcessor("encoder_conv1", new ChannelsLayout(CNN2DFormat.NHWC));
            g.addVertex("fusion_encoder_nchw", new PreprocessorVertex(new ChannelsLayout(CNN2DFormat.NCHW)), prev);
            prev = "fusion_encoder_nchw";
        }
        g.addLayer("fusion_repeat", new RepeatVector.Builder(gh * gw).dataFormat(RNNFormat.NCW).build(), "embedding");
        g.addVertex("fusion_reshape", new ReshapeVertex('c', new int[] {-1, emb, gh, gw}, null), "fusion_repeat");
        g.addVertex("fusion_concat", new MergeVertex(), prev, "fusion_reshape");
        g.addLayer("fusion_1x1", conv(fusionFilters, 1, 1, null, f), "fusion_concat");
        if (channelsLast) {
            g.inputPreProcessor("fusion_1x1", new ChannelsLayout(CNN2DFormat.NHWC));
        }
        g.addLayer("decoder_conv1", conv(decoderFilters[0], kernelSize, 1, null, f), "fusion_1x1");
        g.addLayer("decoder_up1", up2(f), "decoder_conv1");
        g.addLayer("decoder_conv2", conv(decoderFilters[1], kernelSize, 1, null, f), "decoder_up1");
        g.addLayer("decoder_up2", up2(f), "decoder_conv2");
        g.addLayer("decoder_conv3", conv(decoderFilters[2], kernelSize, 1, null, f), "decoder_up2");
        g.addLayer("decoder_conv4", conv(decoderFilters[3], kernelSize, 1, null, f), "decoder_conv3");
        g.addLayer("output_conv", conv(2, kernelSize, 1, outputActivation(), f), "decoder_conv4");
        g.addLayer("output_up", up2(f), "output_conv");
        g.addLayer("output", new CnnLossLayer.Builder(loss()).activation(Activation.IDENTITY).build(), "output_up");
        if (channelsLast) {
            g.inputPreProcessor("output", new ChannelsLayout(CNN2DFormat.NCHW));
        }
        g.setOutputs("output");
        return g;
    }

    /**
     * Builder of {@link InceptionFusionNet}. Reference defaults: Adam (Keras: lr 1e-3, beta 0.9/0.999,
     * epsilon 1e-7), MSE loss, tanh output, the {@link InceptionResNetV2#EMBEDDER_SPEC} embedder.
     */
    public static final class Builder extends ReferenceNetwork.Builder<Builder, InceptionFusionNet> {
        private int width = 256;
        private int height = 256;
        private int[] encoderFilters = {64, 128, 128, 256, 256, 512, 512, 256};
        private int fusionFilters = 256;
        private int[] decoderFilters = {128, 64, 32, 16};
        private int kernelSize = 3;
        private boolean channelsLast = true;
        private EmbedderSpec embedderSpec = InceptionResNetV2.EMBEDDER_SPEC;

        private Builder() {
            super(KerasDefaults.adam(), new LossMSE(), Activation.TANH);
        }

        /**
         * @param width the input width; default 256; a positive multiple of 8 (three stride-2 layers);
         *     the fusion grid is width/8 wide
         * @param height the input height; default 256; same rule
         * @return this builder
         */
        public Builder inputSize(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        /**
         * Sets the length of the embedding input, keeping the rest of the embedder spec.
         *
         * @param size the embedding length; default 1000 (Inception-ResNet-v2's classes); >= 1
         * @return this builder
         */
        public Builder embeddingSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("embeddingSize must be >= 1, was " + size);
            }
            EmbedderSpec s = embedderSpec;
            this.embedderSpec = new EmbedderSpec(s.architecture(), s.inputWidth(), s.inputHeight(), size,
                    s.inputScale(), s.inputOffset());
            return this;
        }

        /**
         * @param spec the embedder the network is trained with (architecture, input size and scaling,
         *     output length); default {@link InceptionResNetV2#EMBEDDER_SPEC}; not null
         * @return this builder
         */
        public Builder embedderSpec(EmbedderSpec spec) {
            this.embedderSpec = spec;
            return this;
        }

        /**
         * @param filters the filters of the eight encoder convolutions (strides 2,1,2,1,2,1,1,1); default
         *     {64, 128, 128, 256, 256, 512, 512, 256}; exactly 8 entries, each >= 1
         * @return this builder
         */
        public Builder encoderFilters(int... filters) {
            this.encoderFilters = copy(filters);
            return this;
        }

        /**
         * @param filters the filters of the 1x1 fusion convolution; default 256; >= 1
         * @return this builder
         */
        public Builder fusionFilters(int filters) {
            this.fusionFilters = filters;
            return this;
        }

        /**
         * @param filters the filters of the four decoder convolutions; default {128, 64, 32, 16};
         *     exactly 4 entries, each >= 1
         * @return this builder
         */
        public Builder decoderFilters(int... filters) {
            this.decoderFilters = copy(filters);
            return this;
        }

        /**
         * @param kernelSize the kernel size of the encoder and decoder convolutions; default 3; odd, >= 1
         * @return this builder
         */
        public Builder kernelSize(int kernelSize) {
            this.kernelSize = kernelSize;
            return this;
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

        @Override
        protected void validate() {
            requireMultiple("inputSize width", width, 8, "three stride-2 layers");
            requireMultiple("inputSize height", height, 8, "three stride-2 layers");
            requireNonNull(embedderSpec, "embedderSpec");
            requireFilters("encoderFilters", encoderFilters, 8);
            requireAtLeast("fusionFilters", fusionFilters, 1);
            requireFilters("decoderFilters", decoderFilters, 4);
            requireKernel("kernelSize", kernelSize);
        }

        @Override
        protected InceptionFusionNet create() {
            return new InceptionFusionNet(this);
        }
    }
}
