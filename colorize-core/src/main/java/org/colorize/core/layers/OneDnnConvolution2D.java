package org.colorize.core.layers;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link ConvolutionLayer} whose forward and backward passes call libnd4j's {@code conv2d} and
 * {@code conv2d_bp} directly (oneDNN kernels in a oneDNN build of ND4J): same configuration, same
 * parameters ({@code W} [nOut, nIn, kH, kW], {@code b}), same results.
 *
 * <p>Why, instead of DL4J's layer with its oneDNN helper: the helper's backprop returns a wrong
 * (garbage) input gradient when the layer is channels-last (NHWC) in DL4J 1.0.0-M2.1, and DL4J
 * recomputes the forward convolution during backprop to get the pre-activations; this layer keeps
 * the pre-activations of the training forward pass instead. Falls back to DL4J's own layer for
 * {@code ConvolutionMode.Strict}/{@code Causal}.
 *
 * <pre>{@code
 * graph.addLayer("conv1", OneDnnConvolution2D.of(new ConvolutionLayer.Builder(3, 3).nOut(64)
 *         .dataFormat(CNN2DFormat.NHWC)), "in");
 * }</pre>
 */
public class OneDnnConvolution2D extends ConvolutionLayer {

    /** For JSON deserialisation. */
    public OneDnnConvolution2D() {
    }

    /** @param builder a configured {@link ConvolutionLayer} builder */
    protected OneDnnConvolution2D(ConvolutionLayer.Builder builder) {
        super(builder);
    }

    /**
     * @param builder a configured {@link ConvolutionLayer} builder (its options all apply)
     * @return the layer configuration
     */
    public static OneDnnConvolution2D of(ConvolutionLayer.Builder builder) {
        return new OneDnnConvolution2D(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
            int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("OneDnnConvolution2D", getLayerName(), layerIndex, getNIn(), getNOut());
        OneDnnConvolution2DLayer ret = new OneDnnConvolution2DLayer(conf, networkDataType);
        ret.setListeners(trainingListeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        ret.setParamTable(paramTable);
        ret.setConf(conf);
        return ret;
    }
}
