package org.colorize.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import org.colorize.models.CifarAutoencoder;
import org.colorize.models.InceptionResNetV2;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

class LayersTest {

    /**
     * OneDnnDeconvolution2D and DL4J's Deconvolution2D give the same outputs and, over three training
     * steps, the same parameters (both kernels, both paddings: the stride-2 decoder layers crop, the
     * stride-1 output layer pads symmetrically).
     */
    @Test
    void oneDnnDeconvolutionEqualsDeconvolution2D() {
        CifarAutoencoder.Builder b = CifarAutoencoder.builder().layerFilters(8, 16, 32).latentSize(16).seed(5);
        ComputationGraph fast = b.build().newNetwork();
        ComputationGraph plain = b.oneDnnDeconvolution(false).build().newNetwork();
        assertTrue(fast.getLayer("decoder_deconv1") instanceof OneDnnDeconvolution2DLayer);
        assertEquals(plain.params(), fast.params());
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 32, 32);
        INDArray y = Nd4j.rand(DataType.FLOAT, 4, 3, 32, 32);
        assertEquals(0, fast.outputSingle(x).sub(plain.outputSingle(x)).amaxNumber().doubleValue(), 1e-5);
        MultiDataSet ds = new MultiDataSet(new INDArray[] {x}, new INDArray[] {y});
        for (int i = 0; i < 3; i++) {
            fast.fit(ds);
            plain.fit(ds);
            assertEquals(plain.score(), fast.score(), 1e-4 * Math.abs(plain.score()));
        }
        assertEquals(0, fast.params().sub(plain.params()).amaxNumber().doubleValue(), 1e-4);
        assertEquals(0, fast.outputSingle(x).sub(plain.outputSingle(x)).amaxNumber().doubleValue(), 1e-4);
    }

    @Test
    void customLayersSurviveJsonAndModelSerializer(@TempDir Path dir) throws Exception {
        InceptionResNetV2 small = InceptionResNetV2.builder().inputSize(75, 75).blocks(1, 1, 1).classes(7).build();
        ComputationGraph net = small.newNetwork();
        ComputationGraphConfiguration conf = net.getConfiguration();
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
        File file = dir.resolve("irv2.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        ComputationGraph again = ModelSerializer.restoreComputationGraph(file, true);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 75, 75);
        assertEquals(net.outputSingle(x), again.outputSingle(x));

        ComputationGraphConfiguration ae = CifarAutoencoder.builder().build().configuration();
        assertEquals(ae, ComputationGraphConfiguration.fromJson(ae.toJson()));
    }

    @Test
    void channelBiasAddsALearnedBiasPerChannel() {
        ChannelBias cb = new ChannelBias(Activation.RELU);
        assertEquals(Activation.RELU, cb.getActivation());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ChannelBias(Activation.ELU));
        assertTrue(e.getMessage().contains("ELU"), e.getMessage());
        ComputationGraph net = InceptionResNetV2.builder().inputSize(75, 75).blocks(0, 0, 1).classes(3).build()
                .newNetwork();
        INDArray b = net.getLayer("stem_conv1_bn_beta").getParam(ChannelBias.BIAS);
        assertEquals(32, b.length());
        assertEquals(0.0, b.amaxNumber().doubleValue());
    }
}
