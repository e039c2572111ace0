package org.colorize.core.layers;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link Deconvolution2D} (Keras' {@code Conv2DTranspose}) that runs on libnd4j's oneDNN kernels
 * in 'same' mode: same configuration, same parameters ({@code W} [nIn, nOut, kH, kW], {@code b}),
 * same results.
 *
 * <p>Why: libnd4j's oneDNN {@code deconv2d} and {@code deconv2d_bp} only engage for explicit padding
 * (its platform check rejects 'same' mode), so DL4J's {@code Deconvolution2DLayer} always runs the
 * generic im2col kernels, several times slower, and recomputes the forward pass during backprop. The
 * layer of this class gives libnd4j the 'same' padding explicitly (TensorFlow's rule: pad
 * {@code floor((k - s) / 2)} before, the rest after, the extra row and column cropped from the end),
 * keeps the pre-activations of the training forward pass for backprop instead of recomputing them,
 * and passes the weights in their own layout. With an ND4J binary without oneDNN (no
 * {@code HAVE_ONEDNN} in its build information), with dilation, or with other modes, it does exactly
 * what {@link Deconvolution2D} does.
 *
 * <pre>{@code
 * graph.addLayer("decoder_deconv1", OneDnnDeconvolution2D.of(
 *         new Deconvolution2D.Builder(3, 3).stride(2, 2).nOut(128).convolutionMode(ConvolutionMode.Same)), "in");
 * }</pre>
 */
public class OneDnnDeconvolution2D extends Deconvolution2D {

    /** For JSON deserialisation. */
    public OneDnnDeconvolution2D() {
    }

    /** @param builder a configured {@link Deconvolution2D} builder */
    protected OneDnnDeconvolution2D(Deconvolution2D.Builder builder) {
        super(builder);
    }

    /**
     * @param builder a configured {@link Deconvolution2D} builder (its options all apply)
     * @return the layer configuration
     */
    public static OneDnnDeconvolution2D of(Deconvolution2D.Builder builder) {
        return new OneDnnDeconvolution2D(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
            int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("OneDnnDeconvolution2D", getLayerName(), layerIndex, getNIn(), getNOut());
        OneDnnDeconvolution2DLayer ret = new OneDnnDeconvolution2DLayer(conf, networkDataType);
        ret.setListeners(trainingListeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        ret.setParamTable(paramTable);
        ret.setConf(conf);
        return ret;
    }
}
