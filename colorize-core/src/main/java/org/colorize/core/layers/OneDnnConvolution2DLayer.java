package org.colorize.core.layers;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/** The layer of {@link OneDnnConvolution2D}: libnd4j's conv2d/conv2d_bp, pre-activations kept for backprop. */
public class OneDnnConvolution2DLayer extends ConvolutionLayer {

    private static final int WEIGHTS_OC_IC_KH_KW = 1;

    private transient INDArray cachedInput;
    private transient INDArray cachedZ;
    private transient DnnlTraining dnnl;
    private transient boolean dnnlTried;

    /**
     * @param conf the layer's configuration
     * @param dataType the network's data type
     */
    public OneDnnConvolution2DLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** @return whether this layer calls libnd4j directly ('same' or truncate mode) */
    boolean direct() {
        return convolutionMode == ConvolutionMode.Same || convolutionMode == ConvolutionMode.Truncate;
    }

    /** @return whether the layer works channels-last */
    boolean channelsLast() {
        return layerConf().getCnn2dDataFormat() == CNN2DFormat.NHWC;
    }

    /** @return the integer arguments of libnd4j's conv2d for this layer */
    int[] args() {
        int[] k = layerConf().getKernelSize();
        int[] s = layerConf().getStride();
        int[] d = layerConf().getDilation();
        int[] p = convolutionMode == ConvolutionMode.Same ? new int[] {0, 0} : layerConf().getPadding();
        boolean nhwc = layerConf().getCnn2dDataFormat() == CNN2DFormat.NHWC;
        return new int[] {k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1],
            convolutionMode == ConvolutionMode.Same ? 1 : 0, nhwc ? 1 : 0, WEIGHTS_OC_IC_KH_KW};
    }

    /** @return the output shape for {@code in} */
    long[] outputShape(INDArray in) {
        int[] k = layerConf().getKernelSize();
        int[] s = layerConf().getStride();
        int[] d = layerConf().getDilation();
        boolean nhwc = layerConf().getCnn2dDataFormat() == CNN2DFormat.NHWC;
        long h = in.size(nhwc ? 1 : 2);
        long w = in.size(nhwc ? 2 : 3);
        long oh;
        long ow;
        if (convolutionMode == ConvolutionMode.Same) {
            oh = (h + s[0] - 1) / s[0];
            ow = (w + s[1] - 1) / s[1];
        } else {
            int[] p = layerConf().getPadding();
            oh = (h + 2L * p[0] - ((long) (k[0] - 1) * d[0] + 1)) / s[0] + 1;
            ow = (w + 2L * p[1] - ((long) (k[1] - 1) * d[1] + 1)) / s[1] + 1;
        }
        long c = layerConf().getNOut();
        return nhwc ? new long[] {in.size(0), oh, ow, c} : new long[] {in.size(0), c, oh, ow};
    }

    @Override
    protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
        if (!direct() || input == null || input.rank() != 4) {
            return super.preOutput(training, forBackprop, workspaceMgr);
        }
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        boolean nhwc = layerConf().getCnn2dDataFormat() == CNN2DFormat.NHWC;
        if (input.size(nhwc ? 3 : 1) != weights.size(1)) {
            return super.preOutput(training, forBackprop, workspaceMgr); // DL4J's own message
        }
        INDArray in = input.dataType() == weights.dataType() ? input : input.castTo(weights.dataType());
        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, weights.dataType(), outputShape(in), 'c');
        INDArray bias = layerConf().hasBias()
                ? getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, workspaceMgr) : null;
        DnnlTraining d = training ? dnnl() : null;
        if (d != null && d.forward(in, weights, bias, z)) {
            return new Pair<>(z, null);
        }
        INDArray[] inputs = bias != null ? new INDArray[] {in, weights, bias} : new INDArray[] {in, weights};
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(inputs).addOutputs(z).addIntegerArguments(args())
                .callInplace(false).build());
        return new Pair<>(z, null);
    }

    /** The oneDNN training path of this layer, made on first use; null when it is off or did not load. */
    private DnnlTraining dnnl() {
        if (!dnnlTried) {
            dnnlTried = true;
            dnnl = DnnlTraining.convolution(layerConf().getKernelSize(), layerConf().getStride(),
                    layerConf().getDilation(), convolutionMode == ConvolutionMode.Same ? null : layerConf().getPadding(),
                    layerConf().hasBias(), channelsLast());
        }
        return dnnl;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!direct()) {
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
        if (!direct()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray z = cachedInput == input && cachedZ != null ? cachedZ : preOutput(true, true, workspaceMgr).getFirst();
        cachedInput = null;
        cachedZ = null;
        INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
        INDArray in = input.dataType() == weights.dataType() ? input : input.castTo(weights.dataType());
        INDArray outEps = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, weights.dataType(), in.shape(), 'c');
        INDArray weightGradView = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray biasGradView = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
        DnnlTraining d = dnnl();
        if (d != null && d.backward(in, weights, delta, outEps, weightGradView, biasGradView)) {
            return gradients(biasGradView, weightGradView, outEps, workspaceMgr);
        }
        INDArray[] inputs;
        INDArray[] outputs;
        if (layerConf().hasBias()) {
            inputs = new INDArray[] {in, weights, getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, true, workspaceMgr), delta};
            outputs = new INDArray[] {outEps, weightGradView, biasGradView};
        } else {
            inputs = new INDArray[] {in, weights, delta};
            outputs = new INDArray[] {outEps, weightGradView};
        }
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(inputs).addOutputs(outputs).addIntegerArguments(args())
                .callInplace(false).build());
        return gradients(biasGradView, weightGradView, outEps, workspaceMgr);
    }

    private Pair<Gradient, INDArray> gradients(INDArray biasGradView, INDArray weightGradView, INDArray outEps,
            LayerWorkspaceMgr workspaceMgr) {
        Gradient ret = new DefaultGradient();
        if (layerConf().hasBias()) {
            ret.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
        }
        ret.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView, 'c');
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
