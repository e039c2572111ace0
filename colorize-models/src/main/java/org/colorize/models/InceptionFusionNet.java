package org.colorize.models;

import java.util.List;
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
 * INDArray ab = fusion.newNetwork().output(l, embedder.embed(rgb299))[0];
 * ModelBundle bundle = fusion.bundle().withEmbedder(backbone.newNetwork());
 * }</pre>
 */
public final class InceptionFusionNet extends ReferenceNetwork implements ColorizationArchitecture<ComputationGraph> {

    /** The architecture id. */
    public static final String ID = "inception-fusion";
    private static final int[] STRIDES = {2, 1, 2, 1, 2, 1, 1, 1};

    private static final EncoderDecoderOptions DEFAULTS = new EncoderDecoderOptions(256, 256,
            List.of(64, 128, 128, 256, 256, 512, 512, 256), List.of(128, 64, 32, 16), 3, true);

    private final Options options;

    /**
     * The options of {@link InceptionFusionNet}, checked on construction.
     *
     * @param layers the input size and the encoder and decoder convolutions (8 encoder and 4 decoder
     *     filter counts)
     * @param fusionFilters the filters of the 1x1 fusion convolution; >= 1
     * @param embedderSpec the embedder the network is trained with; its embedding size is the length of
     *     the embedding input
     */
    public record Options(EncoderDecoderOptions layers, int fusionFilters, EmbedderSpec embedderSpec) {

        /** Checks the options. */
        public Options {
            OptionChecks.requireNonNull(layers, "layers");
            layers.requireLayers(STRIDES.length, 4);
            OptionChecks.requireAtLeast("fusionFilters", fusionFilters, 1);
            OptionChecks.requireNonNull(embedderSpec, "embedderSpec");
        }
    }

    private InceptionFusionNet(Builder b) {
        super(b);
        this.options = new Options(b.options(), b.fusionFilters, b.embedderSpec);
    }

    /** @return a builder with the reference defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder with this network's options */
    public Builder toBuilder() {
        Builder b = new Builder().from(this).options(options.layers());
        b.fusionFilters = options.fusionFilters();
        b.embedderSpec = options.embedderSpec();
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
        return WorkingSize.fixed(options.layers().width(), options.layers().height());
    }

    /** @return the embedder the network expects (the embedding input's size is its embeddingSize) */
    @Override
    public Optional<EmbedderSpec> embedderSpec() {
        return Optional.of(options.embedderSpec());
    }

    @Override
    public Options options() {
        return options;
    }

    /** @return the width of the fusion grid, width / 8 */
    public int fusionWidth() {
        return options.layers().width() / 8;
    }

    /** @return the height of the fusion grid, height / 8 */
    public int fusionHeight() {
        return options.layers().height() / 8;
    }

    /** @return the length of the embedding input */
    public int embeddingSize() {
        return options.embedderSpec().embeddingSize();
    }

    /** Adds the options under the names the metadata has always used (the embedder by its size). */
    @Override
    protected void addParameters(Map<String, Object> p) {
        EncoderDecoderOptions l = options.layers();
        p.put("width", l.width());
        p.put("height", l.height());
        p.put("embeddingSize", embeddingSize());
        p.put("encoderFilters", l.encoderFilters());
        p.put("fusionFilters", options.fusionFilters());
        p.put("decoderFilters", l.decoderFilters());
        p.put("kernelSize", l.kernelSize());
        p.put("channelsLast", l.channelsLast());
    }

    @Override
    public GraphBuilder graphBuilder() {
        EncoderDecoderOptions l = options.layers();
        boolean channelsLast = l.channelsLast();
        int gh = fusionHeight();
        int gw = fusionWidth();
        int emb = embeddingSize();
        int kernelSize = l.kernelSize();
        List<Integer> decoderFilters = l.decoderFilters();
        GraphBuilder g = baseGraph()
                .addInputs("input", "embedding")
                .setInputTypes(InputType.convolutional(l.height(), l.width(), 1), InputType.feedForward(emb));
        CNN2DFormat f = format(channelsLast);
        String prev = encoder(g, l, STRIDES);
        if (channelsLast) {
            g.addVertex("fusion_encoder_nchw", new PreprocessorVertex(new ChannelsLayout(CNN2DFormat.NCHW)), prev);
            prev = "fusion_encoder_nchw";
        }
        g.addLayer("fusion_repeat", new RepeatVector.Builder(gh * gw).dataFormat(RNNFormat.NCW).build(), "embedding");
        g.addVertex("fusion_reshape", new ReshapeVertex('c', new int[] {-1, emb, gh, gw}, null), "fusion_repeat");
        g.addVertex("fusion_concat", new MergeVertex(), prev, "fusion_reshape");
        g.addLayer("fusion_1x1", conv(options.fusionFilters(), 1, 1, null, f), "fusion_concat");
        if (channelsLast) {
            g.inputPreProcessor("fusion_1x1", new ChannelsLayout(CNN2DFormat.NHWC));
        }
        g.addLayer("decoder_conv1", conv(decoderFilters.get(0), kernelSize, 1, null, f), "fusion_1x1");
        g.addLayer("decoder_up1", up2(f), "decoder_conv1");
        g.addLayer("decoder_conv2", conv(decoderFilters.get(1), kernelSize, 1, null, f), "decoder_up1");
        g.addLayer("decoder_up2", up2(f), "decoder_conv2");
        g.addLayer("decoder_conv3", conv(decoderFilters.get(2), kernelSize, 1, null, f), "decoder_up2");
        g.addLayer("decoder_conv4", conv(decoderFilters.get(3), kernelSize, 1, null, f), "decoder_conv3");
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
     * Builder of {@link InceptionFusionNet}. Reference defaults: input 256x256 (any positive multiples
     * of 8; the fusion grid is width/8 x height/8), encoder filters {64, 128, 128, 256, 256, 512, 512,
     * 256} (exactly 8, strides 2,1,2,1,2,1,1,1), decoder filters {128, 64, 32, 16} (exactly 4), kernel 3,
     * channels-last, Adam (Keras: lr 1e-3, beta 0.9/0.999, epsilon 1e-7), MSE loss, tanh output, the
     * {@link InceptionResNetV2#EMBEDDER_SPEC} embedder.
     */
    public static final class Builder extends EncoderDecoderBuilder<Builder, InceptionFusionNet> {
        private int fusionFilters = 256;
        private EmbedderSpec embedderSpec = InceptionResNetV2.EMBEDDER_SPEC;

        private Builder() {
            super(DEFAULTS, KerasDefaults.adam(), new LossMSE(), Activation.TANH);
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
         * @param filters the filters of the 1x1 fusion convolution; default 256; >= 1
         * @return this builder
         */
        public Builder fusionFilters(int filters) {
            this.fusionFilters = filters;
            return this;
        }

        @Override
        protected InceptionFusionNet create() {
            return new InceptionFusionNet(this);
        }
    }
}
