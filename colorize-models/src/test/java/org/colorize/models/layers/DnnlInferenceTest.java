package org.colorize.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.colorize.core.internal.Networks;
import org.colorize.models.CifarAutoencoder;
import org.colorize.models.InceptionFusionNet;
import org.colorize.models.LabBetaNet;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.layers.misc.RepeatVector;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link DnnlInference} computes what DL4J's {@code output()} computes, on the reference networks A (the
 * CIFAR autoencoder), B (the beta Lab CNN) and C (the Inception fusion network) and on small graphs with every vertex kind it
 * covers; it falls back (null) where it does not cover a graph or an input.
 */
class DnnlInferenceTest {

    @BeforeAll
    static void oneDnnLoads() {
        assertTrue(DnnlInference.available(), () -> "oneDNN must load beside libnd4j: " + DnnlInference.unavailableReason());
    }

    @AfterEach
    void clearProperties() {
        System.clearProperty(DnnlInference.ENABLED_PROPERTY);
        System.clearProperty(DnnlInference.MAX_BYTES_PROPERTY);
        System.clearProperty(DirectInference.ENABLED_PROPERTY);
    }

    /** max |a - b| / max(1, max |b|): relative to the output's scale. */
    private static double diff(INDArray a, INDArray b) {
        assertEquals(Arrays.toString(b.shape()), Arrays.toString(a.shape()));
        double scale = Math.max(1, b.amaxNumber().doubleValue());
        return a.sub(b).amaxNumber().doubleValue() / scale;
    }

