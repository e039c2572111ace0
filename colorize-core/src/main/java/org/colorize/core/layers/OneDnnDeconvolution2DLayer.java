package org.colorize.core.layers;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.Deconvolution2DLayer;
import org.deeplearning4j.nn.params.DeconvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The layer of {@link OneDnnDeconvolution2D}: explicit 'same' padding so that libnd4j's oneDNN
 * transposed-convolution kernels run, and no second forward pass in backprop.
 */
public class OneDnnDeconvolution2DLayer extends Deconvolution2DLayer {

    private static final int WEIGHTS_IC_OC_KH_KW = 1;
    private static volatile Boolean oneDnnBinary;

    private transient INDArray cachedInput;
    private transient INDArray cachedZ;
    private transient DnnlTraining dnnl;
    private transient boolean dnnlTried;

    /**
     * @param conf the layer's configuration
     * @param dataType the network's data type
     */
    public OneDnnDeconvolution2DLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** @return whether the ND4J native binary was built with oneDNN */
    public static boolean oneDnnBinary() {
        Boolean b = oneDnnBinary;
        if (b == null) {
            try {
                Nd4j.getExecutioner(); // the backend must be loaded before NativeOpsHolder
                b = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN");
            } catch (RuntimeException | LinkageError e) {
                b = false;
            }
            oneDnnBinary = b;
        }
        return b;
    }

    /** Pads before/after each spatial axis, or null if this layer must take DL4J's own path. */
    private int[] explicitPadding() {
        if (convolutionMode != ConvolutionMode.Same || !oneDnnBinary()
                || layerConf().getCnn2dDataFormat() != CNN2DFormat.NCHW) {
            return null;
        }
        int[] d = layerConf().getDilation();
        int[] k = layerConf().getKernelSize();
        int[] s = layerConf().getStride();
        if (d[0] != 1 || d[1] != 1 || k[0] < s[0] || k[1] < s[1]) {
            return null;
        }
        int th = k[0] - s[0];
        int tw = k[1] - s[1];
        return new int[] {th / 2, th - th / 2, tw / 2, tw - tw / 2};
    }

