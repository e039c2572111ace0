package org.colorize.models;

import static org.colorize.models.Assertions2.failsNaming;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The default parameter counts equal the design table (the counts of the Keras originals). They are
 * counted from the configuration ({@link GraphArchitecture#parameterCount()}: the sum of
 * {@code numParams} of every vertex, which for a layer is its ParamInitializer's count), so that the
 * 206M-parameter dense autoencoder and Inception-ResNet-v2 need not be allocated here; the network
 * tests check that {@code numParams()} after {@code init()} gives the same count.
 */
class ArchitecturesTest {

    @ParameterizedTest(name = "{0} has {1} parameters")
    @CsvSource({
        "lab-unet,            1946338",
        "cifar-autoencoder,   3431811",
        "lab-alpha,           32202",
        "lab-beta,            3892194",
        "inception-fusion,    6541202",
        "inception-resnet-v2, 55873736",
        "dense-autoencoder,   206111315"})
    void defaultParameterCountEqualsTheTable(String id, long expected) {
        GraphArchitecture net = Architectures.create(id);
        assertEquals(id, net.id());
        assertEquals(expected, net.parameterCount());
    }

    /**
     * The default architecture, small enough to allocate: the count from the configuration is
     * numParams(), and the sum of its 3x3 convolutions (weights + biases) level by level: encoder
     * 320 + 9,248, 18,496 + 36,928, 73,856 + 147,584, 295,168 + 590,080; decoder (the second conv of
     * each level sees the merged skip) 2 x 295,040, 2 x 73,792, 2 x 18,464; 1x1 output 66.
     */
    @Test
    void labUNetParameterCount() {
        LabUNet unet = LabUNet.builder().build();
        assertEquals(unet.newNetwork().numParams(), unet.parameterCount());
        assertEquals(320 + 9_248 + 18_496 + 36_928 + 73_856 + 147_584 + 295_168 + 590_080
                + 2 * (295_040 + 73_792 + 18_464) + 66, unet.parameterCount());
    }

    @Test
    void idsAreInTheOrderOfTheTable() {
        assertEquals(List.of("lab-unet", "cifar-autoencoder", "lab-alpha", "lab-beta", "inception-fusion",
                "inception-resnet-v2", "dense-autoencoder"), Architectures.ids());
    }

    @Test
    void unknownIdNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architectures.builder("unet"));
        assertTrue(e.getMessage().contains("unet") && e.getMessage().contains("lab-beta"), e.getMessage());
    }

    @Test
    void theSeedAppliesThroughTheRegistryToEveryNetwork() {
        for (String id : Architectures.ids()) {
            GraphArchitecture net = Architectures.builder(id).seed(7).build();
            assertEquals(7L, net.parameters().get("seed"), id);
            assertEquals(7L, net.configuration().getDefaultConfiguration().getSeed(), id);
        }
        assertEquals(7L, ((ReferenceNetwork) Architectures.builder("lab-alpha").seed(7).build()).seed());
    }

    /**
     * The metadata of saved bundles names these parameters; they are the builders' option names (for
     * the reference networks, the components of the options record).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "lab-unet; baseFilters depth trainingSize maxWorkingSide lNormalization updater seed",
        "cifar-autoencoder; width height inputChannels layerFilters kernelSize latentSize oneDnnDeconvolution"
                + " activation outputActivation loss updater weightInit seed",
        "lab-alpha; width height encoderFilters decoderFilters kernelSize channelsLast"
                + " activation outputActivation loss updater weightInit seed",
        "lab-beta; width height encoderFilters decoderFilters kernelSize channelsLast"
                + " activation outputActivation loss updater weightInit seed",
        "inception-fusion; width height embeddingSize encoderFilters fusionFilters decoderFilters kernelSize"
                + " channelsLast activation outputActivation loss updater weightInit seed",
        "inception-resnet-v2; width height classes blocks35 blocks17 blocks8 scale35 scale17 scale8"
                + " activation outputActivation loss updater weightInit seed",
        "dense-autoencoder; width height inputChannels convFilters kernelSize latentSize"
                + " activation outputActivation loss updater weightInit seed"})
    void parameterNamesOfTheMetadataStayTheSame(String id, String names) {
        assertEquals(List.of(names.split(" ")), List.copyOf(Architectures.create(id).parameters().keySet()));
    }

    @Test
    void referenceParameterValuesStayTheSame() {
        assertEquals(List.of(8, 8, 16, 16, 32, 32), Architectures.create("lab-alpha").parameters().get("encoderFilters"));
        assertEquals(1000, Architectures.create("inception-fusion").parameters().get("embeddingSize"));
        assertEquals(0.17, Architectures.create("inception-resnet-v2").parameters().get("scale35"));
        assertEquals(true, Architectures.create("cifar-autoencoder").parameters().get("oneDnnDeconvolution"));
        assertEquals(List.of(50f, 50f).toString(),
                Architectures.create("lab-unet").parameters().get("lNormalization").toString());
        assertEquals("Adam", Architectures.create("lab-unet").parameters().get("updater"));
        assertEquals(1234L, Architectures.create("lab-unet").parameters().get("seed"));
    }

    /** A description holds no network: each call gives a new one, with the same weights for the same seed. */
    @Test
    void newNetworkGivesANewNetworkWithTheSameWeights() {
        LabAlphaNet alpha = LabAlphaNet.builder().inputSize(32, 32).build();
        ComputationGraph a = alpha.newNetwork();
        ComputationGraph b = alpha.newNetwork();
        assertNotSame(a, b);
        assertEquals(a.params(), b.params());
        a.params().addi(1);
        assertNotEquals(a.params(), alpha.newNetwork().params(), "training one network leaves the description alone");
    }

    @Test
    void toBuilderGivesTheSameOptions() {
        assertEquals(CifarAutoencoder.builder().latentSize(9).build().parameters(),
                CifarAutoencoder.builder().latentSize(9).build().toBuilder().build().parameters());
        assertEquals(LabBetaNet.builder().kernelSize(5).seed(3).build().parameters(),
                LabBetaNet.builder().kernelSize(5).seed(3).build().toBuilder().build().parameters());
        assertEquals(InceptionFusionNet.builder().embeddingSize(10).fusionFilters(7).build().parameters(),
                InceptionFusionNet.builder().embeddingSize(10).fusionFilters(7).build().toBuilder().build().parameters());
        assertEquals(InceptionResNetV2.builder().blocks(1, 2, 3).build().parameters(),
                InceptionResNetV2.builder().blocks(1, 2, 3).build().toBuilder().build().parameters());
        assertEquals(DenseAutoencoder.builder().convFilters(3, 4).build().parameters(),
                DenseAutoencoder.builder().convFilters(3, 4).build().toBuilder().build().parameters());
        assertEquals(LabUNet.builder().depth(2).bottleneck(1).build().parameters(),
                LabUNet.builder().depth(2).bottleneck(1).build().toBuilder().build().parameters());
    }

    @Test
    void labUNetOptionsFailNamingTheOption() {
        failsNaming(() -> LabUNet.builder().baseFilters(0).build(), "baseFilters", "0");
        failsNaming(() -> LabUNet.builder().depth(7).build(), "depth", "7");
        failsNaming(() -> LabUNet.builder().bottleneck(5).build(), "bottleneck", "5");
        failsNaming(() -> LabUNet.builder().trainingSize(36).build(), "trainingSize", "36");
        failsNaming(() -> LabUNet.builder().depth(4).maxWorkingSide(136).build(), "maxWorkingSide", "136");
        failsNaming(() -> LabUNet.builder().lNormalization(null).build(), "lNormalization", "null");
        failsNaming(() -> LabUNet.builder().updater(null).build(), "updater", "null");
    }

    @Test
    void kerasUpdaterDefaults() {
        assertEquals("Adam(learningRate=0.001, learningRateSchedule=null, beta1=0.9, beta2=0.999, epsilon=1.0E-7)",
                KerasDefaults.adam().toString());
        assertTrue(KerasDefaults.rmsProp().toString().contains("rmsDecay=0.9"), KerasDefaults.rmsProp().toString());
        assertTrue(KerasDefaults.rmsProp().toString().contains("epsilon=1.0E-7"), KerasDefaults.rmsProp().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KerasDefaults.adam(-1));
        assertTrue(e.getMessage().contains("learningRate") && e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void everyColorizationNetworkByIdIncludingTheDefaultArchitecture() {
        assertEquals(List.of("lab-unet", "cifar-autoencoder", "lab-alpha", "lab-beta", "inception-fusion", "dense-autoencoder"),
                Architectures.colorizationIds());
        assertTrue(Architectures.builder("lab-unet") instanceof LabUNet.Builder);
        assertTrue(Architectures.colorization("lab-unet", 3) instanceof LabUNet);
        assertEquals("lab-beta", Architectures.colorization("lab-beta", 3).id());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Architectures.colorization("inception-resnet-v2", 3));
        assertTrue(e.getMessage().contains("backbone") && e.getMessage().contains("lab-unet"), e.getMessage());
    }
}
