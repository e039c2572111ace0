package org.colorize.core.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/** The layer of {@link OneDnnDense}: libnd4j's matmul op, pre-activations kept for backprop. */
public class OneDnnDenseLayer extends DenseLayer {

    private transient INDArray cachedInput;
    private transient INDArray cachedZ;

    /**
     * @param conf the layer's configuration
     * @param dataType the network's data type
     */
    public OneDnnDenseLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean direct() {
        return !hasLayerNorm() && maskArray == null && input != null && input.rank() == 2;
    }

    /** {@code out = op(x) op(y)} with libnd4j's matmul (oneDNN in a oneDNN build). */
    static void matmul(INDArray x, INDArray y, INDArray out, boolean transX, boolean transY) {
        Nd4j.exec(DynamicCustomOp.builder("matmul").addInputs(x, y).addOutputs(out)
                .addIntegerArguments(transX ? 1 : 0, transY ? 1 : 0, 0).callInplace(false).build());
    }

    @Override
    protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop,
            LayerWorkspaceMgr workspaceMgr) {
        if (!direct()) {
            return super.preOutputWithPreNorm(training, forBackprop, workspaceMgr);
        }
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray in = input.dataType() == w.dataType() ? input : input.castTo(w.dataType());
        if (in.size(1) != w.size(0)) {
            return super.preOutputWithPreNorm(training, forBackprop, workspaceMgr); // DL4J's own message
        }
        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, w.dataType(), new long[] {in.size(0), w.size(1)}, 'c');
        matmul(in, w, z, false, false);
        if (hasBias()) {
            z.addiRowVector(getParamWithNoise(DefaultParamInitializer.BIAS_KEY, training, workspaceMgr));
        }
        return new Pair<>(z, z);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!direct()) {
            return super.activate(training, workspaceMgr);
        }
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray z = preOutputWithPreNorm(training, false, workspaceMgr).getFirst();
        if (!training) {
            cachedInput = null;
            cachedZ = null;
            return layerConf().getActivationFn().getActivation(z, false);
        }
        cachedInput = input;
        cachedZ = z;
        return layerConf().getActivationFn().getActivation(workspaceMgr.dup(ArrayType.ACTIVATIONS, z, 'c'), true);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!direct()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray z = cachedInput == input && cachedZ != null ? cachedZ
                : preOutputWithPreNorm(true, true, workspaceMgr).getFirst();
        cachedInput = null;
        cachedZ = null;
        INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
        INDArray in = input.dataType() == w.dataType() ? input : input.castTo(w.dataType());
        INDArray weightGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        INDArray wg = weightGrad.ordering() == 'c' ? weightGrad : Nd4j.createUninitialized(w.dataType(), weightGrad.shape());
        matmul(in, delta, wg, true, false);
        if (wg != weightGrad) {
            weightGrad.assign(wg);
            wg.close();
        }
        Gradient ret = new DefaultGradient();
        ret.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);
        if (hasBias()) {
            INDArray biasGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            delta.sum(biasGrad, 0);
            ret.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGrad);
        }
        INDArray epsNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(),
                new long[] {delta.size(0), w.size(0)}, 'c');
        matmul(delta, w, epsNext, false, true);
        weightNoiseParams.clear();
        return new Pair<>(ret, workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, epsNext));
    }

    @Override
    public void clear() {
        super.clear();
        cachedInput = null;
        cachedZ = null;
    }
}
