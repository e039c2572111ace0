package org.colorize.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.colorize.core.internal.Networks;
import org.colorize.models.CifarAutoencoder;
import org.colorize.models.LabUNet;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.Deconvolution2DLayer;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link DirectInference} computes what DL4J's {@code output()} computes, with our layers and with DL4J's own.
 * {@link DnnlInference}, which {@link Networks} tries first, is off here (its own test is DnnlInferenceTest).
 */
class DirectInferenceTest {

    @BeforeEach
    void dnnlOff() {
        System.setProperty(DnnlInference.ENABLED_PROPERTY, "false");
    }

    @AfterEach
    void clearProperties() {
        System.clearProperty(DnnlInference.ENABLED_PROPERTY);
        System.clearProperty(DirectInference.ENABLED_PROPERTY);
        System.clearProperty(DirectInference.MAX_BYTES_PROPERTY);
    }

    private static double maxDiff(INDArray a, INDArray b) {
        assertEquals(java.util.Arrays.toString(a.shape()), java.util.Arrays.toString(b.shape()));
        return a.sub(b).amaxNumber().doubleValue();
    }

    /** The same graph with DL4J's own ConvolutionLayer, DenseLayer and Deconvolution2D, same parameters. */
    private static ComputationGraph plainTwin(ComputationGraph fast) {
        String json = fast.getConfiguration().toJson()
                .replace("org.colorize.core.layers.OneDnnConvolution2D", "org.deeplearning4j.nn.conf.layers.ConvolutionLayer")
                .replace("org.colorize.core.layers.OneDnnDeconvolution2D", "org.deeplearning4j.nn.conf.layers.Deconvolution2D")
                .replace("org.colorize.core.layers.OneDnnDense", "org.deeplearning4j.nn.conf.layers.DenseLayer");
        ComputationGraph plain = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
        plain.init(fast.params().dup(), false);
        return plain;
    }

    /**
     * The CIFAR autoencoder (convolutions, dense layers, transposed convolutions that crop and pad, a
     * loss layer): direct path == DL4J's output() with the same layers == the plain DL4J layers, at
     * batch 1 and 5, on repeated calls (output arrays reused), and after the parameters change.
     */
    @Test
    void cifarAutoencoderEqualsDl4jOutputAndPlainLayers() {
        ComputationGraph fast = CifarAutoencoder.builder().layerFilters(8, 16, 32).latentSize(16).seed(11).build()
                .newNetwork();
        ComputationGraph plain = plainTwin(fast);
        assertTrue(plain.getLayer("encoder_conv1").getClass() == ConvolutionLayer.class);
        assertTrue(plain.getLayer("latent").getClass() == DenseLayer.class);
        assertTrue(plain.getLayer("decoder_deconv1").getClass() == Deconvolution2DLayer.class);
        DirectInference direct = DirectInference.of(fast);
        assertNotNull(direct);
        Nd4j.getRandom().setSeed(7);
        for (int batch : new int[] {1, 5, 1}) {
            for (int call = 0; call < 3; call++) {
                INDArray x = Nd4j.rand(DataType.FLOAT, batch, 1, 32, 32);
                INDArray ours = direct.output(fast, x)[0];
                assertEquals(0, maxDiff(fast.output(false, x)[0], ours), 1e-6, "batch " + batch);
                assertEquals(0, maxDiff(plain.output(false, x)[0], ours), 1e-5, "batch " + batch);
                assertEquals(0, maxDiff(Networks.output(fast, x)[0], ours), 1e-6);
            }
        }
        // Results are new arrays: the next call does not change them.
        INDArray x1 = Nd4j.rand(DataType.FLOAT, 1, 1, 32, 32);
        INDArray first = direct.output(fast, x1)[0];
        INDArray kept = first.dup();
        direct.output(fast, Nd4j.rand(DataType.FLOAT, 1, 1, 32, 32));
        assertEquals(kept, first);
        // Training changes the parameters in place; the direct path reads them on every call.
        INDArray y = Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32);
        fast.fit(new MultiDataSet(new INDArray[] {Nd4j.rand(DataType.FLOAT, 2, 1, 32, 32)}, new INDArray[] {y}));
        assertEquals(0, maxDiff(fast.output(false, x1)[0], direct.output(fast, x1)[0]), 1e-6);
        fast.setParams(Nd4j.rand(DataType.FLOAT, 1, fast.numParams()).subi(0.5).muli(0.1));
        assertEquals(0, maxDiff(fast.output(false, x1)[0], direct.output(fast, x1)[0]), 1e-6);
    }

    /** Inputs it does not cover, a memory cap, the switch: null from the direct path, DL4J's result from Networks. */
    @Test
    void fallsBackToDl4j() {
        ComputationGraph net = CifarAutoencoder.builder().layerFilters(8, 16, 32).latentSize(16).seed(3).build()
                .newNetwork();
        DirectInference direct = DirectInference.of(net);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 32, 32);
        INDArray expected = net.output(false, x)[0];
        assertNull(direct.output(net, Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32)), "3 channels where the network takes 1");
        assertThrows(RuntimeException.class, () -> Networks.output(net, Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32)));
        System.setProperty(DirectInference.MAX_BYTES_PROPERTY, "1000");
        assertNull(direct.output(net, x));
        assertEquals(0, direct.bytes());
        assertNull(direct.output(net, x), "remembers the shape that went over the cap");
        assertEquals(expected, Networks.output(net, x)[0]);
        System.clearProperty(DirectInference.MAX_BYTES_PROPERTY);
        assertTrue(direct.output(net, x) != null && direct.bytes() > 0);
        System.setProperty(DirectInference.ENABLED_PROPERTY, "false");
        assertEquals(expected, Networks.output(net, x)[0]);
        // Doubles in: cast like DL4J.
        System.clearProperty(DirectInference.ENABLED_PROPERTY);
        assertEquals(0, maxDiff(expected, direct.output(net, x.castTo(DataType.DOUBLE))[0]), 1e-6);
    }

    /** A graph with layers it does not cover (upsampling, merge) gets no direct path; Networks uses DL4J. */
    @Test
    void uncoveredGraphsUseDl4j() {
        ComputationGraph unet = LabUNet.builder().build().newNetwork();
        assertNull(DirectInference.of(unet));
        INDArray l = Nd4j.rand(DataType.FLOAT, 1, 1, 32, 32);
        assertEquals(unet.output(false, l)[0], Networks.output(unet, l)[0]);
    }
}
