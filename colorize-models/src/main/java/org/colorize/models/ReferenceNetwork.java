package org.colorize.models;

import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.colorize.core.layers.ChannelsLayout;
import org.colorize.core.layers.OneDnnConvolution2D;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The common base of the reference networks (the five colorization networks, which also implement
 * {@link ColorizationArchitecture}, and {@link InceptionResNetV2}): one immutable description built by
 * a fluent builder, a {@link #graphBuilder()} that callers may extend, and {@link #newNetwork()} for
 * an initialised {@link ComputationGraph} (a new one on each call: the description holds no network).
 *
 * <p>All reference networks are {@link ComputationGraph}s in NCHW, FLOAT, with 'same' convolutions
 * unless a class says otherwise. The options shared by all of them (input size, seed, weight
 * initialisation, updater, loss, activations) live in {@link Builder}; the options of each network
 * are one record, {@link #options()}, validated once when it is built.
 *
 * <p>Loss values: the image outputs end in a DL4J {@code CnnLossLayer}, whose score is the loss summed
 * over the H x W pixels (averaged over channels and examples), i.e. H x W times the value Keras
 * reports for the same predictions; the gradients are scaled by the same factor, which Adam and
 * RMSprop are invariant to up to their epsilon.
 *
 * <p>Speed: creating the network calls {@link OneDnnHelpers#enable()}, so DL4J's own convolution and
 * pooling layers run through libnd4j's native kernels; the convolution, transposed-convolution and
 * dense layers of the reference networks are the equivalent layers of
 * {@link org.colorize.core.layers}, which call libnd4j's oneDNN-backed ops directly, and the Lab
 * networks run channels-last inside. The gain is largest with the oneDNN build of ND4J (classifier
 * {@code linux-x86_64-onednn}).
 */
public abstract class ReferenceNetwork implements GraphArchitecture {

    private final long seed;
    private final WeightInit weightInit;
    private final IUpdater updater;
    private final ILossFunction loss;
    private final Activation activation;
    private final Activation outputActivation;

    /** @param b the builder, whose shared options are checked (the subclass checks its options record) */
    protected ReferenceNetwork(Builder<?, ?> b) {
        this.seed = b.seed;
        this.weightInit = b.weightInit;
        this.updater = b.updater.clone();
        this.loss = b.loss;
        this.activation = b.activation;
        this.outputActivation = b.outputActivation;
    }

    /** A concrete method, so that it serves {@link ColorizationArchitecture#newNetwork()} too. */
    @Override
    public ComputationGraph newNetwork() {
        return GraphArchitecture.super.newNetwork();
    }

    /**
     * @return the options specific to this network (input size first), validated: a record whose
     *     components are named as the builder methods that set them
     */
    public abstract Record options();

    /**
     * @return the options of the builder, under the names of the builder methods, with
     *     JSON-representable values (the architecture parameters of the metadata): the components of
     *     {@link #options()}, then the shared options
     */
    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        addParameters(p);
        p.put("activation", activation.name());
        p.put("outputActivation", outputActivation.name());
        p.put("loss", loss.toString());
        p.put("updater", updater.toString());
        p.put("weightInit", weightInit.name());
        p.put("seed", seed);
        return Collections.unmodifiableMap(p);
    }

    /**
     * Adds the options specific to the subclass to {@link #parameters()}: by default the components of
     * {@link #options()}, in their order, under their names.
     */
    protected void addParameters(Map<String, Object> p) {
        Record options = options();
        for (RecordComponent c : options.getClass().getRecordComponents()) {
            try {
                p.put(c.getName(), c.getAccessor().invoke(options));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read option " + c.getName() + " of " + options, e);
            }
        }
    }

    /** @return the seed of the weight initialisation */
    public long seed() {
        return seed;
    }

    /** @return the weight initialisation */
    public WeightInit weightInit() {
        return weightInit;
    }

    /** @return a copy of the updater */
    public IUpdater updater() {
        return updater.clone();
    }

    /** @return the loss of the output layer */
    public ILossFunction loss() {
        return loss;
    }

    /** @return the activation of the hidden layers */
    public Activation activation() {
        return activation;
    }

    /** @return the activation of the last layer */
    public Activation outputActivation() {
        return outputActivation;
    }

    /**
     * @return the global settings every graph of this network starts from: seed, weight init,
     *     updater, hidden activation, 'same' convolutions, FLOAT
     */
    protected GraphBuilder baseGraph() {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(weightInit)
                .updater(updater.clone())
                .activation(activation)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder();
    }

    /** A 'same' convolution with the hidden activation (unless given) and a bias, NCHW. */
    protected static ConvolutionLayer conv(int filters, int kernel, int stride, Activation act) {
        return conv(filters, kernel, stride, act, CNN2DFormat.NCHW);
    }

    /**
     * A 'same' convolution with the hidden activation (unless given) and a bias, in {@code format}: an
     * {@link OneDnnConvolution2D} (DL4J's own layer miscomputes backprop with its oneDNN helper in
     * NHWC, and recomputes the forward pass in backprop).
     */
    protected static ConvolutionLayer conv(int filters, int kernel, int stride, Activation act, CNN2DFormat format) {
        ConvolutionLayer.Builder b = new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nOut(filters)
                .dataFormat(format);
        if (act != null) {
            b.activation(act);
        }
        return OneDnnConvolution2D.of(b);
    }

    /** A 2x nearest-neighbour upsampling in {@code format}. */
    protected static Upsampling2D up2(CNN2DFormat format) {
        return new Upsampling2D.Builder(2).dataFormat(format).build();
    }

    /**
     * Adds the encoder convolutions {@code encoder_conv1..n} of an encoder-decoder on {@code input},
     * switching to channels-last before the first when {@code o.channelsLast()}.
     *
     * @return the name of the last encoder layer
     */
    static String encoder(GraphBuilder g, EncoderDecoderOptions o, int[] strides) {
        CNN2DFormat f = format(o.channelsLast());
        String prev = "input";
        for (int i = 0; i < strides.length; i++) {
            String name = "encoder_conv" + (i + 1);
            g.addLayer(name, conv(o.encoderFilters().get(i), o.kernelSize(), strides[i], null, f), prev);
            prev = name;
        }
        if (o.channelsLast()) {
            g.inputPreProcessor("encoder_conv1", new ChannelsLayout(CNN2DFormat.NHWC));
        }
        return prev;
    }

    /**
     * Adds {@code decoder_up<i>} (2x) then {@code decoder_conv<i>} for each of {@code o.decoderFilters()},
     * after {@code prev}, in the options' layout.
     *
     * @return the name of the last decoder layer
     */
    static String upDecoder(GraphBuilder g, EncoderDecoderOptions o, String prev) {
        CNN2DFormat f = format(o.channelsLast());
        for (int i = 1; i <= o.decoderFilters().size(); i++) {
            g.addLayer("decoder_up" + i, up2(f), prev);
            g.addLayer("decoder_conv" + i, conv(o.decoderFilters().get(i - 1), o.kernelSize(), 1, null, f), "decoder_up" + i);
            prev = "decoder_conv" + i;
        }
        return prev;
    }

    /** @return NHWC when {@code channelsLast}, else NCHW */
    protected static CNN2DFormat format(boolean channelsLast) {
        return channelsLast ? CNN2DFormat.NHWC : CNN2DFormat.NCHW;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + parameters();
    }

    /** @return {@code values} as a list, for an options record (null stays null, for the checks to name it) */
    static List<Integer> list(int[] values) {
        return values == null ? null : IntStream.of(values).boxed().toList();
    }

    /**
     * The options shared by all reference networks. Each subclass's builder states its reference
     * defaults for {@link #inputSize}, {@link #updater}, {@link #loss} and {@link #outputActivation},
     * and the input sizes it accepts.
     *
     * @param <B> the concrete builder
     * @param <T> the network it builds
     */
    public abstract static class Builder<B extends Builder<B, T>, T extends ReferenceNetwork>
            implements ArchitectureBuilder<T> {
        int width;
        int height;
        long seed = 42L;
        WeightInit weightInit = WeightInit.XAVIER_UNIFORM;
        IUpdater updater;
        ILossFunction loss;
        Activation activation = Activation.RELU;
        Activation outputActivation;

        /**
         * @param width the reference input width
         * @param height the reference input height
         * @param updater the reference optimiser and its settings
         * @param loss the reference loss
         * @param outputActivation the reference activation of the last layer
         */
        protected Builder(int width, int height, IUpdater updater, ILossFunction loss, Activation outputActivation) {
            this.width = width;
            this.height = height;
            this.updater = updater;
            this.loss = loss;
            this.outputActivation = outputActivation;
        }

        /** @return this builder, typed */
        @SuppressWarnings("unchecked")
        protected final B self() {
            return (B) this;
        }

        /** Copies the shared options of {@code n} but the input size (for {@code toBuilder()}). */
        protected final B from(ReferenceNetwork n) {
            this.seed = n.seed;
            this.weightInit = n.weightInit;
            this.updater = n.updater.clone();
            this.loss = n.loss;
            this.activation = n.activation;
            this.outputActivation = n.outputActivation;
            return self();
        }

        /**
         * @param width the input width; default the reference one, valid values as the network's
         *     builder states (for networks with dense layers or a fusion grid, the size fixes them)
         * @param height the input height; likewise
         * @return this builder
         */
        public B inputSize(int width, int height) {
            this.width = width;
            this.height = height;
            return self();
        }

        /**
         * @param seed the seed of the weight initialisation; default 42, any value
         * @return this builder
         */
        @Override
        public B seed(long seed) {
            this.seed = seed;
            return self();
        }

        /**
         * @param weightInit the weight initialisation; default {@link WeightInit#XAVIER_UNIFORM} (Keras'
         *     glorot_uniform); not null
         * @return this builder
         */
        public B weightInit(WeightInit weightInit) {
            this.weightInit = weightInit;
            return self();
        }

        /**
         * @param updater the optimiser and its settings; default the reference one with Keras' settings
         *     ({@link KerasDefaults#adam()} or {@link KerasDefaults#rmsProp()}, see the class); not null
         * @return this builder
         */
        public B updater(IUpdater updater) {
            this.updater = updater;
            return self();
        }

        /**
         * @param loss the loss of the output layer; default the reference one (see the class); not null
         * @return this builder
         */
        public B loss(ILossFunction loss) {
            this.loss = loss;
            return self();
        }

        /**
         * @param activation the activation of every hidden layer that has one in the reference; default
         *     {@link Activation#RELU}; not null
         * @return this builder
         */
        public B activation(Activation activation) {
            this.activation = activation;
            return self();
        }

        /**
         * @param outputActivation the activation of the last layer; default the reference one (sigmoid
         *     for RGB outputs, tanh for ab outputs, softmax for the classifier); not null
         * @return this builder
         */
        public B outputActivation(Activation outputActivation) {
            this.outputActivation = outputActivation;
            return self();
        }

        /**
         * Validates the options and builds the network description (the DL4J network itself is created
         * by {@link ReferenceNetwork#newNetwork()}).
         *
         * @return the network description
         * @throws IllegalArgumentException naming the option and its value, if an option is invalid
         */
        @Override
        public final T build() {
            OptionChecks.requireNonNull(weightInit, "weightInit");
            OptionChecks.requireNonNull(updater, "updater");
            OptionChecks.requireNonNull(loss, "loss");
            OptionChecks.requireNonNull(activation, "activation");
            OptionChecks.requireNonNull(outputActivation, "outputActivation");
            return create();
        }

        /**
         * @return the network description; its options record checks the subclass's options, and
         *     throws {@link IllegalArgumentException} naming an invalid one
         */
        protected abstract T create();
    }
}
