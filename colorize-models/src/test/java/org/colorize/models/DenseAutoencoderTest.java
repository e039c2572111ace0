package org.colorize.models;

import static org.colorize.models.Assertions2.failsNaming;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.colorize.core.model.ModelKind;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

class DenseAutoencoderTest {

    /** The full network: 206M parameters, 824 MB of FLOAT weights, allocated once here. */
    @Test
    void defaultNetworkHasTheReferenceCountAndShape() {
        DenseAutoencoder arch = DenseAutoencoder.builder().build();
        assertEquals(ModelKind.GRAY_TO_RGB, arch.kind());
        assertEquals(3, arch.inputChannels());
        assertTrue(arch.loss() instanceof LossBinaryXENT);
        ComputationGraph net = arch.newNetwork();
        try {
            assertEquals(206_111_315L, net.numParams());
            INDArray out = net.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 3, 80, 80));
            assertArrayEquals(new long[] {2, 3, 80, 80}, out.shape());
        } finally {
            net.close();
        }
    }

    @Test
    void optionsAndValidation() {
        DenseAutoencoder small = DenseAutoencoder.builder().inputSize(16, 8).inputChannels(1).convFilters(4, 2)
                .kernelSize(3).latentSize(5).build();
        long expected = (9 * 4 + 4) + (9 * 4 * 2 + 2) + (4 * 2 * 2 * 5 + 5) + (5 * 16 + 16) + (9 * 2 * 2 + 2) + (9 * 2 * 3 + 3);
        assertEquals(expected, small.parameterCount());
        assertArrayEquals(new long[] {2, 3, 8, 16},
                small.newNetwork().outputSingle(Nd4j.rand(DataType.FLOAT, 2, 1, 8, 16)).shape());
        failsNaming(() -> DenseAutoencoder.builder().inputSize(82, 80).build(), "inputSize width", "82");
        failsNaming(() -> DenseAutoencoder.builder().convFilters(1).build(), "convFilters", "[1]");
        failsNaming(() -> DenseAutoencoder.builder().latentSize(-3).build(), "latentSize", "-3");
    }
}
