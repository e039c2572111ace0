package org.colorize.core.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.colorize.models.InceptionResNetV2;
import org.colorize.models.LabBetaNet;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The oneDNN layer helpers engage, and the networks compute the same with them as on DL4J's plain
 * path: outputs to 1e-4, and for the Lab network gradients to 1e-3 of the largest and parameters
 * after three training steps to 1e-4.
 */
class OneDnnHelpersTest {

    @Test
    void helpersEngageForTheReferenceNetworks() {
        assertTrue(OneDnnHelpers.enable());
        assertTrue(OneDnnHelpers.isEngaged());
        ComputationGraph net = InceptionResNetV2.builder().inputSize(75, 75).blocks(1, 1, 1).classes(5).build()
                .newNetwork();
        assertTrue(net.getLayer("stem_conv1").getHelper() instanceof MKLDNNConvHelper);
        assertTrue(net.getLayer("stem_pool1").getHelper() instanceof MKLDNNSubsamplingHelper);
        // DL4J removes its batch-norm helper when gamma and beta are locked (the Keras scale=False port)
        assertNull(net.getLayer("stem_conv1_bn").getHelper());
    }

    @Test
    void convolutionsAndUpsamplingEqualThePlainPath() {
        Nd4j.getRandom().setSeed(12);
        INDArray l = Nd4j.rand(DataType.FLOAT, 2, 1, 32, 32).muli(100);
        INDArray ab = Nd4j.rand(DataType.FLOAT, 2, 2, 32, 32).subi(0.5);
        compare(() -> LabBetaNet.builder().inputSize(32, 32).build().newNetwork(),
                new MultiDataSet(new INDArray[] {l}, new INDArray[] {ab}), "encoder_conv1", 3);
    }

    /**
     * Inception-ResNet-v2 (reduced): inference outputs equal the plain path. Not gradients or
     * training steps: with a batch of 2 and 1x1 maps at the end, batch normalisation in training mode
     * amplifies rounding differences (largest gradient difference 1.4e-3 of the largest gradient), and
     * Adam turns any sign difference of a near-zero gradient into a full step of lr (parameters 0.0096
     * apart after three steps, measured).
     */
    @Test
    void batchNormAndPoolingEqualThePlainPath() {
        Nd4j.getRandom().setSeed(13);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 75, 75).muli(2).subi(1);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 2, 4);
        y.putScalar(0, 1, 1f);
        y.putScalar(1, 3, 1f);
        compare(() -> InceptionResNetV2.builder().inputSize(75, 75).blocks(1, 1, 1).classes(4).build().newNetwork(),
                new MultiDataSet(new INDArray[] {x}, new INDArray[] {y}), "stem_conv1", 0);
    }

    private static void compare(Supplier<ComputationGraph> factory, MultiDataSet ds, String convLayer, int steps) {
        ComputationGraph fast = factory.get();
        ComputationGraph plain = plainPath(factory);
        assertTrue(fast.getLayer(convLayer).getHelper() instanceof MKLDNNConvHelper);
        assertNull(plain.getLayer(convLayer).getHelper());
        assertEquals(plain.params(), fast.params());
        INDArray[] in = ds.getFeatures();
        assertEquals(0, fast.output(in)[0].sub(plain.output(in)[0]).amaxNumber().doubleValue(), 1e-4);
        if (steps == 0) {
            return;
        }
        fast.setInputs(in);
        fast.setLabels(ds.getLabels());
        fast.computeGradientAndScore();
        plain.setInputs(in);
        plain.setLabels(ds.getLabels());
        plain.computeGradientAndScore();
        INDArray gf = fast.gradient().gradient();
        INDArray gp = plain.gradient().gradient();
        assertEquals(0, gf.sub(gp).amaxNumber().doubleValue() / gp.amaxNumber().doubleValue(), 1e-3,
                "largest gradient difference relative to the largest gradient");
        assertEquals(plain.score(), fast.score(), 1e-4 * Math.abs(plain.score()));
        for (int i = 0; i < steps; i++) {
            fast.fit(ds);
            plain.fit(ds);
        }
        assertEquals(0, fast.params().sub(plain.params()).amaxNumber().doubleValue(), 1e-4);
        assertEquals(0, fast.output(in)[0].sub(plain.output(in)[0]).amaxNumber().doubleValue(), 1e-4);
    }

    /** Creates a network with DL4J's helpers disabled (the property is read when layers are created). */
    private static ComputationGraph plainPath(Supplier<ComputationGraph> factory) {
        OneDnnHelpers.enable();
        String old = System.getProperty(OneDnnHelpers.DL4J_DISABLE_PROPERTY);
        System.setProperty(OneDnnHelpers.DL4J_DISABLE_PROPERTY, "true");
        try {
            return factory.get();
        } finally {
            System.setProperty(OneDnnHelpers.DL4J_DISABLE_PROPERTY, old);
        }
    }
}
