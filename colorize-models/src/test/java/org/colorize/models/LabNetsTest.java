package org.colorize.models;

import static org.colorize.models.Assertions2.failsNaming;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.colorize.core.model.LNormalization;
import org.colorize.core.model.ModelKind;
import org.colorize.core.model.WorkingSize;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The "alpha" and "beta" L -> ab networks. */
class LabNetsTest {

    @Test
    void alphaDefaultsShapesAndAnySizeDivisibleBy8() {
        LabAlphaNet alpha = LabAlphaNet.builder().build();
        ComputationGraph net = alpha.newNetwork();
        assertEquals(32_202L, net.numParams());
        assertEquals(ModelKind.L_TO_AB, alpha.kind());
        assertEquals(WorkingSize.adaptive(8, 400), alpha.workingSize());
        assertEquals(LNormalization.RAW, alpha.metadata().lNormalization());
        for (String name : List.of("encoder_conv1", "encoder_conv6", "decoder_up1", "decoder_conv1", "decoder_up2",
                "decoder_conv2", "decoder_up3", "output_conv", "output")) {
            assertNotNull(net.getLayer(name), name);
        }
        assertArrayEquals(new long[] {2, 2, 400, 400},
                net.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 1, 400, 400).muli(100)).shape());
        INDArray odd = net.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 1, 40, 64).muli(100));
        assertArrayEquals(new long[] {2, 2, 40, 64}, odd.shape());
        assertTrue(odd.amaxNumber().doubleValue() <= 1.0, "tanh output");
    }

    @Test
    void alphaOptions() {
        LabAlphaNet wide = LabAlphaNet.builder().encoderFilters(8, 8, 16, 16, 32, 64).decoderFilters(64, 16)
                .inputSize(256, 128).build();
        // encoder_conv6 32->64 (+9248 -> 18496), decoder_conv1 64->64 (+9248 -> 36928), decoder_conv2 64->16 (+4624 -> 9232)
        assertEquals(32_202L - 9248 + 18496 - 9248 + 36928 - 4624 + 9232, wide.parameterCount());
        assertEquals(WorkingSize.adaptive(8, 256), wide.workingSize());
        failsNaming(() -> LabAlphaNet.builder().inputSize(400, 401).build(), "inputSize height", "401");
        failsNaming(() -> LabAlphaNet.builder().encoderFilters(8, 8).build(), "encoderFilters", "[8, 8]");
        failsNaming(() -> LabAlphaNet.builder().decoderFilters(32, -1).build(), "decoderFilters", "-1");
        failsNaming(() -> LabAlphaNet.builder().kernelSize(0).build(), "kernelSize", "0");
    }

    @Test
    void betaDefaultsAndShapes() {
        LabBetaNet beta = LabBetaNet.builder().build();
        ComputationGraph net = beta.newNetwork();
        assertEquals(3_892_194L, net.numParams());
        assertEquals(WorkingSize.fixed(256, 256), beta.workingSize());
        assertEquals(512, ((ConvolutionLayer) net.getLayer("encoder_conv7").conf().getLayer()).getNOut());
        assertNotNull(net.getLayer("output_up"));
        assertArrayEquals(new long[] {2, 2, 256, 256},
                net.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 1, 256, 256).muli(100)).shape());
    }

    @Test
    void betaOptions() {
        LabBetaNet small = LabBetaNet.builder().inputSize(64, 32).kernelSize(1).build();
        assertEquals(WorkingSize.fixed(64, 32), small.workingSize());
        assertArrayEquals(new long[] {1, 2, 32, 64},
                small.newNetwork().outputSingle(Nd4j.rand(DataType.FLOAT, 1, 1, 32, 64)).shape());
        // every 3x3 kernel becomes 1x1: weights / 9, biases unchanged
        long biases = 64 + 64 + 128 + 128 + 256 + 256 + 512 + 256 + 128 + 64 + 32 + 2;
        assertEquals((3_892_194L - biases) / 9 + biases, small.parameterCount());
        failsNaming(() -> LabBetaNet.builder().inputSize(250, 256).build(), "inputSize width", "250");
        failsNaming(() -> LabBetaNet.builder().encoderFilters(1, 2, 3).build(), "encoderFilters", "[1, 2, 3]");
        failsNaming(() -> LabBetaNet.builder().kernelSize(2).build(), "kernelSize", "2");
    }

    /**
     * Three steps on 16 real CIFAR images lower the loss. Beta trains at lr 1e-4 here: with the
     * reference RMSprop lr 1e-3 on raw L in [0,100], its first step saturates the tanh output (loss
     * 242 -> 1097 with seed 42, stuck there; other seeds recover after 4-6 steps), which is what the
     * reference recipe does, not a defect of the port.
     */
    @Test
    void trainingStepsOnRealCifarImagesLowerTheLoss() {
        INDArray lab = CifarRecords.lab(CifarRecords.rgb(16));
        INDArray l = lab.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1)).dup();
        INDArray ab = lab.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3)).div(128);
        MultiDataSet ds = new MultiDataSet(new INDArray[] {l}, new INDArray[] {ab});
        for (ReferenceNetwork arch : List.of(LabAlphaNet.builder().inputSize(32, 32).build(),
                LabBetaNet.builder().inputSize(32, 32).updater(KerasDefaults.rmsProp(1e-4)).build())) {
            ComputationGraph g = arch.newNetwork();
            double before = g.score(ds);
            for (int i = 0; i < 3; i++) {
                g.fit(ds);
            }
            double after = g.score(ds);
            assertTrue(after < before, arch.id() + ": loss " + before + " -> " + after);
        }
    }
}
