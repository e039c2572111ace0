package org.colorize.models;

import static org.colorize.models.Assertions2.failsNaming;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.colorize.core.bundle.EmbedderSpec;
import org.colorize.core.bundle.ModelMetadata;
import org.colorize.core.model.ModelKind;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class InceptionFusionNetTest {

    private static InceptionFusionNet arch;
    private static ComputationGraph net;

    @BeforeAll
    static void build() {
        arch = InceptionFusionNet.builder().build();
        net = arch.newNetwork();
    }

    @Test
    void defaultsAndOutputShape() {
        assertEquals(6_541_202L, net.numParams());
        assertEquals(ModelKind.L_EMBEDDING_TO_AB, arch.kind());
        assertEquals(32, arch.fusionWidth());
        assertEquals(1000, arch.embeddingSize());
        INDArray[] out = net.output(Nd4j.rand(DataType.FLOAT, 2, 1, 256, 256).muli(100),
                Nd4j.rand(DataType.FLOAT, 2, 1000));
        assertArrayEquals(new long[] {2, 2, 256, 256}, out[0].shape());
    }

    @Test
    void theEmbeddingIsRepeatedUnscrambledOverTheGrid() {
        InceptionFusionNet small = InceptionFusionNet.builder().inputSize(64, 32).embeddingSize(10).build();
        ComputationGraph g = small.newNetwork();
        INDArray emb = Nd4j.rand(DataType.FLOAT, 2, 10);
        Map<String, INDArray> acts = g.feedForward(new INDArray[] {Nd4j.rand(DataType.FLOAT, 2, 1, 32, 64), emb}, false);
        INDArray grid = acts.get("fusion_reshape");
        assertArrayEquals(new long[] {2, 10, 4, 8}, grid.shape());
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 8; j++) {
                INDArray at = grid.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.point(j));
                assertEquals(emb, at.reshape(2, 10), "embedding at grid cell " + i + "," + j);
            }
        }
        INDArray concat = acts.get("fusion_concat");
        assertArrayEquals(new long[] {2, 266, 4, 8}, concat.shape());
        // the encoder runs channels-last inside; fusion_encoder_nchw is its output back in NCHW
        assertEquals(acts.get("encoder_conv8").permute(0, 3, 1, 2), acts.get("fusion_encoder_nchw"));
        assertEquals(acts.get("fusion_encoder_nchw"), concat.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 256)),
                "encoder channels first, as in Keras");
    }

    @Test
    void metadataCarriesTheEmbedder() {
        ModelMetadata md = arch.metadata();
        EmbedderSpec spec = md.embedder().orElseThrow();
        assertEquals(InceptionResNetV2.EMBEDDER_SPEC, spec);
        assertEquals(299, spec.inputWidth());
        assertEquals(2f, spec.inputScale());
        assertEquals(-1f, spec.inputOffset());
    }

    @Test
    void optionsAndValidation() {
        InceptionFusionNet f = InceptionFusionNet.builder().embeddingSize(128).fusionFilters(64).build();
        // fusion_1x1: (256+128)*64+64 instead of 1256*256+256; decoder_conv1: 64*9*128+128 instead of 256*9*128+128
        assertEquals(6_541_202L - 321_792 + 24_640 - 295_040 + 73_856, f.parameterCount());
        failsNaming(() -> InceptionFusionNet.builder().inputSize(256, 100).build(), "inputSize height", "100");
        failsNaming(() -> InceptionFusionNet.builder().embeddingSize(0), "embeddingSize", "0");
        failsNaming(() -> InceptionFusionNet.builder().decoderFilters(1, 2, 3).build(), "decoderFilters", "[1, 2, 3]");
        failsNaming(() -> InceptionFusionNet.builder().fusionFilters(0).build(), "fusionFilters", "0");
    }

    @Test
    void trainingStepsLowerTheLoss() {
        INDArray lab = CifarRecords.lab(CifarRecords.rgb(8));
        INDArray l = lab.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1)).dup();
        INDArray ab = lab.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3)).div(128);
        ComputationGraph g = InceptionFusionNet.builder().inputSize(32, 32).build().newNetwork();
        INDArray emb = Nd4j.rand(DataType.FLOAT, 8, 1000);
        emb.diviColumnVector(emb.sum(1).reshape(8, 1));
        MultiDataSet ds = new MultiDataSet(new INDArray[] {l, emb}, new INDArray[] {ab});
        double before = g.score(ds);
        for (int i = 0; i < 3; i++) {
            g.fit(ds);
        }
        double after = g.score(ds);
        assertTrue(after < before, "loss " + before + " -> " + after);
    }
}
