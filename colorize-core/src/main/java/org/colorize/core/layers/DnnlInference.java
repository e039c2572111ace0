package org.colorize.core.layers;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_0;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_1;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.binary;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.deconvolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.inner_product_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.primitive_desc;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.resampling_forward;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.misc.RepeatVector;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.convolution.CnnLossLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.params.DeconvolutionParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference for a {@link ComputationGraph} through oneDNN's own API (JavaCPP's {@code dnnl} preset), with
 * primitives built once per input shape and the weights packed once into the layouts the primitives
 * prefer: libnd4j builds its oneDNN primitives and re-packs the plain DL4J weights on every call (about a
 * quarter of the CIFAR autoencoder's batch-1 time), and converts every activation between plain and
 * blocked layouts at every layer. Here activations stay in oneDNN's preferred (blocked) layouts from layer
 * to layer; they are converted only where the network's inputs come in and its outputs go out, and where
 * two primitives prefer different layouts. The results are those of {@code graph.output(false, inputs)} up
 * to float rounding (tests compare them).
 *
 * <p>Covered vertices: network inputs (4d in the DL4J layout of their input type, or 2d), and
 * <ul>
 *   <li>{@link OneDnnConvolution2DLayer} on its direct path (same or truncate mode, NCHW or NHWC, any
 *       stride, no dilation), {@link OneDnnDeconvolution2DLayer} on its oneDNN path ('same', NCHW),
 *       {@link OneDnnDenseLayer} without layer normalisation, each with an identity, relu, leaky relu,
 *       elu, sigmoid or tanh activation (fused into the primitive) and no weight noise;</li>
 *   <li>DL4J's {@code Upsampling2D} (nearest), {@link CnnLossLayer} with the identity activation, and
 *       {@code MergeVertex} on the channels of NCHW activations;</li>
 *   <li>{@code RepeatVector} (NCW) of a 2d value followed by a {@code ReshapeVertex} to [N, C, H, W]
 *       (the fusion of Deep Koalarization: an embedding broadcast over a grid); when a 1x1 convolution
 *       reads the concatenation of such a broadcast with images, the concatenation is not made: the
 *       convolution is linear, so it runs as 1x1 convolutions of the images' channels plus one inner
 *       product of the embedding per image (network C convolves 256 channels instead of 1256);</li>
 *   <li>the preprocessors {@link ChannelsLayout}, {@code CnnToFeedForwardPreProcessor} and
 *       {@code FeedForwardToCnnPreProcessor}, on a layer or as a {@code PreprocessorVertex}.</li>
 * </ul>
 * {@link #of} returns null for any other graph and for graphs whose parameters are not float; {@link
 * #output} returns null for inputs it does not cover (another rank or channel count, a plan whose
 * activations would take more than {@link #maxBytes()}, or a shape oneDNN rejects): callers then use
 * {@link DirectInference} or DL4J's {@code output()} ({@link org.colorize.core.internal.Networks} does).
 *
 * <p>Plans: one per distinct set of input shapes (the most recent {@value #MAX_PLANS} are kept), each
 * holding its primitives, its packed weights and its activation buffers (reused between layers whose
 * activations are not alive at the same time).
 *
 * <p>Parameters may change between calls (training, {@code setParams}, loading): before every call the
 * weights are re-packed when the parameters' fingerprint changed. The fingerprint is the identity of
 * every parameter array and the address of its data, the graph's iteration and epoch counts, and 64
 * values of every parameter array (the first 16, the last 16 and two blocks of 16 in between). A
 * change made in place that touches none of those values and leaves the counts alone (say, a single
 * weight set by hand) is not seen: call {@link #invalidate()} (or
 * {@link org.colorize.core.internal.Networks#invalidate}) after such a change.
 *
 * <p>Native memory: every oneDNN object an instance makes is freed by {@link #close()}, or by JavaCPP's
 * deallocator once the instance is unreachable; a call allocates no native memory beyond its output
 * arrays (plans are made once per input shape).
 *
 * <p>Not thread-safe: one call at a time per instance.
 *
 * <pre>{@code
 * DnnlInference d = DnnlInference.of(graph);                // null: not covered
 * INDArray[] out = d == null ? null : d.output(graph, x);   // null: not covered for this input
 * if (out == null) out = graph.output(false, x);
 * }</pre>
 *
 * <p>Switch it off with {@code -D}{@value #ENABLED_PROPERTY}{@code =false}; the memory cap of a plan's
 * activations is {@code -D}{@value #MAX_BYTES_PROPERTY}{@code =BYTES} (default
 * {@value #DEFAULT_MAX_BYTES}). Only with ND4J's CPU backend: with another one {@link #available()} is
 * false and {@link #of} returns null.
 */
public final class DnnlInference implements AutoCloseable {

    /** System property: {@code false} turns this path off (read on every call). */
    public static final String ENABLED_PROPERTY = "colorize.dnnl";
    /** System property: the most bytes of activation buffers one plan may take (read when a plan is made). */
    public static final String MAX_BYTES_PROPERTY = "colorize.dnnl.maxBytes";
    /** Default of {@link #MAX_BYTES_PROPERTY}: 1 GiB. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    /** The number of plans (input shapes) one instance keeps. */
    public static final int MAX_PLANS = 4;

    private static volatile Boolean available;
    private static volatile String unavailableReason;
    private static engine eng;

    private enum Kind { INPUT, CONV, DECONV, DENSE, UPSAMPLE, IDENTITY, REPEAT, RESHAPE, MERGE }

    /** The DL4J layout of a value: what {@code graph.output()} would hold there. */
    private enum Layout { NC, NCHW, NHWC, NCW }

    /** A shape-independent step of the graph: what a vertex does. */
    private static final class Node {
        Kind kind;
        int vertex;
        int[] inputs;               // vertex indices (for INPUT: the network input number)
        InputPreProcessor pre;      // the layer's input preprocessor, or the PreprocessorVertex's
        int repeat;                 // REPEAT: the repeat count
        int[] reshape;              // RESHAPE: [C, H, W]
        Layout inputLayout;         // INPUT: the layout of a 4d network input (2d inputs are NC)
    }

    private final int numVertices;
    private final Node[] nodes;
    private final int[] order;
    private final int[] outputs;
    private final int numInputs;
    private final LinkedHashMap<String, Plan> plans = new LinkedHashMap<>(8, 0.75f, true);
    private final Map<String, Boolean> rejected = new HashMap<>();
    private stream strm;
    private long[] fingerprint;
    private long version;           // bumped whenever the fingerprint changes or invalidate() is called
    private boolean closed;

    private DnnlInference(int numVertices, Node[] nodes, int[] order, int[] outputs, int numInputs) {
        this.numVertices = numVertices;
        this.nodes = nodes;
        this.order = order;
        this.outputs = outputs;
        this.numInputs = numInputs;
    }

    /** @return whether this path is on ({@value #ENABLED_PROPERTY} is not {@code false}) */
    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY));
    }

    /**
     * Loads oneDNN (JavaCPP's dnnl natives) once and makes its CPU engine.
     *
     * @return whether oneDNN loaded and ND4J's backend is the CPU one (whose arrays oneDNN can read)
     */
    public static boolean available() {
        Boolean a = available;
        if (a == null) {
            synchronized (DnnlInference.class) {
                a = available;
                if (a == null) {
                    try {
                        String backend = Nd4j.getBackend().getClass().getSimpleName();
                        if (!backend.toLowerCase(java.util.Locale.ROOT).contains("cpu")) {
                            unavailableReason = "ND4J backend " + backend + " is not the CPU one";
                            a = false;
                        } else {
                            Nd4j.getExecutioner(); // libnd4j first: its OpenMP runtime is the one both use
                            eng = new engine(engine.kind.cpu, 0);
                            a = true;
                        }
                    } catch (RuntimeException | LinkageError e) {
                        unavailableReason = "oneDNN (org.bytedeco:dnnl) did not load: " + e;
                        a = false;
                    }
                    available = a;
                }
            }
        }
        return a;
    }

    /** @return the CPU engine that {@link #available()} made (null before it returned true) */
    static engine engine() {
        return eng;
    }

    /** @return why {@link #available()} is false, or null when it is true or was not asked yet */
    public static String unavailableReason() {
        return unavailableReason;
    }

    /** @return the cap on the activation bytes of one plan ({@value #MAX_BYTES_PROPERTY}) */
    public static long maxBytes() {
        return DirectInference.longProperty(MAX_BYTES_PROPERTY, DEFAULT_MAX_BYTES);
    }

    // ---------------------------------------------------------------------------------------------
    // Graph analysis (shape-independent)

    /**
     * @param graph an initialised graph
     * @return this path for the graph, or null when a vertex, a parameter type or the backend is not covered
     */
    public static DnnlInference of(ComputationGraph graph) {
        GraphVertex[] vertices = graph.getVertices();
        if (vertices == null) {
            return null;
        }
        ComputationGraphConfiguration conf = graph.getConfiguration();
        List<String> inputNames = conf.getNetworkInputs();
        int n = vertices.length;
        Node[] nodes = new Node[n];
        for (GraphVertex v : vertices) {
            Node node = analyse(graph, v, inputNames);
            if (node == null) {
                return null;
            }
            nodes[v.getVertexIndex()] = node;
        }
        for (Node node : nodes) {
            if (node.kind == Kind.INPUT && (node.inputLayout = inputLayout(graph, node, nodes)) == null) {
                return null;
            }
        }
        List<String> outNames = conf.getNetworkOutputs();
        int[] outputs = new int[outNames.size()];
        for (int o = 0; o < outputs.length; o++) {
            GraphVertex v = graph.getVertex(outNames.get(o));
            if (v == null) {
                return null;
            }
            outputs[o] = v.getVertexIndex();
        }
        // oneDNN's natives are loaded only for a graph this path covers
        if (!available()) {
            return null;
        }
        return new DnnlInference(n, nodes, graph.topologicalSortOrder().clone(), outputs, inputNames.size());
    }

    /**
     * DL4J takes a network input as its consumers read it: NHWC when a channels-last layer reads it
     * directly, else NCHW (or 2d). Null when consumers disagree.
     */
    private static Layout inputLayout(ComputationGraph graph, Node input, Node[] nodes) {
        Layout found = null;
        for (Node c : nodes) {
            if (c.kind == Kind.INPUT || c.inputs == null) {
                continue;
            }
            for (int from : c.inputs) {
                if (from != input.vertex) {
                    continue;
                }
                Layout want = Layout.NCHW;
                if (c.pre == null && (c.kind == Kind.CONV || c.kind == Kind.UPSAMPLE)) {
                    Object conf = graph.getVertices()[c.vertex].getLayer().conf().getLayer();
                    CNN2DFormat f = conf instanceof ConvolutionLayer cl ? cl.getCnn2dDataFormat()
                            : ((Upsampling2D) conf).getFormat();
                    want = f == CNN2DFormat.NHWC ? Layout.NHWC : Layout.NCHW;
                }
                if (found != null && found != want) {
                    return null;
                }
                found = want;
            }
        }
        return found == null ? Layout.NCHW : found;
    }

    private static Node analyse(ComputationGraph graph, GraphVertex v, List<String> inputNames) {
        Node node = new Node();
        node.vertex = v.getVertexIndex();
        if (v.isInputVertex()) {
            node.kind = Kind.INPUT;
            int i = inputNames.indexOf(v.getVertexName());
            if (i < 0) {
                return null;
            }
            node.inputs = new int[] {i};
            return node;
        }
        org.deeplearning4j.nn.graph.vertex.VertexIndices[] ins = v.getInputVertices();
        if (ins == null || ins.length == 0) {
            return null;
        }
        node.inputs = new int[ins.length];
        for (int i = 0; i < ins.length; i++) {
            node.inputs[i] = ins[i].getVertexIndex();
        }
        org.deeplearning4j.nn.conf.graph.GraphVertex cv = graph.getConfiguration().getVertices().get(v.getVertexName());
        if (v instanceof LayerVertex lv) {
            if (ins.length != 1) {
                return null;
            }
            node.pre = lv.getLayerPreProcessor();
            if (node.pre != null && !supported(node.pre)) {
                return null;
            }
            node.kind = layerKind(v.getLayer());
            if (node.kind == Kind.REPEAT) {
                RepeatVector rv = (RepeatVector) v.getLayer().conf().getLayer();
                node.repeat = rv.getN();
            }
            return node.kind == null ? null : node;
        }
        if (cv instanceof MergeVertex mv) {
            node.kind = mv.getMergeAxis() == 1 ? Kind.MERGE : null;
        } else if (cv instanceof PreprocessorVertex pv && ins.length == 1 && supported(pv.getPreProcessor())) {
            node.kind = Kind.IDENTITY;
            node.pre = pv.getPreProcessor();
        } else if (cv instanceof ReshapeVertex rv && ins.length == 1 && rv.getReshapeOrder() == 'c'
                && rv.getNewShape() != null && rv.getNewShape().length == 4 && rv.getMaskShape() == null) {
            int[] s = rv.getNewShape();
            node.kind = Kind.RESHAPE;
            node.reshape = new int[] {s[1], s[2], s[3]};
        }
        return node.kind == null ? null : node;
    }

    private static boolean supported(InputPreProcessor p) {
        return p instanceof ChannelsLayout || p instanceof CnnToFeedForwardPreProcessor
                || p instanceof FeedForwardToCnnPreProcessor;
    }

    private static Kind layerKind(Layer layer) {
        if (layer == null) {
            return null;
        }
        if (layer.conf().getLayer() instanceof BaseLayer bl) {
            if (bl.getWeightNoise() != null || postOp(bl.getActivationFn()) == null) {
                return null;
            }
        }
        if (layer.numParams() > 0) {
            for (INDArray p : layer.paramTable().values()) {
                if (p.dataType() != DataType.FLOAT) {
                    return null;
                }
            }
        }
        Class<?> c = layer.getClass();
        if (c == OneDnnConvolution2DLayer.class) {
            return ((OneDnnConvolution2DLayer) layer).direct() ? Kind.CONV : null;
        }
        if (c == OneDnnDenseLayer.class) {
            return ((OneDnnDenseLayer) layer).hasLayerNorm() ? null : Kind.DENSE;
        }
        if (c == OneDnnDeconvolution2DLayer.class) {
            return ((OneDnnDeconvolution2DLayer) layer).directPadding() != null ? Kind.DECONV : null;
        }
        if (c == CnnLossLayer.class) {
            return ((BaseLayer) layer.conf().getLayer()).getActivationFn() instanceof ActivationIdentity
                    ? Kind.IDENTITY : null;
        }
        if (c == org.deeplearning4j.nn.layers.convolution.upsampling.Upsampling2D.class) {
            return Kind.UPSAMPLE;
        }
        if (c == org.deeplearning4j.nn.layers.RepeatVector.class) {
            RepeatVector rv = (RepeatVector) layer.conf().getLayer();
            return rv.getDataFormat() == RNNFormat.NCW ? Kind.REPEAT : null;
        }
        return null;
    }

    /** The fused activation: {algorithm, alpha}, {} for identity, or null when not covered. */
    private static Object[] postOp(IActivation a) {
        if (a == null || a instanceof ActivationIdentity) {
            return new Object[0];
        }
        if (a.getClass() == ActivationReLU.class) {
            ActivationReLU r = (ActivationReLU) a; // its defaults only (no max, threshold or negative slope)
            boolean plain = r.getMax() == null && (r.getThreshold() == null || r.getThreshold() == 0)
                    && (r.getNegativeSlope() == null || r.getNegativeSlope() == 0);
            return plain ? new Object[] {algorithm.eltwise_relu, 0f} : null;
        }
        if (a instanceof ActivationLReLU l) {
            return new Object[] {algorithm.eltwise_relu, (float) l.getAlpha()};
        }
        if (a instanceof ActivationELU e) {
            return new Object[] {algorithm.eltwise_elu, (float) e.getAlpha()};
        }
        if (a instanceof ActivationSigmoid) {
            return new Object[] {algorithm.eltwise_logistic, 0f};
        }
        if (a instanceof ActivationTanH) {
            return new Object[] {algorithm.eltwise_tanh, 0f};
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------
    // Calls

    /**
     * Runs the forward pass in inference mode.
     *
     * @param graph the graph this instance was made for (the same vertices and layers)
     * @param inputs one array per network input
     * @return the network outputs, each a new 'c'-order float array, or null when this path does not
     *     cover these inputs (the caller then uses another path)
     * @throws IllegalStateException after {@link #close()}
     */
    public INDArray[] output(ComputationGraph graph, INDArray... inputs) {
        if (closed) {
            throw new IllegalStateException("DnnlInference used after close()");
        }
        GraphVertex[] vertices = graph.getVertices();
        if (vertices == null || vertices.length != numVertices || inputs.length != numInputs) {
            return null;
        }
        INDArray[] in = new INDArray[inputs.length];
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < inputs.length; i++) {
            INDArray x = inputs[i];
            if (x == null) {
                return null;
            }
            if (x.dataType() != DataType.FLOAT) {
                x = x.castTo(DataType.FLOAT);
            }
            if (x.ordering() != 'c' || !contiguous(x)) {
                x = x.dup('c');
            }
            in[i] = x;
            key.append(Arrays.toString(x.shape())).append(';');
        }
        String k = key.toString();
        String rejectKey = k + maxBytes(); // a shape over the cap may fit a raised cap
        if (rejected.containsKey(rejectKey)) {
            return null;
        }
        long[] fp = fingerprint(graph);
        if (fingerprint == null || !Arrays.equals(fp, fingerprint)) {
            fingerprint = fp;
            version++;
        }
        Plan plan = plans.get(k);
        if (plan == null) {
            if (strm == null) {
                strm = new stream(eng);
            }
            Planner planner = new Planner(graph, in);
            try {
                plan = planner.plan();
            } catch (RuntimeException e) {
                planner.plan.close(); // oneDNN rejected a primitive for this shape (dnnl::error)
                plan = null;
            }
            if (plan == null) {
                if (rejected.size() >= 64) {
                    rejected.clear();
                }
                rejected.put(rejectKey, Boolean.TRUE);
                return null;
            }
            plans.put(k, plan);
            if (plans.size() > MAX_PLANS) {
                Iterator<Plan> it = plans.values().iterator();
                Plan eldest = it.next();
                it.remove();
                eldest.close();
            }
        }
        if (plan.version != version) {
            plan.pack(graph);
            plan.version = version;
        }
        return plan.run(in);
    }

    /** Marks the parameters as changed: every plan re-packs its weights on its next call. */
    public void invalidate() {
        version++;
    }

    /** @return the number of plans (input shapes) this instance keeps */
    public int plans() {
        return plans.size();
    }

    /** @return the bytes of activation buffers and packed weights that this instance's plans hold */
    public long bytes() {
        long b = 0;
        for (Plan p : plans.values()) {
            b += p.bytes;
        }
        return b;
    }

    /** Frees every native object of this instance; later calls of {@link #output} throw. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Plan p : plans.values()) {
            p.close();
        }
        plans.clear();
        if (strm != null) {
            strm.close();
            strm = null;
        }
    }

    /** Identity and address of every parameter array, the training counts, 64 sampled values of each. */
    private long[] fingerprint(ComputationGraph graph) {
        List<Long> f = new ArrayList<>();
        f.add((long) graph.getConfiguration().getIterationCount());
        f.add((long) graph.getConfiguration().getEpochCount());
        float[] block = new float[16];
        for (int i : order) {
            Kind kd = nodes[i].kind;
            if (kd != Kind.CONV && kd != Kind.DECONV && kd != Kind.DENSE) {
                continue;
            }
            for (INDArray p : graph.getVertices()[i].getLayer().paramTable().values()) {
                f.add((long) System.identityHashCode(p));
                Pointer ptr = p.data().addressPointer();
                f.add(ptr.address());
                long len = p.length();
                FloatPointer fp = new FloatPointer(ptr);
                long h = 1;
                for (long start : new long[] {0, len / 3, 2 * len / 3, len - 16}) {
                    long s = Math.max(0, Math.min(start, len - 16));
                    int cnt = (int) Math.min(16, len);
                    fp.position(s).get(block, 0, cnt);
                    for (int j = 0; j < cnt; j++) {
                        h = 31 * h + Float.floatToRawIntBits(block[j]);
                    }
                }
                f.add(h);
            }
        }
        long[] out = new long[f.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.get(i);
        }
        return out;
    }

    /** @return whether {@code x} is dense in C order (size-1 axes may have any stride) */
    static boolean contiguous(INDArray x) {
        long expect = 1;
        for (int d = x.rank() - 1; d >= 0; d--) {
            if (x.size(d) != 1 && x.stride(d) != expect) {
                return false;
            }
            expect *= x.size(d);
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // Plans

    /** A value of the graph for one input shape: its logical oneDNN dims and where it lives. */
    private static final class Val {
        long[] dims;        // oneDNN logical dims: {N, F}, {N, C, H, W}; REPEAT: {N, F} of the source
        Layout layout;      // DL4J layout
        memory.desc md;     // the memory's layout (null for a broadcast)
        int buf = -1;       // virtual buffer, or -1
        long byteOffset;    // where this value starts in its buffer (one image of a batch)
        int input = -1;     // network input number, or -1
        Val flat;           // for a 2d value seen through CnnToFeedForward: the 4d value (same memory)
        Layout flatOrder;   // its flatten order (NCHW or NHWC)
        Val bcast;          // REPEAT/RESHAPE: the 2d value broadcast over the grid
        long repeat;        // REPEAT: the repeat count
        List<Val> converted;
        Val[] parts;        // a channel concatenation with a broadcast part, not made yet: its parts
        Val made;           // that concatenation once made
        memory mem;         // made when the plan is materialised
    }

    /** A primitive and its arguments. */
    private static final class Step {
        primitive prim;
        int[] keys;
        Object[] args;      // Val or memory (packed weights)
        IntMemoryMap map;
        long[] readsBufs;
    }

    /** Weights or a bias packed into a primitive's preferred layout. */
    private static final class Pack {
        int vertex;
        String param;
        int role;           // 0 conv weights, 1 deconv weights, 2 dense weights, 4 bias {OC}, 5 bias {1, OC, 1, 1},
                            // 6 input channels [offset, offset + count) of 1x1 conv weights, 7 the same as {OC, count}
        long offset;
        long count;
        memory.desc md;
        memory mem;
    }

    private final class Plan implements AutoCloseable {
        final List<Step> steps = new ArrayList<>();
        final List<Pack> packs = new ArrayList<>();
        final List<Pointer> owned = new ArrayList<>();
        final List<memory> inputMems = new ArrayList<>();
        final List<Integer> inputOf = new ArrayList<>();
        Val[] outVals;
        memory[] outMems;
        long[][] outShapes;
        long bytes;
        long version = -1;

        void pack(ComputationGraph graph) {
            GraphVertex[] vs = graph.getVertices();
            for (Pack p : packs) {
                INDArray a = vs[p.vertex].getLayer().getParam(p.param);
                long[] st = a.stride();
                long[] sh = a.shape();
                memory.desc user;
                switch (p.role) {
                    case 0 -> user = new memory.desc(sh, memory.data_type.f32, st);
                    case 1 -> user = new memory.desc(new long[] {sh[1], sh[0], sh[2], sh[3]}, memory.data_type.f32,
                            new long[] {st[1], st[0], st[2], st[3]});
                    case 2 -> user = new memory.desc(new long[] {sh[1], sh[0]}, memory.data_type.f32,
                            new long[] {st[1], st[0]});
                    case 6 -> user = new memory.desc(new long[] {sh[0], p.count, sh[2], sh[3]}, memory.data_type.f32, st);
                    case 7 -> user = new memory.desc(new long[] {sh[0], p.count}, memory.data_type.f32,
                            new long[] {st[0], st[1]});
                    case 5 -> {
                        long sb = a.rank() == 2 && a.size(0) == 1 ? st[1] : st[0];
                        user = new memory.desc(new long[] {1, a.length(), 1, 1}, memory.data_type.f32,
                                new long[] {a.length() * sb, sb, sb, sb});
                    }
                    default -> user = new memory.desc(new long[] {a.length()}, memory.data_type.f32,
                            new long[] {a.rank() == 2 && a.size(0) == 1 ? st[1] : st[0]});
                }
                Pointer data = a.data().addressPointer();
                if (p.offset != 0) {
                    // a byte position: JavaCPP adds a Pointer argument's position to a void* in bytes
                    data = new org.bytedeco.javacpp.BytePointer(data).position(p.offset * st[1] * Float.BYTES);
                }
                memory um = new memory(user, eng, data);
                reorder r = new reorder(um, p.mem);
                r.execute(strm, um, p.mem);
                strm._wait();
                r.close();
                um.close();
                user.close();
            }
        }

        INDArray[] run(INDArray[] in) {
            for (int m = 0; m < inputMems.size(); m++) {
                inputMems.get(m).set_data_handle(in[inputOf.get(m)].data().addressPointer());
            }
            for (Step s : steps) {
                s.prim.execute(strm, s.map);
            }
            INDArray[] result = new INDArray[outVals.length];
            for (int o = 0; o < outVals.length; o++) {
                result[o] = Nd4j.createUninitialized(DataType.FLOAT, outShapes[o], 'c');
                outMems[o].set_data_handle(result[o].data().addressPointer());
                outSteps.get(o).execute(strm, outVals[o].mem, outMems[o]);
            }
            strm._wait();
            return result;
        }

        final List<reorder> outSteps = new ArrayList<>();

        @Override
        public void close() {
            for (int i = owned.size() - 1; i >= 0; i--) {
                owned.get(i).close();
            }
            owned.clear();
        }
    }

    /** Builds a plan for one set of input shapes. */
    private final class Planner {
        final ComputationGraph graph;
        final INDArray[] in;
        final Plan plan = new Plan();
        final List<Long> bufBytes = new ArrayList<>();
        final List<Val> vals = new ArrayList<>();
        final List<Object[]> stepReads = new ArrayList<>();

        Planner(ComputationGraph graph, INDArray[] in) {
            this.graph = graph;
            this.in = in;
        }

        <T extends Pointer> T own(T p) {
            plan.owned.add(p);
            return p;
        }

        Val newVal(long[] dims, Layout layout, memory.desc md) {
            Val v = new Val();
            v.dims = dims;
            v.layout = layout;
            v.md = md;
            if (md != null) {
                v.buf = bufBytes.size();
                bufBytes.add(md.get_size());
            }
            vals.add(v);
            return v;
        }

        Plan plan() {
            GraphVertex[] vs = graph.getVertices();
            Val[] values = new Val[numVertices];
            for (int i : order) {
                Node node = nodes[i];
                Val out;
                if (node.kind == Kind.INPUT) {
                    out = inputVal(node);
                } else {
                    Val x = values[node.inputs[0]];
                    if (x != null && node.pre != null) {
                        x = preprocess(node.pre, x);
                    }
                    if (x != null && node.kind != Kind.CONV) {
                        x = made(x);
                    }
                    if (x == null) {
                        return null;
                    }
                    Layer layer = vs[i].getLayer();
                    out = switch (node.kind) {
                        case CONV -> conv(i, (OneDnnConvolution2DLayer) layer, x);
                        case DECONV -> deconv(i, (OneDnnDeconvolution2DLayer) layer, x);
                        case DENSE -> dense(i, (OneDnnDenseLayer) layer, x);
                        case UPSAMPLE -> upsample((Upsampling2D) layer.conf().getLayer(), x);
                        case IDENTITY -> x.bcast != null ? null : x;
                        case REPEAT -> repeat(node.repeat, x);
                        case RESHAPE -> reshape(node.reshape, x);
                        case MERGE -> merge(node, values);
                        default -> null;
                    };
                }
                if (out == null) {
                    return null;
                }
                values[i] = out;
            }
            plan.outVals = new Val[outputs.length];
            plan.outShapes = new long[outputs.length][];
            plan.outMems = new memory[outputs.length];
            for (int o = 0; o < outputs.length; o++) {
                Val v = made(values[outputs[o]]);
                if (v.bcast != null || v.flat != null) {
                    return null;
                }
                plan.outVals[o] = v;
                plan.outShapes[o] = dl4jShape(v);
            }
            return materialise();
        }

        long[] dl4jShape(Val v) {
            long[] d = v.dims;
            return switch (v.layout) {
                case NHWC -> new long[] {d[0], d[2], d[3], d[1]};
                default -> d.clone();
            };
        }

        memory.desc plainDesc(long[] dims, Layout layout) {
            memory.format_tag tag = switch (layout) {
                case NC -> memory.format_tag.nc;
                case NHWC -> memory.format_tag.nhwc;
                default -> memory.format_tag.nchw;
            };
            return own(new memory.desc(dims, memory.data_type.f32, tag));
        }

        Val inputVal(Node node) {
            int i = node.inputs[0];
            long[] s = in[i].shape();
            long[] dims;
            Layout layout;
            if (s.length == 2) {
                layout = Layout.NC;
                dims = s.clone();
            } else if (s.length == 4) {
                layout = node.inputLayout;
                dims = layout == Layout.NHWC ? new long[] {s[0], s[3], s[1], s[2]} : s.clone();
            } else {
                return null;
            }
            Val v = new Val();
            v.dims = dims;
            v.layout = layout;
            v.md = plainDesc(dims, layout);
            v.input = i;
            vals.add(v);
            return v;
        }

        Val preprocess(InputPreProcessor p, Val x) {
            if (x.bcast != null) {
                return null;
            }
            if (x.parts != null && p instanceof ChannelsLayout cl) {
                Layout target = cl.getTarget() == CNN2DFormat.NHWC ? Layout.NHWC : Layout.NCHW;
                if (x.layout == target) {
                    return null;
                }
                Val v = new Val();
                v.dims = x.dims;
                v.layout = target;
                v.parts = x.parts;
                vals.add(v);
                return v;
            }
            x = made(x);
            if (p instanceof ChannelsLayout cl) {
                Layout target = cl.getTarget() == CNN2DFormat.NHWC ? Layout.NHWC : Layout.NCHW;
                if (x.dims.length != 4 || x.layout == target || x.flat != null) {
                    return null;
                }
                Val v = alias(x);
                v.layout = target;
                return v;
            }
            if (p instanceof CnnToFeedForwardPreProcessor cf) {
                Layout order = cf.getFormat() == CNN2DFormat.NHWC ? Layout.NHWC : Layout.NCHW;
                if (x.dims.length != 4 || x.layout != order) {
                    return null;
                }
                Val v = new Val();
                v.dims = new long[] {x.dims[0], x.dims[1] * x.dims[2] * x.dims[3]};
                v.layout = Layout.NC;
                v.flat = x;
                v.flatOrder = order;
                vals.add(v);
                return v;
            }
            if (p instanceof FeedForwardToCnnPreProcessor fc) {
                if (x.dims.length != 2 || x.flat != null
                        || x.dims[1] != fc.getNumChannels() * fc.getInputHeight() * fc.getInputWidth()) {
                    return null;
                }
                Val plain = toDesc(x, plainDesc(x.dims, Layout.NC));
                Val v = new Val();
                v.dims = new long[] {x.dims[0], fc.getNumChannels(), fc.getInputHeight(), fc.getInputWidth()};
                v.layout = Layout.NCHW;
                v.md = plainDesc(v.dims, Layout.NCHW);
                v.buf = plain.buf;
                v.input = plain.input;
                vals.add(v);
                return v;
            }
            return null;
        }

        Val alias(Val x) {
            Val v = new Val();
            v.dims = x.dims;
            v.layout = x.layout;
            v.md = x.md;
            v.buf = x.buf;
            v.input = x.input;
            v.flat = x.flat;
            v.flatOrder = x.flatOrder;
            vals.add(v);
            return v;
        }

        /** x in layout {@code md}: x itself, or a reorder of it (one per distinct layout). */
        Val toDesc(Val x, memory.desc md) {
            if (x.md.equals(md)) {
                return x;
            }
            if (x.converted == null) {
                x.converted = new ArrayList<>();
            }
            for (Val done : x.converted) {
                if (done.md.equals(md)) {
                    return done;
                }
            }
            Val v = newVal(x.dims, x.layout, md);
            reorder r = own(new reorder(own(new reorder.primitive_desc(eng, x.md, eng, md))));
            addStep(r, new int[] {DNNL_ARG_SRC, DNNL_ARG_DST}, new Object[] {x, v});
            x.converted.add(v);
            return v;
        }

        void addStep(primitive p, int[] keys, Object[] args) {
            Step s = new Step();
            s.prim = p;
            s.keys = keys;
            s.args = args;
            plan.steps.add(s);
        }

        primitive_attr attr(IActivation a) {
            primitive_attr attr = own(new primitive_attr());
            Object[] op = postOp(a);
            if (op.length > 0) {
                post_ops ops = own(new post_ops());
                ops.append_eltwise(1f, (algorithm) op[0], (Float) op[1], 0f);
                attr.set_post_ops(ops);
            }
            return attr;
        }

        memory.desc any(long... dims) {
            return own(new memory.desc(dims, memory.data_type.f32, memory.format_tag.any));
        }

        Pack pack(int vertex, String param, int role, memory.desc md) {
            Pack p = new Pack();
            p.vertex = vertex;
            p.param = param;
            p.role = role;
            p.md = md;
            p.mem = own(new memory(md, eng));
            plan.bytes += md.get_size();
            plan.packs.add(p);
            return p;
        }

        Val conv(int i, OneDnnConvolution2DLayer layer, Val x) {
            ConvolutionLayer c = (ConvolutionLayer) layer.conf().getLayer();
            Layout lay = c.getCnn2dDataFormat() == CNN2DFormat.NHWC ? Layout.NHWC : Layout.NCHW;
            INDArray w = layer.getParam(ConvolutionParamInitializer.WEIGHT_KEY);
            if (x.parts != null) {
                Val split = x.layout == lay ? splitConv(i, layer, c, x, w) : null;
                if (split != null) {
                    return split;
                }
                x = made(x);
            }
            if (x.dims.length != 4 || x.layout != lay || x.bcast != null || x.flat != null || x.dims[1] != w.size(1)) {
                return null;
            }
            int[] k = c.getKernelSize();
            int[] s = c.getStride();
            int[] d = c.getDilation();
            if (d[0] != 1 || d[1] != 1) {
                return null; // libnd4j's own oneDNN path rejects dilation: nothing to be equal to
            }
            long ih = x.dims[2];
            long iw = x.dims[3];
            long oh;
            long ow;
            long[] pl;
            long[] pr;
            long ekh = (long) (k[0] - 1) * d[0] + 1;
            long ekw = (long) (k[1] - 1) * d[1] + 1;
            if (c.getConvolutionMode() == ConvolutionMode.Same) {
                oh = (ih + s[0] - 1) / s[0];
                ow = (iw + s[1] - 1) / s[1];
                long th = Math.max(0, (oh - 1) * s[0] + ekh - ih);
                long tw = Math.max(0, (ow - 1) * s[1] + ekw - iw);
                pl = new long[] {th / 2, tw / 2};
                pr = new long[] {th - th / 2, tw - tw / 2};
            } else {
                int[] p = c.getPadding();
                oh = (ih + 2L * p[0] - ekh) / s[0] + 1;
                ow = (iw + 2L * p[1] - ekw) / s[1] + 1;
                pl = new long[] {p[0], p[1]};
                pr = new long[] {(oh - 1) * s[0] + ekh - ih - p[0], (ow - 1) * s[1] + ekw - iw - p[1]};
            }
            if (oh < 1 || ow < 1) {
                return null;
            }
            long oc = w.size(0);
            long[] dst = {x.dims[0], oc, oh, ow};
            boolean bias = layer.hasBias();
            memory.desc bmd = bias ? own(new memory.desc(new long[] {oc}, memory.data_type.f32, memory.format_tag.x)) : null;
            convolution_forward.desc cd = own(bias
                    ? new convolution_forward.desc(prop_kind.forward_inference, algorithm.convolution_direct,
                            any(x.dims), any(w.shape()), bmd, any(dst), new long[] {s[0], s[1]},
                            new long[] {d[0] - 1, d[1] - 1}, pl, pr)
                    : new convolution_forward.desc(prop_kind.forward_inference, algorithm.convolution_direct,
                            any(x.dims), any(w.shape()), any(dst), new long[] {s[0], s[1]},
                            new long[] {d[0] - 1, d[1] - 1}, pl, pr));
            convolution_forward.primitive_desc pd = own(new convolution_forward.primitive_desc(cd,
                    attr(c.getActivationFn()), eng));
            Val src = toDesc(x, own(pd.src_desc()));
            Pack wp = pack(i, ConvolutionParamInitializer.WEIGHT_KEY, 0, own(pd.weights_desc()));
            Val out = newVal(dst, lay, own(pd.dst_desc()));
            primitive p = own(new convolution_forward(pd));
            if (bias) {
                Pack bp = pack(i, ConvolutionParamInitializer.BIAS_KEY, 4, bmd);
                addStep(p, new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DST},
                        new Object[] {src, wp.mem, bp.mem, out});
            } else {
                addStep(p, new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST}, new Object[] {src, wp.mem, out});
            }
            return out;
        }

        Val deconv(int i, OneDnnDeconvolution2DLayer layer, Val x) {
            int[] pad = layer.directPadding();
            INDArray w = layer.getParam(DeconvolutionParamInitializer.WEIGHT_KEY);
            if (pad == null || x.dims.length != 4 || x.layout != Layout.NCHW || x.bcast != null || x.flat != null
                    || x.dims[1] != w.size(0)) {
                return null;
            }
            int[] s = layer.stride();
            long oc = w.size(1);
            long[] dst = {x.dims[0], oc, x.dims[2] * s[0], x.dims[3] * s[1]};
            long[] wd = {oc, w.size(0), w.size(2), w.size(3)};
            boolean bias = layer.hasBias();
            memory.desc bmd = bias ? own(new memory.desc(new long[] {oc}, memory.data_type.f32, memory.format_tag.x)) : null;
            long[] pl = {pad[0], pad[2]};
            long[] pr = {pad[1], pad[3]};
            // No bias or activation in the transposed convolution itself: oneDNN 2.5 applies them to a
            // deconvolution in scalar reference code (as slow as the deconvolution at batch 1); a binary
            // add (bias per channel, activation as its post-op) in place does the same sums vectorised.
            // Few output channels (an RGB or ab output): plain NCHW output, which the binary below handles
            // in jit code (it takes the reference code for channels padded to a block).
            memory.desc dmd = oc % 16 == 0 ? any(dst) : plainDesc(dst, Layout.NCHW);
            deconvolution_forward.desc dd = own(new deconvolution_forward.desc(prop_kind.forward_inference,
                    algorithm.deconvolution_direct, any(x.dims), any(wd), dmd, new long[] {s[0], s[1]}, pl, pr));
            IActivation act = ((BaseLayer) layer.conf().getLayer()).getActivationFn();
            deconvolution_forward.primitive_desc pd = own(new deconvolution_forward.primitive_desc(dd, eng));
            Val src = toDesc(x, own(pd.src_desc()));
            Pack wp = pack(i, DeconvolutionParamInitializer.WEIGHT_KEY, 1, own(pd.weights_desc()));
            Val out = newVal(dst, Layout.NCHW, own(pd.dst_desc()));
            addStep(own(new deconvolution_forward(pd)), new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST},
                    new Object[] {src, wp.mem, out});
            if (bias) {
                // the bias in the same layout as the output: oneDNN's binary is jit only then
                memory.desc b4 = own(new memory.desc(new long[] {1, oc, 1, 1}, memory.data_type.f32,
                        tagOf(out.md, memory.format_tag.nchw)));
                Pack bp = pack(i, DeconvolutionParamInitializer.BIAS_KEY, 5, b4);
                binary.desc bd = own(new binary.desc(algorithm.binary_add, out.md, b4, out.md));
                binary.primitive_desc bpd = own(new binary.primitive_desc(bd, attr(act), eng));
                Val done = inPlace(out);
                addStep(own(new binary(bpd)), new int[] {DNNL_ARG_SRC_0, DNNL_ARG_SRC_1, DNNL_ARG_DST},
                        new Object[] {out, bp.mem, done});
                return done;
            }
            Object[] op = postOp(act);
            if (op.length > 0) {
                eltwise_forward.desc ed = own(new eltwise_forward.desc(prop_kind.forward_inference,
                        (algorithm) op[0], out.md, (Float) op[1], 0f));
                eltwise_forward.primitive_desc epd = own(new eltwise_forward.primitive_desc(ed, eng));
                Val done = inPlace(out);
                addStep(own(new eltwise_forward(epd)), new int[] {DNNL_ARG_SRC, DNNL_ARG_DST}, new Object[] {out, done});
                return done;
            }
            return out;
        }

        /** The tag among the usual 4d ones (blocked by 16, 8, 4 channels, nchw, nhwc) that gives {@code md}. */
        memory.format_tag tagOf(memory.desc md, memory.format_tag otherwise) {
            long[] dims = null;
            for (Val v : vals) {
                if (v.md == md) {
                    dims = v.dims;
                }
            }
            if (dims == null || dims.length != 4) {
                return otherwise;
            }
            for (memory.format_tag t : new memory.format_tag[] {memory.format_tag.aBcd16b, memory.format_tag.aBcd8b,
                memory.format_tag.aBcd4b, memory.format_tag.nchw, memory.format_tag.nhwc}) {
                try (memory.desc c = new memory.desc(dims, memory.data_type.f32, t)) {
                    if (c.equals(md)) {
                        return t;
                    }
                }
            }
            return otherwise;
        }

        /** The result of an in-place step on {@code x}: the same buffer and layout, a later value. */
        Val inPlace(Val x) {
            Val v = new Val();
            v.dims = x.dims;
            v.layout = x.layout;
            v.md = x.md;
            v.buf = x.buf;
            vals.add(v);
            return v;
        }

        Val dense(int i, OneDnnDenseLayer layer, Val x) {
            INDArray w = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
            if (x.dims.length != 2 || x.bcast != null || x.dims[1] != w.size(0) || w.rank() != 2) {
                return null;
            }
            long oc = w.size(1);
            long[] dst = {x.dims[0], oc};
            Val source = x;
            if (x.flat != null) {
                // flatten: the 4d value in the plain layout of the flatten order, seen as [N, C*H*W]
                Val plain = toDesc(x.flat, plainDesc(x.flat.dims, x.flatOrder));
                source = new Val();
                source.dims = x.dims;
                source.layout = Layout.NC;
                source.md = plainDesc(x.dims, Layout.NC);
                source.buf = plain.buf;
                source.input = plain.input;
                vals.add(source);
            }
            long[] wd = {oc, w.size(0)};
            boolean bias = layer.hasBias();
            memory.desc bmd = bias ? own(new memory.desc(new long[] {oc}, memory.data_type.f32, memory.format_tag.x)) : null;
            memory.desc dmd = plainDesc(dst, Layout.NC);
            inner_product_forward.desc ipd = own(bias
                    ? new inner_product_forward.desc(prop_kind.forward_inference, any(source.dims), any(wd), bmd, dmd)
                    : new inner_product_forward.desc(prop_kind.forward_inference, any(source.dims), any(wd), dmd));
            IActivation act = ((BaseLayer) layer.conf().getLayer()).getActivationFn();
            inner_product_forward.primitive_desc pd = own(new inner_product_forward.primitive_desc(ipd, attr(act), eng));
            Val src = toDesc(source, own(pd.src_desc()));
            Pack wp = pack(i, DefaultParamInitializer.WEIGHT_KEY, 2, own(pd.weights_desc()));
            Val out = newVal(dst, Layout.NC, own(pd.dst_desc()));
            primitive p = own(new inner_product_forward(pd));
            if (bias) {
                Pack bp = pack(i, DefaultParamInitializer.BIAS_KEY, 4, bmd);
                addStep(p, new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DST},
                        new Object[] {src, wp.mem, bp.mem, out});
            } else {
                addStep(p, new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST}, new Object[] {src, wp.mem, out});
            }
            return out;
        }

        Val upsample(Upsampling2D u, Val x) {
            Layout lay = u.getFormat() == CNN2DFormat.NHWC ? Layout.NHWC : Layout.NCHW;
            int[] size = u.getSize();
            if (x.dims.length != 4 || x.layout != lay || x.bcast != null || x.flat != null || size == null
                    || size.length != 2) {
                return null;
            }
            long[] dst = {x.dims[0], x.dims[1], x.dims[2] * size[0], x.dims[3] * size[1]};
            return resample(x, dst, lay);
        }

        Val resample(Val x, long[] dst, Layout lay) {
            resampling_forward.desc rd = own(new resampling_forward.desc(prop_kind.forward_inference,
                    algorithm.resampling_nearest, x.md, any(dst)));
            resampling_forward.primitive_desc pd = own(new resampling_forward.primitive_desc(rd, eng));
            Val src = toDesc(x, own(pd.src_desc()));
            Val out = newVal(dst, lay, own(pd.dst_desc()));
            addStep(own(new resampling_forward(pd)), new int[] {DNNL_ARG_SRC, DNNL_ARG_DST}, new Object[] {src, out});
            return out;
        }

        Val repeat(int n, Val x) {
            if (x.dims.length != 2 || x.flat != null || x.bcast != null) {
                return null;
            }
            Val v = new Val();
            v.dims = x.dims;
            v.layout = Layout.NCW;
            v.bcast = x;
            v.repeat = n;
            vals.add(v);
            return v;
        }

        Val reshape(int[] chw, Val x) {
            if (x.bcast == null || x.layout != Layout.NCW || chw[0] != x.dims[1] || (long) chw[1] * chw[2] != x.repeat) {
                return null;
            }
            Val v = new Val();
            v.dims = new long[] {x.dims[0], chw[0], chw[1], chw[2]};
            v.layout = Layout.NCHW;
            v.bcast = x.bcast;
            vals.add(v);
            return v;
        }

        /** The broadcast of a 2d value over a grid, made by nearest resampling of [N, F, 1, 1]. */
        Val materialise(Val b) {
            Val src2 = toDesc(b.bcast, plainDesc(b.bcast.dims, Layout.NC));
            Val v = new Val();
            v.dims = new long[] {src2.dims[0], src2.dims[1], 1, 1};
            v.layout = Layout.NCHW;
            // [N, F, 1, 1] is the same memory in nchw and nhwc; nhwc makes the resampling write the grid
            // channels-last, the layout of the concatenation (a plain copy into it, not a transposition)
            v.md = plainDesc(v.dims, Layout.NHWC);
            v.buf = src2.buf;
            v.input = src2.input;
            vals.add(v);
            return resample(v, b.dims, Layout.NCHW);
        }

        Val merge(Node node, Val[] values) {
            Val[] xs = new Val[node.inputs.length];
            long channels = 0;
            for (int j = 0; j < xs.length; j++) {
                Val x = values[node.inputs[j]];
                if (x == null || x.dims.length != 4 || x.layout != Layout.NCHW || x.flat != null) {
                    return null;
                }
                x = made(x);
                if (j > 0 && (x.dims[0] != xs[0].dims[0] || x.dims[2] != xs[0].dims[2] || x.dims[3] != xs[0].dims[3])) {
                    return null;
                }
                xs[j] = x;
                channels += x.dims[1];
            }
            Val lazy = new Val();
            lazy.dims = new long[] {xs[0].dims[0], channels, xs[0].dims[2], xs[0].dims[3]};
            lazy.layout = Layout.NCHW;
            lazy.parts = xs;
            vals.add(lazy);
            for (Val x : xs) {
                if (x.bcast != null) {
                    return lazy; // made when a consumer needs it (a 1x1 convolution does not: splitConv)
                }
            }
            return made(lazy);
        }

        /** {@code x} itself, or the channel concatenation it stands for, made once (steps added now). */
        Val made(Val x) {
            if (x.parts == null) {
                return x;
            }
            if (x.made != null) {
                return x.made;
            }
            Val[] xs = x.parts.clone();
            for (int j = 0; j < xs.length; j++) {
                if (xs[j].bcast != null) {
                    xs[j] = materialise(xs[j]);
                }
            }
            long[] dims = x.dims;
            Val out = newVal(dims, Layout.NCHW, own(new memory.desc(dims, memory.data_type.f32, memory.format_tag.nhwc)));
            long offset = 0;
            for (Val xj : xs) {
                memory.desc sub = own(out.md.submemory_desc(xj.dims, new long[] {0, offset, 0, 0}));
                Val part = new Val();
                part.dims = xj.dims;
                part.layout = Layout.NCHW;
                part.md = sub;
                part.buf = out.buf;
                vals.add(part);
                reorder r = own(new reorder(own(new reorder.primitive_desc(eng, xj.md, eng, sub))));
                addStep(r, new int[] {DNNL_ARG_SRC, DNNL_ARG_DST}, new Object[] {xj, part});
                offset += xj.dims[1];
            }
            out.layout = x.layout;
            x.made = out;
            return out;
        }

        /**
         * A 1x1 convolution of a concatenation with broadcast parts, without making the concatenation:
         * the convolution is linear, so it is the sum of 1x1 convolutions of the real parts (their
         * input channels of the weights) and, for each broadcast part, an inner product of the 2d value
         * with its input channels of the weights (one vector per image, constant over the grid), added
         * per image with the bias, then the activation. For the fusion of network C: 256 input channels
         * convolved instead of 1256, and no 1000-channel grid written.
         */
        Val splitConv(int i, OneDnnConvolution2DLayer layer, ConvolutionLayer c, Val x, INDArray w) {
            int[] k = c.getKernelSize();
            int[] s = c.getStride();
            int[] pad = c.getPadding();
            boolean noPad = c.getConvolutionMode() == ConvolutionMode.Same || pad == null || (pad[0] == 0 && pad[1] == 0);
            if (k[0] != 1 || k[1] != 1 || s[0] != 1 || s[1] != 1 || !noPad || w.size(1) != x.dims[1] || w.rank() != 4) {
                return null;
            }
            int real = 0;
            for (Val part : x.parts) {
                real += part.bcast == null ? 1 : 0;
            }
            if (real == 0 || real == x.parts.length) {
                return null;
            }
            long oc = w.size(0);
            long n = x.dims[0];
            long[] dst = {n, oc, x.dims[2], x.dims[3]};
            Val y = null;
            Val z = null;
            long offset = 0;
            boolean bias = layer.hasBias();
            for (Val part : x.parts) {
                long cnt = part.dims[1];
                if (part.bcast == null) {
                    primitive_attr at = own(new primitive_attr());
                    if (y != null) {
                        post_ops ops = own(new post_ops());
                        ops.append_sum();
                        at.set_post_ops(ops);
                    }
                    convolution_forward.desc cd = own(new convolution_forward.desc(prop_kind.forward_inference,
                            algorithm.convolution_direct, any(part.dims), any(oc, cnt, 1, 1), y == null ? any(dst) : y.md,
                            new long[] {1, 1}, new long[] {0, 0}, new long[] {0, 0}));
                    convolution_forward.primitive_desc pd = own(new convolution_forward.primitive_desc(cd, at, eng));
                    Val src = toDesc(part, own(pd.src_desc()));
                    Pack wp = pack(i, ConvolutionParamInitializer.WEIGHT_KEY, 6, own(pd.weights_desc()));
                    wp.offset = offset;
                    wp.count = cnt;
                    Val out = y == null ? newVal(dst, x.layout, own(pd.dst_desc())) : inPlace(y);
                    addStep(own(new convolution_forward(pd)), new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST},
                            new Object[] {src, wp.mem, out});
                    y = out;
                } else {
                    Val src2 = toDesc(part.bcast, plainDesc(part.bcast.dims, Layout.NC));
                    primitive_attr at = own(new primitive_attr());
                    if (z != null) {
                        post_ops ops = own(new post_ops());
                        ops.append_sum();
                        at.set_post_ops(ops);
                    }
                    boolean withBias = bias && z == null;
                    memory.desc bmd = withBias
                            ? own(new memory.desc(new long[] {oc}, memory.data_type.f32, memory.format_tag.x)) : null;
                    memory.desc zmd = z == null ? plainDesc(new long[] {n, oc}, Layout.NC) : z.md;
                    inner_product_forward.desc ipd = own(withBias
                            ? new inner_product_forward.desc(prop_kind.forward_inference, src2.md, any(oc, cnt), bmd, zmd)
                            : new inner_product_forward.desc(prop_kind.forward_inference, src2.md, any(oc, cnt), zmd));
                    inner_product_forward.primitive_desc pd = own(new inner_product_forward.primitive_desc(ipd, at, eng));
                    Val src = toDesc(src2, own(pd.src_desc()));
                    Pack wp = pack(i, ConvolutionParamInitializer.WEIGHT_KEY, 7, own(pd.weights_desc()));
                    wp.offset = offset;
                    wp.count = cnt;
                    Val out = z == null ? newVal(new long[] {n, oc}, Layout.NC, own(pd.dst_desc())) : inPlace(z);
                    if (withBias) {
                        Pack bp = pack(i, ConvolutionParamInitializer.BIAS_KEY, 4, bmd);
                        addStep(own(new inner_product_forward(pd)),
                                new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DST},
                                new Object[] {src, wp.mem, bp.mem, out});
                    } else {
                        addStep(own(new inner_product_forward(pd)), new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST},
                                new Object[] {src, wp.mem, out});
                    }
                    z = out;
                }
                offset += cnt;
            }
            // per image: y[img] += z[img] over the grid, then the activation
            IActivation act = c.getActivationFn();
            // One image at a time as a dense {1, OC, H, W} at its offset (oneDNN's binary runs its
            // reference code for a sub-memory with an offset); sub-memories when the layout is not
            // image-major (not seen: convolutions here choose nhwc or nChw16c).
            long[] imgDims = {1, oc, dst[2], dst[3]};
            memory.format_tag tag = tagOf(y.md, null);
            memory.desc img1 = tag == null ? null : own(new memory.desc(imgDims, memory.data_type.f32, tag));
            boolean dense = img1 != null && img1.get_size() * n == y.md.get_size();
            memory.desc z1 = own(new memory.desc(new long[] {1, oc, 1, 1}, memory.data_type.f32, memory.format_tag.nchw));
            for (long img = 0; img < n; img++) {
                memory.desc ysub = dense ? img1 : own(y.md.submemory_desc(imgDims, new long[] {img, 0, 0, 0}));
                long yOff = dense ? img * img1.get_size() : 0;
                binary.desc bd = own(new binary.desc(algorithm.binary_add, ysub, z1, ysub));
                binary.primitive_desc bpd = own(new binary.primitive_desc(bd, attr(act), eng));
                Val yIn = view(y, ysub, yOff);
                Val zIn = view(z, z1, img * oc * 4);
                Val yOut = view(y, ysub, yOff);
                addStep(own(new binary(bpd)), new int[] {DNNL_ARG_SRC_0, DNNL_ARG_SRC_1, DNNL_ARG_DST},
                        new Object[] {yIn, zIn, yOut});
            }
            return inPlace(y);
        }

        /** Another layout (a view: a sub-block, a reshape) of the memory of {@code x}. */
        Val view(Val x, memory.desc md, long byteOffset) {
            Val v = new Val();
            v.dims = x.dims;
            v.layout = x.layout;
            v.md = md;
            v.buf = x.buf;
            v.input = x.input;
            v.byteOffset = x.byteOffset + byteOffset;
            vals.add(v);
            return v;
        }

        /** Assigns buffers (reused once their values are dead), makes the memories and argument maps. */
        Plan materialise() {
            int nb = bufBytes.size();
            int[] lastUse = new int[nb];
            Arrays.fill(lastUse, -1);
            int[] firstDef = new int[nb];
            Arrays.fill(firstDef, Integer.MAX_VALUE);
            for (int si = 0; si < plan.steps.size(); si++) {
                Step s = plan.steps.get(si);
                for (int a = 0; a < s.args.length; a++) {
                    if (s.args[a] instanceof Val v && v.buf >= 0) {
                        lastUse[v.buf] = Math.max(lastUse[v.buf], si);
                        if (s.keys[a] == DNNL_ARG_DST) {
                            firstDef[v.buf] = Math.min(firstDef[v.buf], si);
                        }
                    }
                }
            }
            for (Val v : plan.outVals) {
                if (v.buf >= 0) {
                    lastUse[v.buf] = Integer.MAX_VALUE;
                }
            }
            // Greedy: in step order, a buffer defined at step si takes a physical slot free since before si.
            Integer[] byDef = new Integer[nb];
            for (int b = 0; b < nb; b++) {
                byDef[b] = b;
            }
            Arrays.sort(byDef, (a, b) -> Integer.compare(firstDef[a], firstDef[b]));
            List<long[]> slots = new ArrayList<>(); // {bytes, freeAfterStep}
            int[] slotOf = new int[nb];
            Arrays.fill(slotOf, -1);
            for (int b : byDef) {
                if (firstDef[b] == Integer.MAX_VALUE) {
                    continue; // never written (cannot happen for a planned value)
                }
                int best = -1;
                for (int sl = 0; sl < slots.size(); sl++) {
                    long[] slot = slots.get(sl);
                    if (slot[1] < firstDef[b] && (best < 0 || Math.abs(slot[0] - bufBytes.get(b))
                            < Math.abs(slots.get(best)[0] - bufBytes.get(b)))) {
                        best = sl;
                    }
                }
                if (best < 0) {
                    slots.add(new long[] {0, 0});
                    best = slots.size() - 1;
                }
                long[] slot = slots.get(best);
                slot[0] = Math.max(slot[0], bufBytes.get(b));
                slot[1] = lastUse[b] == -1 ? firstDef[b] : lastUse[b];
                slotOf[b] = best;
            }
            long total = 0;
            for (long[] slot : slots) {
                total += slot[0];
            }
            if (total + plan.bytes > maxBytes()) {
                plan.close();
                return null;
            }
            plan.bytes += total;
            Pointer[] handles = new Pointer[slots.size()];
            for (int sl = 0; sl < slots.size(); sl++) {
                memory.desc raw = own(new memory.desc(new long[] {Math.max(1, slots.get(sl)[0])},
                        memory.data_type.u8, memory.format_tag.a));
                memory m = own(new memory(raw, eng));
                handles[sl] = m.get_data_handle();
            }
            for (Val v : vals) {
                if (v.md == null) {
                    continue;
                }
                if (v.input >= 0) {
                    if (v.byteOffset != 0) {
                        return failed(); // not made by the covered graphs
                    }
                    // an input, or a view of one (a reshape): its handle is set on every call
                    v.mem = own(new memory(v.md, eng, in[v.input].data().addressPointer()));
                    plan.inputMems.add(v.mem);
                    plan.inputOf.add(v.input);
                } else if (v.buf >= 0 && slotOf[v.buf] >= 0) {
                    Pointer h = handles[slotOf[v.buf]];
                    if (v.byteOffset != 0) {
                        h = own(new org.bytedeco.javacpp.BytePointer(h)).position(v.byteOffset);
                    }
                    v.mem = own(new memory(v.md, eng, h));
                }
            }
            for (Step s : plan.steps) {
                s.map = own(new IntMemoryMap());
                for (int a = 0; a < s.args.length; a++) {
                    memory m = s.args[a] instanceof Val v ? v.mem : (memory) s.args[a];
                    if (m == null) {
                        return failed();
                    }
                    s.map.put(s.keys[a], m);
                }
            }
            for (int o = 0; o < plan.outVals.length; o++) {
                Val v = plan.outVals[o];
                if (v.mem == null) {
                    return failed();
                }
                memory.desc plain = plainDesc(v.dims, v.layout);
                plan.outMems[o] = own(new memory(plain, eng, handles.length > 0 ? handles[0] : v.mem.get_data_handle()));
                plan.outSteps.add(own(new reorder(own(new reorder.primitive_desc(eng, v.md, eng, plain)))));
            }
            return plan;
        }

        Plan failed() {
            plan.close();
            return null;
        }
    }
}
