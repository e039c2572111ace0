package org.colorize.core.layers;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.convolution.CnnLossLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.params.DeconvolutionParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference for a {@link ComputationGraph} made of this package's layers, without DL4J's per-call
 * graph machinery: each layer's libnd4j op writes into an output array kept from the previous call
 * with the same input shape, activations are applied in place, and no workspace is opened. The results
 * are those of {@code graph.output(false, inputs)} (the same ops in the same order; tests compare them).
 *
 * <p>At batch 1 DL4J's {@code output()} costs about a quarter of the CIFAR autoencoder's forward pass
 * beyond its ops: workspace set-up, per-layer bookkeeping, an activation copy for the loss layer and
 * the detached copy of the output. This path keeps only the ops and one copy of the output.
 *
 * <p>Covered: input vertices, and layer vertices with one input whose layer is an
 * {@link OneDnnConvolution2DLayer} (on its direct path), {@link OneDnnDenseLayer} (no layer
 * normalisation), {@link OneDnnDeconvolution2DLayer} (on its oneDNN path) or DL4J's
 * {@link CnnLossLayer}, with any input preprocessor and no weight noise. {@link #of} returns null for any
 * other graph, and {@link #output} returns null for inputs it does not cover (another rank or channel
 * count, a total of output arrays above {@link #maxBytes()}): callers then use DL4J's {@code output()}
 * ({@link org.colorize.core.internal.Networks} does). The object holds no reference to the graph: it
 * reads the layers and their current parameters from the graph it is given on every call.
 *
 * <p>Not thread-safe: one call at a time per instance (the output arrays are reused).
 *
 * <pre>{@code
 * DirectInference d = DirectInference.of(graph);            // null: not covered
 * INDArray[] out = d == null ? null : d.output(graph, x);   // null: not covered for this input
 * if (out == null) out = graph.output(false, x);
 * }</pre>
 *
 * <p>Switch it off with {@code -D}{@value #ENABLED_PROPERTY}{@code =false}; the memory cap is
 * {@code -D}{@value #MAX_BYTES_PROPERTY}{@code =BYTES} (default {@value #DEFAULT_MAX_BYTES}).
 */
public final class DirectInference {

    /** System property: {@code false} turns the direct path off (read on every call). */
    public static final String ENABLED_PROPERTY = "colorize.directInference";
    /** System property: the most bytes of output arrays one instance keeps (read on every call). */
    public static final String MAX_BYTES_PROPERTY = "colorize.directInference.maxBytes";
    /** Default of {@link #MAX_BYTES_PROPERTY}: 64 MiB. */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;

    private static final LayerWorkspaceMgr NO_WORKSPACES = LayerWorkspaceMgr.noWorkspaces();

    private enum Kind { INPUT, CONV, DENSE, DECONV, CNN_LOSS }

    private final int numVertices;
    private final Kind[] kinds;
    private final int[] order;
    private final int[] source;          // the input vertex of each layer vertex, or the network input number
    private final int[] outputs;
    private final INDArray[] buffers;    // per vertex: the output array kept between calls
    private final INDArray[] scratch;    // per vertex: the uncropped transposed-convolution result
    private long[] tooLarge;             // the first input's shape that last went over the memory cap
    private long tooLargeLimit;

    private DirectInference(int numVertices, Kind[] kinds, int[] order, int[] source, int[] outputs) {
        this.numVertices = numVertices;
        this.kinds = kinds;
        this.order = order;
        this.source = source;
        this.outputs = outputs;
        this.buffers = new INDArray[numVertices];
        this.scratch = new INDArray[numVertices];
    }

    /** @return whether the direct path is on ({@value #ENABLED_PROPERTY} is not {@code false}) */
    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY));
    }

    /** @return the cap on the bytes of output arrays one instance keeps ({@value #MAX_BYTES_PROPERTY}) */
    public static long maxBytes() {
        return longProperty(MAX_BYTES_PROPERTY, DEFAULT_MAX_BYTES);
    }

    /** The system property {@code name} as a long; {@code dflt} when it is absent or not a number. */
    static long longProperty(String name, long dflt) {
        String v = System.getProperty(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /**
     * @param graph an initialised graph
     * @return the direct path for this graph's vertices, or null when a vertex is not covered
     */
    public static DirectInference of(ComputationGraph graph) {
        GraphVertex[] vertices = graph.getVertices();
        if (vertices == null) {
            return null;
        }
        int n = vertices.length;
        Kind[] kinds = new Kind[n];
        int[] source = new int[n];
        List<String> inputNames = graph.getConfiguration().getNetworkInputs();
        for (GraphVertex v : vertices) {
            int i = v.getVertexIndex();
            if (v.isInputVertex()) {
                kinds[i] = Kind.INPUT;
                source[i] = inputNames.indexOf(v.getVertexName());
                if (source[i] < 0) {
                    return null;
                }
                continue;
            }
            if (!(v instanceof LayerVertex) || v.getInputVertices() == null || v.getInputVertices().length != 1) {
                return null;
            }
            Kind k = kindOf(v.getLayer());
            if (k == null) {
                return null;
            }
            kinds[i] = k;
            source[i] = v.getInputVertices()[0].getVertexIndex();
        }
        List<String> outNames = graph.getConfiguration().getNetworkOutputs();
        int[] outputs = new int[outNames.size()];
        for (int o = 0; o < outputs.length; o++) {
            GraphVertex v = graph.getVertex(outNames.get(o));
            if (v == null) {
                return null;
            }
            outputs[o] = v.getVertexIndex();
        }
        return new DirectInference(n, kinds, graph.topologicalSortOrder().clone(), source, outputs);
    }

    private static Kind kindOf(Layer layer) {
        if (layer == null) {
            return null;
        }
        if (layer.conf().getLayer() instanceof BaseLayer bl && bl.getWeightNoise() != null) {
            return null;
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
            return Kind.CNN_LOSS;
        }
        return null;
    }

    /**
     * Runs the forward pass in inference mode.
     *
     * @param graph the graph this instance was made for (the same vertices and layers)
     * @param inputs one array per network input
     * @return the network outputs, each a new array, or null when this path does not cover these
     *     inputs (the caller then uses {@code graph.output(false, inputs)})
     */
    public INDArray[] output(ComputationGraph graph, INDArray... inputs) {
        GraphVertex[] vertices = graph.getVertices();
        if (vertices == null || vertices.length != numVertices) {
            return null;
        }
        INDArray[] values = new INDArray[numVertices];
        long limit = maxBytes();
        if (tooLarge != null && limit == tooLargeLimit && inputs.length > 0 && inputs[0] != null
                && Arrays.equals(tooLarge, inputs[0].shape())) {
            return null; // over the cap last time: do not allocate again
        }
        for (int i : order) {
            GraphVertex v = vertices[i];
            if (kinds[i] == Kind.INPUT) {
                if (source[i] >= inputs.length || inputs[source[i]] == null) {
                    return null;
                }
                values[i] = inputs[source[i]];
                continue;
            }
            Layer layer = v.getLayer();
            if (layer == null || kindOf(layer) != kinds[i]) {
                return null;
            }
            INDArray in = values[source[i]];
            InputPreProcessor pre = ((LayerVertex) v).getLayerPreProcessor();
            if (pre != null) {
                in = pre.preProcess(in, (int) in.size(0), NO_WORKSPACES);
            }
            INDArray out = switch (kinds[i]) {
                case CONV -> conv(i, (OneDnnConvolution2DLayer) layer, in);
                case DENSE -> dense(i, (OneDnnDenseLayer) layer, in);
                case DECONV -> deconv(i, (OneDnnDeconvolution2DLayer) layer, in);
                case CNN_LOSS -> cnnLoss((CnnLossLayer) layer, in);
                default -> null;
            };
            if (out == null || bytes() > limit) {
                if (out != null && inputs.length > 0) {
                    tooLarge = inputs[0].shape();
                    tooLargeLimit = limit;
                }
                release();
                return null;
            }
            values[i] = out;
        }
        INDArray[] result = new INDArray[outputs.length];
        for (int o = 0; o < outputs.length; o++) {
            result[o] = values[outputs[o]].dup('c');
        }
        return result;
    }

    /** Drops the output arrays this instance keeps (they are made again on the next call). */
    public void release() {
        Arrays.fill(buffers, null);
        Arrays.fill(scratch, null);
    }

    /** @return the bytes of the output arrays this instance keeps */
    public long bytes() {
        long b = 0;
        for (INDArray a : buffers) {
            b += a == null ? 0 : a.length() * a.dataType().width();
        }
        for (INDArray a : scratch) {
            b += a == null ? 0 : a.length() * a.dataType().width();
        }
        return b;
    }

    private static INDArray buffer(INDArray[] kept, int i, DataType type, long[] shape) {
        INDArray b = kept[i];
        if (b == null || b.dataType() != type || !Arrays.equals(b.shape(), shape)) {
            b = Nd4j.createUninitialized(type, shape, 'c');
            kept[i] = b;
        }
        return b;
    }

    private static INDArray cast(INDArray in, INDArray weights) {
        return in.dataType() == weights.dataType() ? in : in.castTo(weights.dataType());
    }

    private static INDArray activate(Layer layer, INDArray z) {
        IActivation afn = ((BaseLayer) layer.conf().getLayer()).getActivationFn();
        return afn instanceof ActivationIdentity ? z : afn.getActivation(z, false);
    }

    private INDArray conv(int i, OneDnnConvolution2DLayer layer, INDArray in) {
        INDArray w = layer.getParam(ConvolutionParamInitializer.WEIGHT_KEY);
        if (in.rank() != 4 || in.size(layer.channelsLast() ? 3 : 1) != w.size(1)) {
            return null;
        }
        in = cast(in, w);
        INDArray z = buffer(buffers, i, w.dataType(), layer.outputShape(in));
        INDArray[] ins = layer.hasBias() ? new INDArray[] {in, w, layer.getParam(ConvolutionParamInitializer.BIAS_KEY)}
                : new INDArray[] {in, w};
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(ins).addOutputs(z).addIntegerArguments(layer.args())
                .callInplace(false).build());
        return activate(layer, z);
    }

    private INDArray dense(int i, OneDnnDenseLayer layer, INDArray in) {
        INDArray w = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
        if (in.rank() != 2 || in.size(1) != w.size(0)) {
            return null;
        }
        in = cast(in, w);
        INDArray z = buffer(buffers, i, w.dataType(), new long[] {in.size(0), w.size(1)});
        OneDnnDenseLayer.matmul(in, w, z, false, false);
        if (layer.hasBias()) {
            z.addiRowVector(layer.getParam(DefaultParamInitializer.BIAS_KEY));
        }
        return activate(layer, z);
    }

    private INDArray deconv(int i, OneDnnDeconvolution2DLayer layer, INDArray in) {
        int[] pad = layer.directPadding();
        INDArray w = layer.getParam(DeconvolutionParamInitializer.WEIGHT_KEY);
        if (pad == null || in.rank() != 4 || in.size(1) != w.size(0)) {
            return null;
        }
        in = cast(in, w);
        int[] k = layer.kernel();
        int[] s = layer.stride();
        long[] shape = OneDnnDeconvolution2DLayer.outputShape(in, w, s);
        INDArray z = buffer(buffers, i, w.dataType(), shape);
        INDArray full = OneDnnDeconvolution2DLayer.needsScratch(pad)
                ? buffer(scratch, i, w.dataType(), OneDnnDeconvolution2DLayer.scratchShape(shape, pad)) : z;
        INDArray b = layer.hasBias() ? layer.getParam(DeconvolutionParamInitializer.BIAS_KEY) : null;
        OneDnnDeconvolution2DLayer.deconvolve(in, w, b, z, full, k, s, pad);
        return activate(layer, z);
    }

    private static INDArray cnnLoss(CnnLossLayer layer, INDArray in) {
        if (((BaseLayer) layer.conf().getLayer()).getActivationFn() instanceof ActivationIdentity) {
            return in; // DL4J reshapes to 2d and back: the same values
        }
        layer.setInput(in, NO_WORKSPACES);
        INDArray out = layer.activate(false, NO_WORKSPACES);
        layer.clear();
        return out;
    }
}
