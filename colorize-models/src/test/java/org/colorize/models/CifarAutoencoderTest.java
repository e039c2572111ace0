package org.colorize.models;

import static org.colorize.models.Assertions2.failsNaming;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.bundle.ModelMetadata;
import org.colorize.core.layers.OneDnnDeconvolution2DLayer;
import org.colorize.core.model.ModelKind;
import org.colorize.core.model.WorkingSize;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

class CifarAutoencoderTest {

    private static CifarAutoencoder arch;
    private static ComputationGraph net;

    @BeforeAll
    static void build() {
        arch = CifarAutoencoder.builder().build();
        net = arch.newNetwork();
    }

    @Test
    void defaultsMatchTheReference() {
        assertEquals(3_431_811L, net.numParams());
        assertEquals(ModelKind.GRAY_TO_RGB, arch.kind());
        assertEquals(WorkingSize.fixed(32, 32), arch.workingSize());
        for (String name : List.of("encoder_conv1", "encoder_conv2", "encoder_conv3", "latent", "decoder_dense",
                "decoder_deconv1", "decoder_deconv2", "decoder_deconv3", "decoder_output", "output")) {
            assertNotNull(net.getLayer(name), name);
        }
        assertTrue(net.getLayer("decoder_deconv1") instanceof OneDnnDeconvolution2DLayer);
        assertEquals(256, ((ConvolutionLayer) net.getLayer("encoder_conv3").conf().getLayer()).getNOut());
    }

    @Test
    void outputShapeForABatchOfTwo() {
        INDArray out = net.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 1, 32, 32));
        assertArrayEquals(new long[] {2, 3, 32, 32}, out.shape());
        assertTrue(out.minNumber().doubleValue() >= 0 && out.maxNumber().doubleValue() <= 1, "sigmoid output");
    }

    @Test
    void optionsChangeTheNetworkAsDocumented() {
        CifarAutoencoder small = CifarAutoencoder.builder().layerFilters(16, 32).latentSize(64).kernelSize(5)
                .inputSize(48, 32).inputChannels(3).build();
        // conv 3->16, 16->32 (k5); dense 8*12*32 -> 64 -> 8*12*32; deconv 32->32, 32->16; output 16->3
        long expected = (25 * 3 * 16 + 16) + (25 * 16 * 32 + 32) + (3072L * 64 + 64) + (64 * 3072L + 3072)
                + (25 * 32 * 32 + 32) + (25 * 32 * 16 + 16) + (25 * 16 * 3 + 3);
        assertEquals(expected, small.parameterCount());
        ComputationGraph g = small.newNetwork();
        assertArrayEquals(new long[] {1, 3, 32, 48}, g.outputSingle(Nd4j.rand(DataType.FLOAT, 1, 3, 32, 48)).shape());
        assertEquals(WorkingSize.fixed(48, 32), small.workingSize());
        assertEquals(3, small.metadata().inputChannels());
        assertEquals(List.of(16, 32), small.toBuilder().build().parameters().get("layerFilters"));
    }

    @Test
    void invalidOptionsFailNamingTheOption() {
        failsNaming(() -> CifarAutoencoder.builder().inputSize(30, 32).build(), "inputSize width", "30");
        failsNaming(() -> CifarAutoencoder.builder().inputSize(32, 20).layerFilters(8, 8, 8).build(), "inputSize height", "20");
        failsNaming(() -> CifarAutoencoder.builder().kernelSize(4).build(), "kernelSize", "4");
        failsNaming(() -> CifarAutoencoder.builder().layerFilters().build(), "layerFilters", "[]");
        failsNaming(() -> CifarAutoencoder.builder().layerFilters(64, 0, 8).build(), "layerFilters", "0");
        failsNaming(() -> CifarAutoencoder.builder().latentSize(0).build(), "latentSize", "0");
        failsNaming(() -> CifarAutoencoder.builder().inputChannels(2).build(), "inputChannels", "2");
        failsNaming(() -> CifarAutoencoder.builder().updater(null).build(), "updater", "null");
    }

    @Test
    void metadataDescribesTheNetwork() {
        ModelMetadata md = arch.metadata();
        assertEquals(CifarAutoencoder.ID, md.architecture());
        assertEquals(ModelKind.GRAY_TO_RGB, md.kind());
        assertEquals(1, md.inputChannels());
        assertEquals(List.of(64, 128, 256), md.architectureParams().get("layerFilters"));
        assertEquals(256, md.architectureParams().get("latentSize"));
    }

    @Test
    void oneTrainingStepOnRealCifarImagesLowersTheLoss() {
        INDArray rgb = CifarRecords.rgb(16);
        INDArray gray = CifarRecords.gray(rgb);
        ComputationGraph g = arch.newNetwork();
        MultiDataSet ds = new MultiDataSet(new INDArray[] {gray}, new INDArray[] {rgb});
        double before = g.score(ds);
        for (int i = 0; i < 3; i++) {
            g.fit(ds);
        }
        double after = g.score(ds);
        assertTrue(after < before, "loss " + before + " -> " + after);
    }

    @Test
    void bundleRoundTripKeepsTheOutput(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cifar.zip");
        ModelBundle.of(net, arch.metadata()).save(file);
        ModelBundle again = ModelBundle.load(file);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 32, 32);
        ComputationGraph loaded = (ComputationGraph) again.network();
        assertTrue(loaded.getLayer("decoder_deconv1") instanceof OneDnnDeconvolution2DLayer);
        assertEquals(0.0, net.outputSingle(x).sub(loaded.outputSingle(x)).amaxNumber().doubleValue(), 1e-6);
        assertEquals(CifarAutoencoder.ID, again.metadata().architecture());
    }
}
