package org.colorize.core.layers;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link DenseLayer} whose matrix products run through libnd4j's {@code matmul} op (oneDNN in a
 * oneDNN build of ND4J) instead of ND4J's BLAS {@code mmul}: same parameters ({@code W} [nIn, nOut],
 * {@code b}), same results.
 *
 * <p>Why: for a batch of one, ND4J's OpenBLAS {@code mmul} of [1,256] by [256,4096] took 4.9 ms on 2
 * cores, the {@code matmul} op 0.13 ms; DL4J's dense layer also recomputes its forward pass in
 * backprop, which this layer avoids by keeping the pre-activations. Layer normalisation and masks
 * are not supported (the reference networks use neither): such a layer takes DL4J's own path.
 *
 * <pre>{@code
 * graph.addLayer("latent", OneDnnDense.of(256, Activation.IDENTITY), "encoder_conv3");
 * }</pre>
 */
public class OneDnnDense extends DenseLayer {

    /** For JSON deserialisation. */
    public OneDnnDense() {
        setHasBias(true);
    }

    /**
     * @param nOut the number of outputs, >= 1
     * @param activation the activation, or null for the network's default
     * @return the layer configuration (nIn is set from the input type)
     */
    public static OneDnnDense of(long nOut, Activation activation) {
        if (nOut < 1) {
            throw new IllegalArgumentException("nOut must be >= 1, was " + nOut);
        }
        OneDnnDense d = new OneDnnDense();
        d.setNOut(nOut);
        if (activation != null) {
            d.setActivationFn(activation.getActivationFunction());
        }
        return d;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
            int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("OneDnnDense", getLayerName(), layerIndex, getNIn(), getNOut());
        OneDnnDenseLayer ret = new OneDnnDenseLayer(conf, networkDataType);
        ret.setListeners(trainingListeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        ret.setParamTable(paramTable);
        ret.setConf(conf);
        return ret;
    }
}
