package org.colorize.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import org.colorize.models.CifarAutoencoder;
import org.colorize.models.InceptionFusionNet;
import org.colorize.models.InceptionResNetV2;
import org.colorize.models.KerasDefaults;
import org.colorize.models.LabBetaNet;
import org.colorize.core.nd4j.OneDnnHelpers;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

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

    /** OneDnnConvolution2D equals DL4J's ConvolutionLayer: NCHW and NHWC, 'same' and 'valid', strides. */
    @Test
    void oneDnnConvolutionEqualsConvolutionLayer() {
        for (CNN2DFormat format : CNN2DFormat.values()) {
            for (ConvolutionMode mode : new ConvolutionMode[] {ConvolutionMode.Same, ConvolutionMode.Truncate}) {
                ComputationGraph fast = smallConvNet(true, format, mode);
                ComputationGraph plain = smallConvNet(false, format, mode);
                assertTrue(fast.getLayer("c1") instanceof OneDnnConvolution2DLayer);
                INDArray x = format == CNN2DFormat.NCHW ? Nd4j.rand(DataType.FLOAT, 3, 2, 11, 9)
                        : Nd4j.rand(DataType.FLOAT, 3, 11, 9, 2);
                compareTraining(fast, plain, x, format + " " + mode);
            }
        }
    }

    /** OneDnnDense equals DL4J's DenseLayer. */
    @Test
    void oneDnnDenseEqualsDenseLayer() {
        ComputationGraph fast = smallDenseNet(true);
        ComputationGraph plain = smallDenseNet(false);
        assertTrue(fast.getLayer("d1") instanceof OneDnnDenseLayer);
        compareTraining(fast, plain, Nd4j.rand(DataType.FLOAT, 6, 20), "dense");
    }

    /** The channels-last Lab networks compute exactly what their channels-first twins compute. */
    @Test
    void channelsLastEqualsChannelsFirst() {
        INDArray l = Nd4j.rand(DataType.FLOAT, 2, 1, 16, 24);
        INDArray emb = Nd4j.rand(DataType.FLOAT, 2, 1000);
        ComputationGraph betaLast = LabBetaNet.builder().inputSize(24, 16).build().newNetwork();
        ComputationGraph betaFirst = LabBetaNet.builder().inputSize(24, 16).channelsLast(false).build().newNetwork();
        assertEquals(betaFirst.params(), betaLast.params());
        assertEquals(betaFirst.outputSingle(l), betaLast.outputSingle(l));
        ComputationGraph fusionLast = InceptionFusionNet.builder().inputSize(24, 16).build().newNetwork();
        ComputationGraph fusionFirst = InceptionFusionNet.builder().inputSize(24, 16).channelsLast(false).build().newNetwork();
        assertEquals(fusionFirst.output(l, emb)[0], fusionLast.output(l, emb)[0]);
        INDArray ab = Nd4j.rand(DataType.FLOAT, 2, 2, 16, 24).subi(0.5);
        MultiDataSet ds = new MultiDataSet(new INDArray[] {l, emb}, new INDArray[] {ab});
        for (int i = 0; i < 2; i++) {
            fusionLast.fit(ds);
            fusionFirst.fit(ds);
        }
        assertEquals(0, fusionLast.params().sub(fusionFirst.params()).amaxNumber().doubleValue(), 1e-5);
    }

    private static void compareTraining(ComputationGraph fast, ComputationGraph plain, INDArray x, String what) {
        assertEquals(plain.params(), fast.params(), what);
        INDArray out = plain.outputSingle(x);
        INDArray y = Nd4j.rand(out.dataType(), out.shape()).subi(0.5);
        assertEquals(0, fast.outputSingle(x).sub(plain.outputSingle(x)).amaxNumber().doubleValue(), 1e-5, what);
        MultiDataSet ds = new MultiDataSet(new INDArray[] {x}, new INDArray[] {y});
        for (int i = 0; i < 3; i++) {
            fast.fit(ds);
            plain.fit(ds);
        }
        assertEquals(0, fast.params().sub(plain.params()).amaxNumber().doubleValue(), 1e-5, what);
    }

    private static ComputationGraph smallConvNet(boolean fast, CNN2DFormat format, ConvolutionMode mode) {
        ConvolutionLayer.Builder c1 = new ConvolutionLayer.Builder(3, 3).stride(2, 1).nOut(4).dataFormat(format)
                .convolutionMode(mode).activation(Activation.RELU);
        ConvolutionLayer.Builder c2 = new ConvolutionLayer.Builder(3, 3).nOut(3).dataFormat(format)
                .convolutionMode(mode).activation(Activation.TANH);
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(KerasDefaults.adam())
                .graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(11, 9, 2, format))
                .addLayer("c1", fast ? OneDnnConvolution2D.of(c1) : c1.build(), "in")
                .addLayer("c2", fast ? OneDnnConvolution2D.of(c2) : c2.build(), "c1")
                .addLayer("out", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).format(format)
                        .activation(Activation.IDENTITY).build(), "c2")
                .setOutputs("out").build();
        return plainHelpers(conf);
    }

    private static ComputationGraph smallDenseNet(boolean fast) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(KerasDefaults.adam())
                .activation(Activation.RELU).graphBuilder().addInputs("in").setInputTypes(InputType.feedForward(20))
                .addLayer("d1", fast ? OneDnnDense.of(30, null) : new DenseLayer.Builder().nOut(30).build(), "in")
                .addLayer("d2", fast ? OneDnnDense.of(10, Activation.TANH)
                        : new DenseLayer.Builder().nOut(10).activation(Activation.TANH).build(), "d1")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(5)
                        .activation(Activation.IDENTITY).build(), "d2")
                .setOutputs("out").build();
        return plainHelpers(conf);
    }

    /** The reference: DL4J's layers on their plain path (no oneDNN helper). */
    private static ComputationGraph plainHelpers(ComputationGraphConfiguration conf) {
        String old = System.getProperty(OneDnnHelpers.DL4J_DISABLE_PROPERTY);
        System.setProperty(OneDnnHelpers.DL4J_DISABLE_PROPERTY, "true");
        try {
            ComputationGraph g = new ComputationGraph(conf);
            g.init();
            return g;
        } finally {
            if (old == null) {
                System.clearProperty(OneDnnHelpers.DL4J_DISABLE_PROPERTY);
            } else {
                System.setProperty(OneDnnHelpers.DL4J_DISABLE_PROPERTY, old);
            }
        }
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