    /**
     * Network A with its reference sizes (3.4M parameters): batch 1 and 32, repeated calls (plans and
     * buffers reused), new result arrays, and parameters changed by training and by setParams.
     */
    @Test
    void cifarAutoencoderEqualsDl4j() {
        ComputationGraph net = CifarAutoencoder.builder().seed(11).build().newNetwork();
        DnnlInference d = DnnlInference.of(net);
        assertNotNull(d);
        Nd4j.getRandom().setSeed(7);
        for (int batch : new int[] {1, 32, 1, 5}) {
            for (int call = 0; call < 2; call++) {
                INDArray x = Nd4j.rand(DataType.FLOAT, batch, 1, 32, 32);
                INDArray ours = d.output(net, x)[0];
                assertEquals(0, diff(ours, net.output(false, x)[0]), 1e-5, "batch " + batch);
            }
        }
        assertEquals(3, d.plans());
        INDArray x1 = Nd4j.rand(DataType.FLOAT, 1, 1, 32, 32);
        INDArray first = d.output(net, x1)[0];
        INDArray kept = first.dup();
        d.output(net, Nd4j.rand(DataType.FLOAT, 1, 1, 32, 32));
        assertEquals(kept, first, "results are new arrays");
        // Training changes the parameters in place: the weights are packed again.
        net.fit(new MultiDataSet(new INDArray[] {Nd4j.rand(DataType.FLOAT, 2, 1, 32, 32)},
                new INDArray[] {Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32)}));
        assertEquals(0, diff(d.output(net, x1)[0], net.output(false, x1)[0]), 1e-5, "after fit");
        net.setParams(Nd4j.rand(DataType.FLOAT, 1, net.numParams()).subi(0.5).muli(0.1));
        assertEquals(0, diff(d.output(net, x1)[0], net.output(false, x1)[0]), 1e-5, "after setParams");
        assertEquals(0, diff(Networks.output(net, x1)[0], net.output(false, x1)[0]), 1e-5, "through Networks");
        // A change the fingerprint does not sample: seen after invalidate().
        INDArray w = net.getLayer("decoder_deconv2").getParam("W");
        w.putScalar(new long[] {3, 5, 1, 1}, w.getFloat(3, 5, 1, 1) + 1f);
        d.invalidate();
        assertEquals(0, diff(d.output(net, x1)[0], net.output(false, x1)[0]), 1e-5, "after invalidate");
        // doubles in: cast like DL4J
        assertEquals(0, diff(d.output(net, x1.castTo(DataType.DOUBLE))[0], net.output(false, x1)[0]), 1e-5);
        d.close();
        assertThrows(IllegalStateException.class, () -> d.output(net, x1));
    }

    /**
     * Smaller variants of network A whose channel counts are not multiples of oneDNN's blocks (8, 12,
     * 20, 5 channels: padded blocked layouts), batch 1 and 3.
     */
    @Test
    void cifarAutoencoderVariantsEqualDl4j() {
        int[][] variants = {{8, 16, 32, 16}, {8, 8, 8, 8}, {5, 12, 20, 7}};
        for (int[] v : variants) {
            ComputationGraph net = CifarAutoencoder.builder().layerFilters(v[0], v[1], v[2]).latentSize(v[3]).seed(4)
                    .build().newNetwork();
            try (DnnlInference d = DnnlInference.of(net)) {
                for (int batch : new int[] {1, 3}) {
                    INDArray x = Nd4j.rand(DataType.FLOAT, batch, 1, 32, 32);
                    assertEquals(0, diff(d.output(net, x)[0], net.output(false, x)[0]), 1e-5,
                            Arrays.toString(v) + " batch " + batch);
                }
            }
        }
    }

    /**
     * Network C with its reference sizes (256x256, 6.5M parameters, channels-last convolutions, the
     * embedding repeated over the fusion grid and concatenated, upsamplings): batch 1 and 2.
     */
    @Test
    void fusionNetworkEqualsDl4j() {
        ComputationGraph net = InceptionFusionNet.builder().seed(5).build().newNetwork();
        DnnlInference d = DnnlInference.of(net);
        assertNotNull(d);
        Nd4j.getRandom().setSeed(3);
        for (int batch : new int[] {1, 2}) {
            INDArray l = Nd4j.rand(DataType.FLOAT, batch, 1, 256, 256).muli(100);
            INDArray e = Nd4j.rand(DataType.FLOAT, batch, 1000);
            e.diviColumnVector(e.sum(1).reshape(batch, 1));
            INDArray expected = net.output(false, l, e)[0];
            assertTrue(expected.amaxNumber().doubleValue() > 1e-3, "a non-trivial output");
            assertEquals(0, diff(d.output(net, l, e)[0], expected), 2e-5, "batch " + batch);
            assertEquals(0, diff(d.output(net, l, e)[0], expected), 2e-5, "batch " + batch + ", second call");
            assertEquals(0, diff(Networks.output(net, l, e)[0], expected), 2e-5);
        }
    }

    /** Network B (the beta Lab CNN, channels-last, upsamplings) at its reference 256x256: batch 1 and 2. */
    @Test
    void betaNetworkEqualsDl4j() {
        ComputationGraph net = LabBetaNet.builder().seed(8).build().newNetwork();
        try (DnnlInference d = DnnlInference.of(net)) {
            assertNotNull(d);
            for (int batch : new int[] {1, 2}) {
                INDArray l = Nd4j.rand(DataType.FLOAT, batch, 1, 256, 256).muli(100);
                assertEquals(0, diff(d.output(net, l)[0], net.output(false, l)[0]), 2e-5, "batch " + batch);
            }
        }
    }

    /** A small graph with every other vertex kind: NHWC network input, truncate mode, stride-1 deconvolution, merge, no bias. */
    @Test
    void otherVertexKindsEqualDl4j() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(12, 10, 3, CNN2DFormat.NHWC))
                .addLayer("c1", OneDnnConvolution2D.of(new ConvolutionLayer.Builder(3, 3).nOut(8)
                        .convolutionMode(ConvolutionMode.Truncate).padding(1, 1).stride(2, 1).hasBias(false)
                        .dataFormat(CNN2DFormat.NHWC).activation(Activation.LEAKYRELU)), "in")
                .addLayer("c2", OneDnnConvolution2D.of(new ConvolutionLayer.Builder(3, 3).nOut(6)
                        .convolutionMode(ConvolutionMode.Same).dataFormat(CNN2DFormat.NHWC)
                        .activation(Activation.TANH)), "c1")
                .addLayer("up", new Upsampling2D.Builder(2).dataFormat(CNN2DFormat.NHWC).build(), "c2")
                .addLayer("c3", OneDnnConvolution2D.of(new ConvolutionLayer.Builder(1, 1).nOut(4)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.ELU)), "up")
                .inputPreProcessor("c3", new ChannelsLayout(CNN2DFormat.NCHW))
                .addLayer("d1", OneDnnDeconvolution2D.of(new Deconvolution2D.Builder(4, 4).stride(1, 1).nOut(5)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.SIGMOID)), "c3")
                .addVertex("m", new MergeVertex(), "c3", "d1")
                .addLayer("out", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).build(), "m")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        DnnlInference d = DnnlInference.of(net);
        assertNotNull(d);
        for (int batch : new int[] {1, 3}) {
            INDArray x = Nd4j.rand(DataType.FLOAT, batch, 12, 10, 3).subi(0.5);
            assertEquals(0, diff(d.output(net, x)[0], net.output(false, x)[0]), 1e-5, "batch " + batch);
        }
    }

    /**
     * A broadcast embedding concatenated with an image (NCHW) and read by a 1x1 convolution (computed
     * without the concatenation: two real parts and the embedding, no bias) and by a 3x3 one (the
     * concatenation made), batch 1 and 4.
     */
    @Test
    void broadcastConcatenationEqualsDl4j() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(2).dataType(DataType.FLOAT)
                .graphBuilder().addInputs("in", "emb")
                .setInputTypes(InputType.convolutional(4, 6, 3), InputType.feedForward(5))
                .addLayer("a", OneDnnConvolution2D.of(new ConvolutionLayer.Builder(3, 3).nOut(4)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU)), "in")
                .addLayer("rep", new RepeatVector.Builder(24).dataFormat(RNNFormat.NCW).build(), "emb")
                .addVertex("grid", new ReshapeVertex('c', new int[] {-1, 5, 4, 6}, null), "rep")
                .addVertex("cat", new MergeVertex(), "a", "grid", "in")
                .addLayer("one", OneDnnConvolution2D.of(new ConvolutionLayer.Builder(1, 1).nOut(7).hasBias(false)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.TANH)), "cat")
                .addLayer("three", OneDnnConvolution2D.of(new ConvolutionLayer.Builder(3, 3).nOut(2)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY)), "cat")
                .addVertex("both", new MergeVertex(), "one", "three")
                .addLayer("out", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).build(), "both")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        DnnlInference d = DnnlInference.of(net);
        assertNotNull(d);
        for (int batch : new int[] {1, 4}) {
            INDArray x = Nd4j.rand(DataType.FLOAT, batch, 3, 4, 6).subi(0.5);
            INDArray e = Nd4j.rand(DataType.FLOAT, batch, 5).subi(0.5);
            assertEquals(0, diff(d.output(net, x, e)[0], net.output(false, x, e)[0]), 1e-5, "batch " + batch);
        }
        d.close();
    }

    /** Graphs, activations and inputs it does not cover: null from of() or output(); Networks falls back. */
    @Test
    void fallsBack() {
        ComputationGraph net = CifarAutoencoder.builder().layerFilters(8, 16, 32).latentSize(16).seed(3).build()
                .newNetwork();
        DnnlInference d = DnnlInference.of(net);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 32, 32);
        INDArray expected = net.output(false, x)[0];
        assertNull(d.output(net, Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32)), "3 channels where the network takes 1");
        assertNull(d.output(net, Nd4j.rand(DataType.FLOAT, 2, 32, 32)), "rank 3");
        assertThrows(RuntimeException.class, () -> Networks.output(net, Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32)));
        System.setProperty(DnnlInference.MAX_BYTES_PROPERTY, "1000");
        assertNull(d.output(net, x), "over the memory cap");
        assertEquals(0, d.plans());
        System.setProperty(DirectInference.ENABLED_PROPERTY, "false");
        assertEquals(expected, Networks.output(net, x)[0], "DL4J's own result when both fast paths are off or over");
        System.clearProperty(DnnlInference.MAX_BYTES_PROPERTY);
        System.clearProperty(DirectInference.ENABLED_PROPERTY);
        System.setProperty(DnnlInference.ENABLED_PROPERTY, "false");
        assertEquals(0, diff(Networks.output(net, x)[0], expected), 1e-6, "switched off: DirectInference");

        // Not covered: DL4J's own convolution layer, batch normalisation, an activation oneDNN is not given.
        ComputationGraph plain = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(8, 8, 1))
                .addLayer("c", new ConvolutionLayer.Builder(3, 3).nOut(2).convolutionMode(ConvolutionMode.Same).build(), "in")
                .addLayer("out", new CnnLossLayer.Builder().activation(Activation.IDENTITY).build(), "c")
                .setOutputs("out").build());
        plain.init();
        assertNull(DnnlInference.of(plain));
        ComputationGraph bn = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(8, 8, 1))
                .addLayer("c", OneDnnConvolution2D.of(new ConvolutionLayer.Builder(3, 3).nOut(2)
                        .convolutionMode(ConvolutionMode.Same)), "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "c")
                .addLayer("out", new CnnLossLayer.Builder().activation(Activation.IDENTITY).build(), "bn")
                .setOutputs("out").build());
        bn.init();
        assertNull(DnnlInference.of(bn));
        ComputationGraph softplus = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(8, 8, 1))
                .addLayer("c", OneDnnConvolution2D.of(new ConvolutionLayer.Builder(3, 3).nOut(2)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.SOFTPLUS)), "in")
                .addLayer("out", new CnnLossLayer.Builder().activation(Activation.IDENTITY).build(), "c")
                .setOutputs("out").build());
        softplus.init();
        assertNull(DnnlInference.of(softplus));
        INDArray s = Nd4j.rand(DataType.FLOAT, 1, 1, 8, 8);
        assertEquals(softplus.output(false, s)[0], Networks.output(softplus, s)[0]);
    }

    /** Repeated calls allocate no native memory that JavaCPP tracks, and keep one plan. */
    @Test
    void repeatedCallsKeepNativeMemoryFlat() {
        ComputationGraph net = CifarAutoencoder.builder().seed(2).build().newNetwork();
        try (DnnlInference d = DnnlInference.of(net)) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 1, 1, 32, 32);
            for (int i = 0; i < 20; i++) {
                d.output(net, x);
            }
            long before = org.bytedeco.javacpp.Pointer.totalBytes();
            for (int i = 0; i < 300; i++) {
                d.output(net, x);
            }
            long after = org.bytedeco.javacpp.Pointer.totalBytes();
            assertEquals(1, d.plans());
            assertTrue(after - before < (1 << 20), "JavaCPP-tracked bytes grew by " + (after - before));
        }
    }
}