    @Override
    protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
        int[] pad = explicitPadding();
        if (pad == null || input == null || input.rank() != 4) {
            return super.preOutput(training, forBackprop, workspaceMgr);
        }
        INDArray weights = getParamWithNoise(DeconvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray bias = layerConf().hasBias()
                ? getParamWithNoise(DeconvolutionParamInitializer.BIAS_KEY, training, workspaceMgr) : null;
        if (input.size(1) != weights.size(0)) {
            return super.preOutput(training, forBackprop, workspaceMgr); // DL4J's own message
        }
        INDArray in = input.dataType() == weights.dataType() ? input : input.castTo(weights.dataType());
        int[] k = layerConf().getKernelSize();
        int[] s = layerConf().getStride();
        long[] zShape = outputShape(in, weights, s);
        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, weights.dataType(), zShape, 'c');
        DnnlTraining d = training ? dnnl(pad) : null;
        if (d != null && d.forward(in, weights, null, z)) {
            if (bias != null) {
                Nd4j.exec(DynamicCustomOp.builder("biasadd").addInputs(z, bias).addOutputs(z)
                        .addBooleanArguments(true).callInplace(true).build());
            }
            return new Pair<>(z, null);
        }
        INDArray full = needsScratch(pad) ? workspaceMgr.createUninitialized(ArrayType.FF_WORKING_MEM,
                weights.dataType(), scratchShape(zShape, pad), 'c') : z;
        deconvolve(in, weights, bias, z, full, k, s, pad);
        return new Pair<>(z, null);
    }

    /** The oneDNN training path of this layer, made on first use; null when it is off or did not load. */
    private DnnlTraining dnnl(int[] pad) {
        if (!dnnlTried) {
            dnnlTried = true;
            dnnl = DnnlTraining.deconvolution(layerConf().getStride(), pad, layerConf().hasBias());
        }
        return dnnl;
    }

    /** The output shape of a 'same' transposed convolution: [N, outC, H*sH, W*sW]. */
    static long[] outputShape(INDArray in, INDArray weights, int[] s) {
        return new long[] {in.size(0), weights.size(1), in.size(2) * s[0], in.size(3) * s[1]};
    }

    /** Whether {@link #deconvolve} needs a scratch array apart from its output: when it crops. */
    static boolean needsScratch(int[] pad) {
        return pad[1] != pad[0] || pad[3] != pad[2];
    }

    /** The shape of the uncropped result: output shape plus the extra rows and columns of symmetric padding. */
    static long[] scratchShape(long[] zShape, int[] pad) {
        return new long[] {zShape[0], zShape[1], zShape[2] + (pad[1] - pad[0]), zShape[3] + (pad[3] - pad[2])};
    }

    /**
     * The forward pass without activation: libnd4j's {@code deconv2d} with symmetric padding
     * {@code pad[0], pad[2]} into {@code full}, then the crop to {@code z} and the bias. The bias is
     * added by {@code biasadd} rather than by {@code deconv2d}: oneDNN adds a transposed convolution's
     * bias in its reference (scalar) code, which took as long as the convolution itself at batch 1 in
     * the CIFAR autoencoder's decoder; the sums are the same.
     *
     * @param in input [N, inC, H, W]
     * @param weights [inC, outC, kH, kW]
     * @param bias [outC] or null
     * @param z the output [N, outC, H*sH, W*sW], 'c' order
     * @param full scratch of {@link #scratchShape} when {@link #needsScratch}, else {@code z} itself
     * @param k kernel size
     * @param s strides
     * @param pad padding before/after each spatial axis (before <= after)
     */
    static void deconvolve(INDArray in, INDArray weights, INDArray bias, INDArray z, INDArray full, int[] k, int[] s,
            int[] pad) {
        Nd4j.exec(DynamicCustomOp.builder("deconv2d").addInputs(in, weights).addOutputs(full)
                .addIntegerArguments(k[0], k[1], s[0], s[1], pad[0], pad[2], 1, 1, 0, 0, WEIGHTS_IC_OC_KH_KW)
                .callInplace(false).build());
        INDArray src = full == z ? z : full.get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(0, z.size(2)), NDArrayIndex.interval(0, z.size(3)));
        if (bias != null) {
            Nd4j.exec(DynamicCustomOp.builder("biasadd").addInputs(src, bias).addOutputs(z)
                    .addBooleanArguments(true).callInplace(false).build());
        } else if (src != z) {
            z.assign(src);
        }
    }

    /** @return the kernel size */
    int[] kernel() {
        return layerConf().getKernelSize();
    }

    /** @return the strides */
    int[] stride() {
        return layerConf().getStride();
    }

    /** @return the explicit padding of the oneDNN path (see {@link #explicitPadding()}), or null */
    int[] directPadding() {
        return explicitPadding();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (explicitPadding() == null) {
            return super.activate(training, workspaceMgr);
        }
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray z = preOutput(training, false, workspaceMgr).getFirst();
        IActivation afn = layerConf().getActivationFn();
        if (!training) {
            cachedInput = null;
            cachedZ = null;
            return afn.getActivation(z, false);
        }
        // Activations are applied in place: keep the pre-activations for backprop.
        cachedInput = input;
        cachedZ = z;
        return afn.getActivation(workspaceMgr.dup(ArrayType.ACTIVATIONS, z, 'c'), true);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        int[] pad = explicitPadding();
        if (pad == null) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        INDArray weights = getParamWithNoise(DeconvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray z = cachedInput == input && cachedZ != null ? cachedZ : preOutput(true, true, workspaceMgr).getFirst();
        cachedInput = null;
        cachedZ = null;
        INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();

        INDArray biasGradView = gradientViews.get(DeconvolutionParamInitializer.BIAS_KEY);
        INDArray weightGradView = gradientViews.get(DeconvolutionParamInitializer.WEIGHT_KEY);
        INDArray outEps = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, weights.dataType(),
                input.shape(), 'c');
        INDArray in = input.dataType() == weights.dataType() ? input : input.castTo(weights.dataType());
        DnnlTraining d = dnnl(pad);
        if (d != null && d.backward(in, weights, delta, outEps, weightGradView, biasGradView)) {
            return gradients(biasGradView, weightGradView, outEps, workspaceMgr);
        }
        int[] k = layerConf().getKernelSize();
        int[] s = layerConf().getStride();
        long outH = delta.size(2);
        long outW = delta.size(3);
        boolean crop = pad[1] != pad[0] || pad[3] != pad[2];
        INDArray gradOut = delta;
        if (crop) {
            gradOut = workspaceMgr.create(ArrayType.BP_WORKING_MEM, delta.dataType(), new long[] {delta.size(0),
                delta.size(1), outH + (pad[1] - pad[0]), outW + (pad[3] - pad[2])}, 'c');
            gradOut.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, outH),
                    NDArrayIndex.interval(0, outW)).assign(delta);
        }
        INDArray[] inputs;
        INDArray[] outputs;
        if (layerConf().hasBias()) {
            INDArray bias = getParamWithNoise(DeconvolutionParamInitializer.BIAS_KEY, true, workspaceMgr);
            inputs = new INDArray[] {in, weights, bias, gradOut};
            outputs = new INDArray[] {outEps, weightGradView, biasGradView};
        } else {
            inputs = new INDArray[] {in, weights, gradOut};
            outputs = new INDArray[] {outEps, weightGradView};
        }
        Nd4j.exec(DynamicCustomOp.builder("deconv2d_bp").addInputs(inputs).addOutputs(outputs)
                .addIntegerArguments(k[0], k[1], s[0], s[1], pad[0], pad[2], 1, 1, 0, 0, WEIGHTS_IC_OC_KH_KW)
                .callInplace(false).build());
        return gradients(biasGradView, weightGradView, outEps, workspaceMgr);
    }

    private Pair<Gradient, INDArray> gradients(INDArray biasGradView, INDArray weightGradView, INDArray outEps,
            LayerWorkspaceMgr workspaceMgr) {
        Gradient ret = new DefaultGradient();
        if (layerConf().hasBias()) {
            ret.setGradientFor(DeconvolutionParamInitializer.BIAS_KEY, biasGradView);
        }
        ret.setGradientFor(DeconvolutionParamInitializer.WEIGHT_KEY, weightGradView, 'c');
        weightNoiseParams.clear();
        return new Pair<>(ret, workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, outEps));
    }

    @Override
    public void clear() {
        super.clear();
        cachedInput = null;
        cachedZ = null;
    }

    /** Also frees the oneDNN training primitives of this layer (made again if it trains later). */
    @Override
    public void close() {
        super.close();
        if (dnnl != null) {
            dnnl.close();
            dnnl = null;
        }
        dnnlTried = false;
    }
}
