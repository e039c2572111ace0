package org.colorize.examples;

import static org.colorize.examples.ExampleAssertions.assertTrained;
import static org.colorize.examples.ExampleAssertions.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.colorize.core.Colorizer;
import org.colorize.core.bundle.EmbedderSpec;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.image.Images;
import org.colorize.core.model.ModelKind;
import org.colorize.core.testing.TestData;
import org.colorize.models.InceptionFusionNet;
import org.colorize.training.eval.Evaluation;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The fusion example with a tiny backbone of the same contract as Inception-ResNet-v2 (RGB in,
 * scaled to [-1,1], a softmax vector out; here 32x32 and 16 classes instead of 299x299 and 1000,
 * which take minutes a picture on two cores) and a 64x64 fusion network, on the four scikit-image
 * photos, one epoch.
 */
class FusionExampleTest {

    static final EmbedderSpec TINY_BACKBONE = new EmbedderSpec("tiny-backbone", 32, 32, 16, 2f, -1f);

    static MultiLayerNetwork tinyBackbone() {
        var conf = new NeuralNetConfiguration.Builder().seed(3).weightInit(WeightInit.XAVIER_UNIFORM).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(8).stride(2, 2).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(TINY_BACKBONE.embeddingSize())
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(32, 32, 3)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void trainsWithTheBackboneBundlesBothAndColorizesHeldOutPhotos(@TempDir Path out) throws Exception {
        Path folder = TestData.photosDir().resolve("skimage");
        InceptionFusionNet fusion = InceptionFusionNet.builder().inputSize(64, 64).embedderSpec(TINY_BACKBONE).build();
        assertEquals(16, fusion.embeddingSize());

        FusionExample.Result r = FusionExample.run(folder, out, fusion, tinyBackbone(), 1, 4, 1);

        assertTrained(r.history(), 1, true);
        BufferedImage original = Images.read(r.heldOut().get(0));
        png(r.colorized().get(0), original.getWidth(), original.getHeight());

        // The saved bundle carries the backbone and how to feed it: it colorizes on its own.
        ModelBundle bundle = ModelBundle.load(r.bundle());
        assertEquals(ModelKind.L_EMBEDDING_TO_AB, bundle.metadata().kind());
        assertEquals(TINY_BACKBONE, bundle.metadata().embedder().orElseThrow());
        assertTrue(bundle.embedderNetwork().isPresent(), "the bundle holds the backbone");
        BufferedImage gray = Evaluation.grayInput(original);
        try (Colorizer colorizer = Colorizer.of(bundle)) {
            BufferedImage colour = colorizer.colorize(gray);
            assertEquals(original.getWidth(), colour.getWidth());
            assertEquals(original.getHeight(), colour.getHeight());
            BufferedImage written = Images.read(r.colorized().get(0));
            assertEquals(colour.getRGB(10, 10), written.getRGB(10, 10), "reloaded bundle gives the same colours");
        }
    }
}
