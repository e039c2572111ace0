package org.colorize.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.colorize.core.encoding.AbBinsEncoding;
import org.colorize.core.model.LNormalization;
import org.colorize.core.model.ModelKind;
import org.colorize.core.model.WorkingSize;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * A fully convolutional Lab U-Net, the architecture of the embedded default model: L in, ab/128 out
 * ({@link ModelKind#L_TO_AB}), any input whose sides are multiples of 2^{@code depth}. Not one of the
 * tutorial networks: it was chosen because, at the same cost, skip connections keep edges aligned
 * and the network runs at any working size, so a model trained on 32x32 CIFAR images also colorizes
 * photos (at a small working size, with the colour brought back to full resolution by the pipeline).
 *
 * <p>Layers (kernel 3, 'same', relu unless said), with the defaults {@code baseFilters = 32,
 * depth = 3}:
 * <pre>
 * input [N,1,H,W]  L normalised (L-50)/50
 * [enc0_conv1] 32, [enc0_conv2] 32                                   H
 * [enc1_down] 64 stride 2, [enc1_conv] 64                             H/2
 * [enc2_down] 128 stride 2, [enc2_conv] 128                           H/4
 * [enc3_down] 256 stride 2, [enc3_conv] 256                           H/8
 * [dec3_up] Up2, [dec3_conv1] 128, [dec3_merge] + enc2_conv, [dec3_conv2] 128   H/4
 * [dec2_up] Up2, [dec2_conv1] 64,  [dec2_merge] + enc1_conv, [dec2_conv2] 64    H/2
 * [dec1_up] Up2, [dec1_conv1] 32,  [dec1_merge] + enc0_conv2, [dec1_conv2] 32   H
 * [output_conv] 1x1, 2 filters, tanh  -> ab/128;  [output] CnnLossLayer MSE
 * </pre>
 * 1,946,338 parameters with the defaults. Adam (Keras defaults: lr 1e-3, beta 0.9/0.999, epsilon 1e-7),
 * glorot-uniform weights.
 *
 * <pre>{@code
 * LabUNet unet = LabUNet.builder().baseFilters(32).depth(3).build();
 * ComputationGraph net = unet.newNetwork();
 * ModelBundle untrained = unet.bundle();
 * }</pre>
 */
public final class LabUNet implements GraphArchitecture, ColorizationArchitecture<ComputationGraph> {

    /** The architecture id. */
    public static final String ID = "lab-unet";

    private final Options options;

    /**
     * The options of {@link LabUNet}, checked on construction; see the {@link Builder} for each one's
     * meaning and default.
     *
     * @param baseFilters filters of the first level; 1..1024
     * @param depth number of stride-2 levels; 1..6
     * @param trainingSize the training image side; a multiple of 2^depth
     * @param maxWorkingSide the largest working side at inference; a multiple of 2^depth
     * @param lNormalization how L is scaled for the input; not null
     * @param updater the optimiser; not null (copied on the way in and out)
     * @param seed the weight initialisation seed
     * @param bins the bins of a classifier, or null for regression of ab/128; output stride a power of
     *     2, at most 2^(depth-1)
     * @param bottleneck extra 3x3 convolutions at the deepest level; 0..4
     */
    public record Options(int baseFilters, int depth, int trainingSize, int maxWorkingSide,
            LNormalization lNormalization, IUpdater updater, long seed, AbBinsEncoding bins, int bottleneck) {

        /** Checks the options. */
        public Options {
            OptionChecks.requireRange("baseFilters", baseFilters, 1, 1024);
            OptionChecks.requireRange("depth", depth, 1, 6);
            int stride = 1 << depth;
            OptionChecks.requireMultiple("trainingSize", trainingSize, stride, "2^depth");
            OptionChecks.requireMultiple("maxWorkingSide", maxWorkingSide, stride, "2^depth");
            OptionChecks.requireNonNull(lNormalization, "lNormalization");
            OptionChecks.requireNonNull(updater, "updater");
            updater = updater.clone();
            if (bins != null && bins.outputStride() > (1 << (depth - 1))) {
                throw new IllegalArgumentException("the bins' outputStride " + bins.outputStride()
                        + " must be at most 2^(depth-1) = " + (1 << (depth - 1)));
            }
            if (bins != null && Integer.bitCount(bins.outputStride()) != 1) {
                throw new IllegalArgumentException("the bins' outputStride must be a power of 2, was " + bins.outputStride());
            }
            OptionChecks.requireRange("bottleneck", bottleneck, 0, 4);
        }

        /** @return a copy of the updater */
        @Override
        public IUpdater updater() {
            return updater.clone();
        }
    }

    private LabUNet(Options options) {
        this.options = options;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder with this network's options */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.baseFilters = options.baseFilters();
        b.depth = options.depth();
        b.trainingSize = options.trainingSize();
        b.maxWorkingSide = options.maxWorkingSide();
        b.lNormalization = options.lNormalization();
        b.updater = options.updater();
        b.seed = options.seed();
        b.bins = options.bins();
        b.bottleneck = options.bottleneck();
        return b;
    }

    /** A concrete method, so that it serves {@link ColorizationArchitecture#newNetwork()} too. */
    @Override
    public ComputationGraph newNetwork() {
        return GraphArchitecture.super.newNetwork();
    }

    /** @return the options, validated */
    public Options options() {
        return options;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ModelKind kind() {
        return options.bins() == null ? ModelKind.L_TO_AB : ModelKind.L_TO_AB_BINS;
    }

    @Override
    public Optional<AbBinsEncoding> bins() {
        return Optional.ofNullable(options.bins());
    }

    /** @return adaptive: sides multiples of 2^depth, the longer at most {@code maxWorkingSide} */
    @Override
    public WorkingSize workingSize() {
        return WorkingSize.adaptive(1 << options.depth(), options.maxWorkingSide());
    }

    @Override
    public LNormalization lNormalization() {
        return options.lNormalization();
    }

    @Override
    public Map<String, Object> parameters() {
        Options o = options;
        AbBinsEncoding bins = o.bins();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("baseFilters", o.baseFilters());
        p.put("depth", o.depth());
        p.put("trainingSize", o.trainingSize());
        p.put("maxWorkingSide", o.maxWorkingSide());
        p.put("lNormalization", List.of(o.lNormalization().offset(), o.lNormalization().scale()));
        p.put("updater", o.updater().getClass().getSimpleName());
        p.put("seed", o.seed());
        if (o.bottleneck() > 0) {
            p.put("bottleneck", o.bottleneck());
        }
        if (bins != null) {
            p.put("bins", bins.labelChannels());
            p.put("outputStride", bins.outputStride());
        }
        return p;
    }

    private static ConvolutionLayer conv(int filters, int kernel, int stride, Activation act) {
        return new ConvolutionLayer.Builder(kernel, kernel).nOut(filters).stride(stride, stride)
                .convolutionMode(ConvolutionMode.Same).activation(act).build();
    }

    @Override
    public GraphBuilder graphBuilder() {
        int baseFilters = options.baseFilters();
        int depth = options.depth();
        int trainingSize = options.trainingSize();
        AbBinsEncoding bins = options.bins();
        GraphBuilder g = new NeuralNetConfiguration.Builder().seed(options.seed()).dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER_UNIFORM).updater(options.updater())
                .convolutionMode(ConvolutionMode.Same).graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(trainingSize, trainingSize, 1));
        g.addLayer("enc0_conv1", conv(baseFilters, 3, 1, Activation.RELU), "input");
        g.addLayer("enc0_conv2", conv(baseFilters, 3, 1, Activation.RELU), "enc0_conv1");
        String[] skip = new String[depth + 1];
        skip[0] = "enc0_conv2";
        String prev = skip[0];
        for (int level = 1; level <= depth; level++) {
            int f = baseFilters << level;
            g.addLayer("enc" + level + "_down", conv(f, 3, 2, Activation.RELU), prev);
            g.addLayer("enc" + level + "_conv", conv(f, 3, 1, Activation.RELU), "enc" + level + "_down");
            prev = "enc" + level + "_conv";
            skip[level] = prev;
        }
        for (int i = 1; i <= options.bottleneck(); i++) {
            // not dilated: DL4J 1.0.0-M2.1's oneDNN helper cannot create dilated convolutions and falls back
            g.addLayer("bottleneck" + i, conv(baseFilters << depth, 3, 1, Activation.RELU), prev);
            prev = "bottleneck" + i;
        }
        int lowest = bins == null ? 1 : Integer.numberOfTrailingZeros(bins.outputStride()) + 1;
        for (int level = depth; level >= lowest; level--) {
            int f = baseFilters << (level - 1);
            String d = "dec" + level;
            g.addLayer(d + "_up", new Upsampling2D.Builder(2).build(), prev);
            g.addLayer(d + "_conv1", conv(f, 3, 1, Activation.RELU), d + "_up");
            g.addVertex(d + "_merge", new MergeVertex(), d + "_conv1", skip[level - 1]);
            g.addLayer(d + "_conv2", conv(f, 3, 1, Activation.RELU), d + "_merge");
            prev = d + "_conv2";
        }
        if (bins == null) {
            g.addLayer("output_conv", conv(2, 1, 1, Activation.TANH), prev);
            g.addLayer("output", new CnnLossLayer.Builder(new LossMSE()).activation(Activation.IDENTITY).build(), "output_conv");
        } else {
            // Q logits; the loss layer's softmax runs over the channels of each pixel
            g.addLayer("output_conv", conv(bins.labelChannels(), 1, 1, Activation.IDENTITY), prev);
            INDArray w = Nd4j.createFromArray(bins.classWeights());
            g.addLayer("output", new CnnLossLayer.Builder(new LossMCXENT(w)).activation(Activation.SOFTMAX).build(),
                    "output_conv");
        }
        g.setOutputs("output");
        return g;
    }

    /**
     * Builder of {@link LabUNet}. Defaults: 32 base filters, depth 3, training size 32, largest working
     * side 128, L normalised (L-50)/50, Adam with the Keras defaults, seed 1234, regression of ab/128.
     */
    public static final class Builder implements ArchitectureBuilder<LabUNet> {
        private int baseFilters = 32;
        private int depth = 3;
        private int trainingSize = 32;
        private int maxWorkingSide = 128;
        private LNormalization lNormalization = LNormalization.SYMMETRIC;
        private IUpdater updater = KerasDefaults.adam();
        private long seed = 1234;
        private AbBinsEncoding bins;
        private int bottleneck;

        private Builder() {
        }

        /**
         * Makes the network a classifier over quantised ab ({@link ModelKind#L_TO_AB_BINS}): the decoder
         * stops at the encoding's output stride, a 1x1 convolution gives one logit per bin, and the loss
         * is the cross-entropy weighted by the encoding's class-rebalancing weights. Its L normalisation
         * replaces this builder's. Default: none (regression of ab/128, tanh, MSE).
         *
         * @param encoding the bins; not null; its output stride must be a power of 2, at most 2^(depth-1)
         * @return this builder
         */
        public Builder bins(AbBinsEncoding encoding) {
            OptionChecks.requireNonNull(encoding, "bins");
            this.bins = encoding;
            this.lNormalization = encoding.lNormalization();
            return this;
        }

        /**
         * @param convs extra 3x3 convolutions at the deepest level, to widen what each output pixel sees
         *     (default 0; 0..4)
         * @return this builder
         */
        public Builder bottleneck(int convs) {
            this.bottleneck = convs;
            return this;
        }

        /**
         * @param filters filters of the first level, doubled at each level down (default 32; 1..1024)
         * @return this builder
         */
        public Builder baseFilters(int filters) {
            this.baseFilters = filters;
            return this;
        }

        /**
         * @param depth number of stride-2 levels (default 3; 1..6); input sides must be multiples of 2^depth
         * @return this builder
         */
        public Builder depth(int depth) {
            this.depth = depth;
            return this;
        }

        /**
         * @param side the training image side, for DL4J's shape inference (default 32; a multiple of 2^depth)
         * @return this builder
         */
        public Builder trainingSize(int side) {
            this.trainingSize = side;
            return this;
        }

        /**
         * @param side the largest working side at inference (default 128; a multiple of 2^depth)
         * @return this builder
         */
        public Builder maxWorkingSide(int side) {
            this.maxWorkingSide = side;
            return this;
        }

        /**
         * @param n how L is scaled for the input (default {@link LNormalization#SYMMETRIC}); not null
         * @return this builder
         */
        public Builder lNormalization(LNormalization n) {
            this.lNormalization = n;
            return this;
        }

        /**
         * @param updater the optimiser (default Adam with the Keras defaults, {@link KerasDefaults#adam()});
         *     not null
         * @return this builder
         */
        public Builder updater(IUpdater updater) {
            this.updater = updater;
            return this;
        }

        /**
         * @param seed the weight initialisation seed (default 1234)
         * @return this builder
         */
        @Override
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @return the network description (the network itself is created by {@link LabUNet#newNetwork()})
         * @throws IllegalArgumentException naming the option and its value, if an option is invalid
         */
        @Override
        public LabUNet build() {
            return new LabUNet(new Options(baseFilters, depth, trainingSize, maxWorkingSide, lNormalization, updater,
                    seed, bins, bottleneck));
        }
    }
}
