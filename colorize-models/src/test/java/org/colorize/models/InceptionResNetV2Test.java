package org.colorize.models;

import static org.colorize.models.Assertions2.failsNaming;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.colorize.core.model.Embedder;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class InceptionResNetV2Test {

    /**
     * The full network at 299x299: Keras' count (55,813,192 trainable + 60,544 moving statistics), and
     * a forward pass of a batch of 2 through the embedder (about 5 s on 2 cores).
     */
    @Test
    void fullNetworkCountAndEmbedding() {
        InceptionResNetV2 arch = InceptionResNetV2.builder().build();
        ComputationGraph net = arch.newNetwork();
        assertEquals(55_873_736L, net.numParams());
        long stats = 0;
        for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
            if (l.conf().getLayer() instanceof BatchNormalization) {
                stats += l.numParams();
            }
        }
        assertEquals(60_544L, stats, "moving mean and variance, Keras' non-trainable parameters");
        for (String name : new String[] {"stem_conv1", "stem_conv1_bn", "stem_conv1_bn_beta", "mixed_5b", "block35_10_ac",
                "mixed_6a", "block17_20_ac", "mixed_7a", "block8_9_ac", "block8_10_conv", "conv_7b", "avg_pool",
                "predictions"}) {
            assertNotNull(net.getConfiguration().getVertices().get(name), name);
        }
        Embedder embedder = arch.embedder();
        assertEquals(1000, embedder.embeddingSize());
        INDArray emb = embedder.embed(Nd4j.rand(DataType.FLOAT, 2, 3, 299, 299));
        assertArrayEquals(new long[] {2, 1000}, emb.shape());
        assertEquals(1.0, emb.sum(1).getDouble(0), 1e-4, "softmax");
    }

    @Test
    void optionsAndValidation() {
        InceptionResNetV2 small = InceptionResNetV2.builder().inputSize(75, 75).blocks(1, 1, 1).classes(10).build();
        ComputationGraph g = small.newNetwork();
        assertArrayEquals(new long[] {1, 10}, g.outputSingle(Nd4j.rand(DataType.FLOAT, 1, 3, 75, 75)).shape());
        assertEquals(10, small.embedderSpec().embeddingSize());
        failsNaming(() -> InceptionResNetV2.builder().inputSize(74, 299).build(), "inputSize width", "74");
        failsNaming(() -> InceptionResNetV2.builder().blocks(10, 20, 0).build(), "blocks block8", "0");
        failsNaming(() -> InceptionResNetV2.builder().residualScales(0.17, 0, 0.2).build(), "residualScales", "0.0");
    }
}
