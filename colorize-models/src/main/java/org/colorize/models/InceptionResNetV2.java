package org.colorize.models;

import java.util.ArrayList;
import java.util.List;
import org.colorize.core.bundle.EmbedderSpec;
import org.colorize.core.bundle.NetworkEmbedder;
import org.colorize.core.layers.ChannelBias;
import org.colorize.core.model.Embedder;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Keras' {@code InceptionResNetV2} (include_top): RGB 299x299 in, 1000 class probabilities out; the
 * reference embedding network of {@link InceptionFusionNet}. 55,873,736 parameters with the defaults,
 * the count Keras reports (55,813,192 trainable + 60,544 batch-norm running statistics).
 *
 * <p>Topology, as in Keras: a stem (conv 32 s2 valid, 32 valid, 64, maxpool 3 s2, conv 80 1x1 valid,
 * 192 valid, maxpool 3 s2), mixed_5b (Inception-A, 320 channels), 10 x block35 (scale 0.17), mixed_6a
 * (reduction A, 1088), 20 x block17 (scale 0.1), mixed_7a (reduction B, 2080), 10 x block8 (scale 0.2,
 * the last with scale 1 and no activation), conv_7b (1536 1x1), global average pooling, Dense 1000
 * softmax. 'valid' convolutions and poolings are DL4J's {@link ConvolutionMode#Truncate}; the 3x3
 * stride-1 average pooling of mixed_5b excludes the padding from the divisor, as TensorFlow does.
 *
 * <p>How Keras' {@code conv2d_bn} is matched: Keras uses a convolution without bias and
 * {@code BatchNormalization(scale=False)} (beta, moving mean, moving variance: 3 a channel). Here each
 * is three layers, {@code <name>} (convolution, no bias), {@code <name>_bn} (DL4J batch normalisation
 * with gamma and beta locked to 1 and 0: the moving mean and variance) and {@code <name>_bn_beta}
 * ({@link ChannelBias}: beta, then the activation). Same function, same count. Layer names:
 * {@code stem_conv1..5}, {@code stem_pool1..2}, {@code mixed_5b_b0}, {@code mixed_5b_b1_1..2},
 * {@code mixed_5b_b2_1..3}, {@code mixed_5b_pool}, {@code mixed_5b_b3}, {@code mixed_5b};
 * {@code block35_<i>_b0}, {@code block35_<i>_b1_<j>}, {@code block35_<i>_b2_<j>},
 * {@code block35_<i>_mixed}, {@code block35_<i>_conv} (1x1 with bias, no batch norm),
 * {@code block35_<i>_scale}, {@code block35_<i>_add}, {@code block35_<i>_ac} (likewise block17, block8);
 * {@code mixed_6a_*}, {@code mixed_7a_*}, {@code conv_7b}, {@code avg_pool}, {@code predictions}.
 *
 * <p>Weights you bring: the network is randomly initialised. To use trained weights, either (a) wrap
 * any DL4J network that maps [N,3,299,299] in [-1,1] to [N,1000] as an embedder, {@code new
 * NetworkEmbedder(yourNetwork, InceptionResNetV2.EMBEDDER_SPEC)} (for example a Keras model imported
 * with deeplearning4j-modelimport's {@code KerasModelImport}), or (b) copy Keras weights into this
 * topology with {@code network().getLayer(name).setParam(key, array)}: a Keras conv kernel
 * [kh,kw,in,out] becomes DL4J {@code W} [out,in,kh,kw] (permute 3,2,0,1); {@code <name>_bn} takes the
 * moving mean and variance ({@code mean}, {@code var}), {@code <name>_bn_beta} the beta ({@code b},
 * shape [1,C,1,1]); {@code predictions} takes the Dense kernel [1536,1000] and bias as {@code W},
 * {@code b}. Keras' batch-norm epsilon is 0.001, as here.
 *
 * <pre>{@code
 * InceptionResNetV2 backbone = InceptionResNetV2.builder().build();
 * Embedder embedder = backbone.embedder();              // [N,3,299,299] RGB in [0,1] -> [N,1000]
 * }</pre>
 */
public final class InceptionResNetV2 extends ReferenceNetwork {

    /** The architecture id. */
    public static final String ID = "inception-resnet-v2";
    /** The Keras preprocessing of this network: 299x299, 1000 outputs, x * 2 - 1 (i.e. x/127.5 - 1). */
    public static final EmbedderSpec EMBEDDER_SPEC = new EmbedderSpec(ID, 299, 299, 1000, 2f, -1f);
    /** Keras' batch-normalisation epsilon. */
    private static final double BN_EPS = 1e-3;

    private final Options options;

    /**
     * The options of {@link InceptionResNetV2}, checked on construction.
     *
     * @param width the input width; >= 75 (the smallest size the valid convolutions and poolings leave
     *     a non-empty map for, as in Keras)
     * @param height the input height; >= 75
     * @param classes the outputs of the classifier, the embedding length; >= 1
     * @param blocks35 the number of Inception-ResNet-A blocks; >= 0
     * @param blocks17 the number of Inception-ResNet-B blocks; >= 0
     * @param blocks8 the number of Inception-ResNet-C blocks (the last one has scale 1 and no
     *     activation); >= 1
     * @param scale35 the residual scale of the A blocks; > 0
     * @param scale17 the residual scale of the B blocks; > 0
     * @param scale8 the residual scale of the C blocks but the last; > 0
     */
    public record Options(int width, int height, int classes, int blocks35, int blocks17, int blocks8, double scale35,
            double scale17, double scale8) {

        /** Checks the options. */
        public Options {
            OptionChecks.requireAtLeast("inputSize width", width, 75);
            OptionChecks.requireAtLeast("inputSize height", height, 75);
            OptionChecks.requireAtLeast("classes", classes, 1);
            OptionChecks.requireAtLeast("blocks block35", blocks35, 0);
            OptionChecks.requireAtLeast("blocks block17", blocks17, 0);
            OptionChecks.requireAtLeast("blocks block8", blocks8, 1);
            for (double s : new double[] {scale35, scale17, scale8}) {
                if (!(s > 0) || Double.isInfinite(s)) {
                    throw new IllegalArgumentException("residualScales must be positive finite numbers, were "
                            + scale35 + ", " + scale17 + ", " + scale8);
                }
            }
        }
    }

    private InceptionResNetV2(Builder b) {
        super(b);
        this.options = new Options(b.width, b.height, b.classes, b.blocks35, b.blocks17, b.blocks8, b.scale35,
                b.scale17, b.scale8);
    }

    /** @return a builder with the Keras defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder with this network's options */
    public Builder toBuilder() {
        Options o = options;
        return new Builder().from(this).inputSize(o.width(), o.height()).classes(o.classes())
                .blocks(o.blocks35(), o.blocks17(), o.blocks8()).residualScales(o.scale35(), o.scale17(), o.scale8());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Options options() {
        return options;
    }

    /**
     * @return how this network is fed as an embedder: its input size, {@link #classes()} outputs, and
     *     Keras' scaling of [0,1] RGB to [-1,1]
     */
    public EmbedderSpec embedderSpec() {
        return new EmbedderSpec(ID, options.width(), options.height(), options.classes(), 2f, -1f);
    }

    /** @return an embedder over a {@link #newNetwork()} of its own, safe for concurrent calls */
    public Embedder embedder() {
        return new NetworkEmbedder(newNetwork(), embedderSpec());
    }

    @Override
    public GraphBuilder graphBuilder() {
        GraphBuilder g = baseGraph().addInputs("input")
                .setInputTypes(InputType.convolutional(options.height(), options.width(), 3));
        // Stem: 35 x 35 x 192 at 299 x 299
        String x = convBn(g, "stem_conv1", "input", 32, 3, 3, 2, true, true);
        x = convBn(g, "stem_conv2", x, 32, 3, 3, 1, true, true);
        x = convBn(g, "stem_conv3", x, 64, 3, 3, 1, false, true);
        x = maxPool(g, "stem_pool1", x);
        x = convBn(g, "stem_conv4", x, 80, 1, 1, 1, true, true);
        x = convBn(g, "stem_conv5", x, 192, 3, 3, 1, true, true);
        x = maxPool(g, "stem_pool2", x);

        // mixed_5b (Inception-A): 35 x 35 x 320
        String b0 = convBn(g, "mixed_5b_b0", x, 96, 1, 1, 1, false, true);
        String b1 = convBn(g, "mixed_5b_b1_1", x, 48, 1, 1, 1, false, true);
        b1 = convBn(g, "mixed_5b_b1_2", b1, 64, 5, 5, 1, false, true);
        String b2 = convBn(g, "mixed_5b_b2_1", x, 64, 1, 1, 1, false, true);
        b2 = convBn(g, "mixed_5b_b2_2", b2, 96, 3, 3, 1, false, true);
        b2 = convBn(g, "mixed_5b_b2_3", b2, 96, 3, 3, 1, false, true);
        g.addLayer("mixed_5b_pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG)
                .kernelSize(3, 3).stride(1, 1).convolutionMode(ConvolutionMode.Same)
                .avgPoolIncludePadInDivisor(false).build(), x);
        String b3 = convBn(g, "mixed_5b_b3", "mixed_5b_pool", 64, 1, 1, 1, false, true);
        g.addVertex("mixed_5b", new MergeVertex(), b0, b1, b2, b3);
        x = "mixed_5b";
        int channels = 320;

        for (int i = 1; i <= options.blocks35(); i++) {
            String n = "block35_" + i;
            List<String> br = new ArrayList<>();
            br.add(convBn(g, n + "_b0", x, 32, 1, 1, 1, false, true));
            String c = convBn(g, n + "_b1_1", x, 32, 1, 1, 1, false, true);
            br.add(convBn(g, n + "_b1_2", c, 32, 3, 3, 1, false, true));
            c = convBn(g, n + "_b2_1", x, 32, 1, 1, 1, false, true);
            c = convBn(g, n + "_b2_2", c, 48, 3, 3, 1, false, true);
            br.add(convBn(g, n + "_b2_3", c, 64, 3, 3, 1, false, true));
            x = residual(g, n, x, br, channels, options.scale35(), true);
        }

        // mixed_6a (reduction A): 17 x 17 x 1088
        b0 = convBn(g, "mixed_6a_b0", x, 384, 3, 3, 2, true, true);
        b1 = convBn(g, "mixed_6a_b1_1", x, 256, 1, 1, 1, false, true);
        b1 = convBn(g, "mixed_6a_b1_2", b1, 256, 3, 3, 1, false, true);
        b1 = convBn(g, "mixed_6a_b1_3", b1, 384, 3, 3, 2, true, true);
        String pool = maxPool(g, "mixed_6a_pool", x);
        g.addVertex("mixed_6a", new MergeVertex(), b0, b1, pool);
        x = "mixed_6a";
        channels = 1088;

        for (int i = 1; i <= options.blocks17(); i++) {
            String n = "block17_" + i;
            List<String> br = new ArrayList<>();
            br.add(convBn(g, n + "_b0", x, 192, 1, 1, 1, false, true));
            String c = convBn(g, n + "_b1_1", x, 128, 1, 1, 1, false, true);
            c = convBn(g, n + "_b1_2", c, 160, 1, 7, 1, false, true);
            br.add(convBn(g, n + "_b1_3", c, 192, 7, 1, 1, false, true));
            x = residual(g, n, x, br, channels, options.scale17(), true);
        }

        // mixed_7a (reduction B): 8 x 8 x 2080
        b0 = convBn(g, "mixed_7a_b0_1", x, 256, 1, 1, 1, false, true);
        b0 = convBn(g, "mixed_7a_b0_2", b0, 384, 3, 3, 2, true, true);
        b1 = convBn(g, "mixed_7a_b1_1", x, 256, 1, 1, 1, false, true);
        b1 = convBn(g, "mixed_7a_b1_2", b1, 288, 3, 3, 2, true, true);
        b2 = convBn(g, "mixed_7a_b2_1", x, 256, 1, 1, 1, false, true);
        b2 = convBn(g, "mixed_7a_b2_2", b2, 288, 3, 3, 1, false, true);
        b2 = convBn(g, "mixed_7a_b2_3", b2, 320, 3, 3, 2, true, true);
        pool = maxPool(g, "mixed_7a_pool", x);
        g.addVertex("mixed_7a", new MergeVertex(), b0, b1, b2, pool);
        x = "mixed_7a";
        channels = 2080;

        for (int i = 1; i <= options.blocks8(); i++) {
            String n = "block8_" + i;
            boolean last = i == options.blocks8();
            List<String> br = new ArrayList<>();
            br.add(convBn(g, n + "_b0", x, 192, 1, 1, 1, false, true));
            String c = convBn(g, n + "_b1_1", x, 192, 1, 1, 1, false, true);
            c = convBn(g, n + "_b1_2", c, 224, 1, 3, 1, false, true);
            br.add(convBn(g, n + "_b1_3", c, 256, 3, 1, 1, false, true));
            x = residual(g, n, x, br, channels, last ? 1.0 : options.scale8(), !last);
        }

        x = convBn(g, "conv_7b", x, 1536, 1, 1, 1, false, true);
        g.addLayer("avg_pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), x);
        g.addLayer("predictions", new OutputLayer.Builder(loss()).nOut(options.classes()).activation(outputActivation()).build(),
                "avg_pool");
        g.setOutputs("predictions");
        return g;
    }

    /** Keras' conv2d_bn: conv (no bias) -> BN without gamma -> beta + activation. */
    private static String convBn(GraphBuilder g, String name, String input, int filters, int kh, int kw, int stride,
            boolean valid, boolean relu) {
        g.addLayer(name, new ConvolutionLayer.Builder(kh, kw).stride(stride, stride).nOut(filters).hasBias(false)
                .convolutionMode(valid ? ConvolutionMode.Truncate : ConvolutionMode.Same)
                .activation(Activation.IDENTITY).build(), input);
        g.addLayer(name + "_bn", new BatchNormalization.Builder().lockGammaBeta(true).gamma(1).beta(0).eps(BN_EPS)
                .decay(0.99).build(), name);
        g.addLayer(name + "_bn_beta", new ChannelBias(relu ? Activation.RELU : Activation.IDENTITY), name + "_bn");
        return name + "_bn_beta";
    }

    private static String maxPool(GraphBuilder g, String name, String input) {
        g.addLayer(name, new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(3, 3).stride(2, 2)
                .convolutionMode(ConvolutionMode.Truncate).build(), input);
        return name;
    }

    /** The residual tail of an Inception-ResNet block: x + scale * conv1x1(concat(branches)), then relu. */
    private static String residual(GraphBuilder g, String n, String x, List<String> branches, int channels,
            double scale, boolean activate) {
        g.addVertex(n + "_mixed", new MergeVertex(), branches.toArray(new String[0]));
        g.addLayer(n + "_conv", new ConvolutionLayer.Builder(1, 1).nOut(channels).activation(Activation.IDENTITY).build(),
                n + "_mixed");
        g.addVertex(n + "_scale", new ScaleVertex(scale), n + "_conv");
        g.addVertex(n + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), x, n + "_scale");
        if (!activate) {
            return n + "_add";
        }
        g.addLayer(n + "_ac", new ActivationLayer.Builder().activation(Activation.RELU).build(), n + "_add");
        return n + "_ac";
    }

    /**
     * Builder of {@link InceptionResNetV2}. Keras defaults: 299x299 input (each side >= 75), 1000 classes, softmax output,
     * multi-class cross-entropy, Adam with Keras' settings (the Keras application has no optimiser of
     * its own; it only matters if you train this network).
     */
    public static final class Builder extends ReferenceNetwork.Builder<Builder, InceptionResNetV2> {
        private int classes = 1000;
        private int blocks35 = 10;
        private int blocks17 = 20;
        private int blocks8 = 10;
        private double scale35 = 0.17;
        private double scale17 = 0.1;
        private double scale8 = 0.2;

        private Builder() {
            super(299, 299, KerasDefaults.adam(), new LossMCXENT(), Activation.SOFTMAX);
        }

        /**
         * @param classes the outputs of the classifier, the embedding length; default 1000; >= 1
         * @return this builder
         */
        public Builder classes(int classes) {
            this.classes = classes;
            return this;
        }

        /**
         * @param block35 the number of Inception-ResNet-A blocks; default 10; >= 0
         * @param block17 the number of Inception-ResNet-B blocks; default 20; >= 0
         * @param block8 the number of Inception-ResNet-C blocks; default 10 (the last one has scale 1 and
         *     no activation); >= 1
         * @return this builder
         */
        public Builder blocks(int block35, int block17, int block8) {
            this.blocks35 = block35;
            this.blocks17 = block17;
            this.blocks8 = block8;
            return this;
        }

        /**
         * @param scale35 the residual scale of the A blocks; default 0.17; > 0
         * @param scale17 the residual scale of the B blocks; default 0.1; > 0
         * @param scale8 the residual scale of the C blocks but the last; default 0.2; > 0
         * @return this builder
         */
        public Builder residualScales(double scale35, double scale17, double scale8) {
            this.scale35 = scale35;
            this.scale17 = scale17;
            this.scale8 = scale8;
            return this;
        }

        @Override
        protected InceptionResNetV2 create() {
            return new InceptionResNetV2(this);
        }
    }
}
