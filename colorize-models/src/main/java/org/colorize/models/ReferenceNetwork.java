package org.colorize.models;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.colorize.core.layers.OneDnnConvolution2D;
import org.colorize.core.nd4j.OneDnnHelpers;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
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
 * a fluent builder, a
 * {@link #graphBuilder()} that callers may extend, and one lazily created, initialised
 * {@link ComputationGraph}.
 *
 * <p>All reference networks are {@link ComputationGraph}s in NCHW, FLOAT, with 'same' convolutions
 * unless a class says otherwise. The options shared by all of them live in {@link Builder}; each
 * subclass adds its own and states the reference defaults.
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
public abstract class ReferenceNetwork {

    private final long seed;
    private final WeightInit weightInit;
    private final IUpdater updater;
    private final ILossFunction loss;
    private final Activation activation;
    private final Activation outputActivation;
    private final Object lock = new Object();
    private volatile ComputationGraph network;

    /** @param b the validated builder */
    protected ReferenceNetwork(Builder<?, ?> b) {
        this.seed = b.seed;
        this.weightInit = b.weightInit;
        this.updater = b.updater.clone();
        this.loss = b.loss;
        this.activation = b.activation;
        this.outputActivation = b.outputActivation;
    }

    /**
     * A new graph builder with every layer of this network, its inputs and its output set; call
     * {@code build()} on it for the configuration, or add layers first (for example a second output).
     * Each call returns a new builder.
     *
     * @return the graph builder
     */
    public abstract GraphBuilder graphBuilder();

    /** @return the configuration of this network (a new object on each call) */
    public ComputationGraphConfiguration configuration() {
        return graphBuilder().build();
    }

    /** @return the architecture id, e.g. {@code lab-beta} */
    public abstract String id();

    /**
     * @return the network, created and initialised on the first call (with {@link #seed()}); the same
     *     instance afterwards. Thread-safe.
     */
    public ComputationGraph network() {
        ComputationGraph n = network;
        if (n == null) {
            synchronized (lock) {
                n = network;
                if (n == null) {
                    n = newNetwork();
                    network = n;
                }
            }
        }
        return n;
    }

    /** @return a new, initialised network of this architecture (not the one {@link #network()} returns) */
    public ComputationGraph newNetwork() {
        OneDnnHelpers.enable();
        ComputationGraph graph = new ComputationGraph(configuration());
        graph.init();
        return graph;
    }

    /**
     * The number of parameters, counted from the configuration without allocating the network, the
     * way {@code ComputationGraph.numParams()} counts them after {@code init()}: trainable weights and
     * biases plus the running mean and variance of batch-normalisation layers (Keras counts those too,
     * as non-trainable parameters).
     *
     * @return the parameter count
     */
    public long parameterCount() {
        return countParameters(configuration());
    }

    /**
     * Counts the parameters of any graph configuration without initialising it.
     *
     * @param conf the configuration
     * @return the sum of the parameters of its vertices
     */
    public static long countParameters(ComputationGraphConfiguration conf) {
        long total = 0;
        for (GraphVertex v : conf.getVertices().values()) {
            total += v.numParams(true);
        }
        return total;
    }

    /**
     * @return the options of the builder, under the names of the builder methods, with
     *     JSON-representable values (the architecture parameters of the metadata)
     */
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

    /** Adds the options specific to the subclass, first in {@link #parameters()}. */
    protected abstract void addParameters(Map<String, Object> p);

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

    /** @return NHWC when {@code channelsLast}, else NCHW */
    protected static CNN2DFormat format(boolean channelsLast) {
        return channelsLast ? CNN2DFormat.NHWC : CNN2DFormat.NCHW;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + parameters();
    }

    /** @return {@code values} as an unmodifiable list, for {@link #parameters()} */
    protected static List<Integer> list(int[] values) {
        return IntStream.of(values).boxed().toList();
    }

    /**
     * The options shared by all reference networks. Each subclass's builder states its reference
     * defaults for {@link #updater}, {@link #loss} and {@link #outputActivation}.
     *
     * @param <B> the concrete builder
     * @param <T> the network it builds
     */
    public abstract static class Builder<B extends Builder<B, T>, T extends ReferenceNetwork> {
        long seed = 42L;
        WeightInit weightInit = WeightInit.XAVIER_UNIFORM;
        IUpdater updater;
        ILossFunction loss;
        Activation activation = Activation.RELU;
        Activation outputActivation;

        /**
         * @param updater the reference optimiser and its settings
         * @param loss the reference loss
         * @param outputActivation the reference activation of the last layer
         */
        protected Builder(IUpdater updater, ILossFunction loss, Activation outputActivation) {
            this.updater = updater;
            this.loss = loss;
            this.outputActivation = outputActivation;
        }

        /** @return this builder, typed */
        @SuppressWarnings("unchecked")
        protected final B self() {
            return (B) this;
        }

        /** Copies the shared options of {@code n} (for {@code toBuilder()}). */
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
         * @param seed the seed of the weight initialisation; default 42, any value
         * @return this builder
         */
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
         * on the first {@link ReferenceNetwork#network()} call).
         *
         * @return the network description
         * @throws IllegalArgumentException naming the option and its value, if an option is invalid
         */
        public final T build() {
            requireNonNull(weightInit, "weightInit");
            requireNonNull(updater, "updater");
            requireNonNull(loss, "loss");
            requireNonNull(activation, "activation");
            requireNonNull(outputActivation, "outputActivation");
            validate();
            return create();
        }

        /** Checks the subclass's options; throws {@link IllegalArgumentException} naming the option. */
        protected abstract void validate();

        /** @return the network description from the validated options */
        protected abstract T create();

        /** Fails unless {@code value >= min}. */
        protected static void requireAtLeast(String option, long value, long min) {
            if (value < min) {
                throw new IllegalArgumentException(option + " must be >= " + min + ", was " + value);
            }
        }

        /** Fails unless {@code value} is a positive multiple of {@code multiple}. */
        protected static void requireMultiple(String option, int value, int multiple, String why) {
            if (value < multiple || value % multiple != 0) {
                throw new IllegalArgumentException(option + " must be a positive multiple of " + multiple + " (" + why
                        + "), was " + value);
            }
        }

        /** Fails unless {@code values} has {@code length} entries, each at least 1. */
        protected static void requireFilters(String option, int[] values, int length) {
            requireNonNull(values, option);
            if (values.length != length) {
                throw new IllegalArgumentException(option + " must have " + length + " entries, was "
                        + Arrays.toString(values));
            }
            for (int v : values) {
                if (v < 1) {
                    throw new IllegalArgumentException(option + " entries must be >= 1, was " + Arrays.toString(values));
                }
            }
        }

        /** Fails unless the kernel size is odd and at least 1 (so that 'same' padding is symmetric). */
        protected static void requireKernel(String option, int kernel) {
            if (kernel < 1 || kernel % 2 == 0) {
                throw new IllegalArgumentException(option + " must be an odd number >= 1, was " + kernel);
            }
        }

        /** Fails if {@code value} is null, naming the option. */
        protected static void requireNonNull(Object value, String option) {
            if (value == null) {
                throw new IllegalArgumentException(option + " must not be null");
            }
        }

        /** @return a copy of {@code values}, or null */
        protected static int[] copy(int[] values) {
            return values == null ? null : values.clone();
        }
    }
}
