package org.colorize.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The default parameter counts equal the design table (the counts of the Keras originals). They are
 * counted from the configuration ({@link ReferenceNetwork#parameterCount()}: the sum of
 * {@code numParams} of every vertex, which for a layer is its ParamInitializer's count), so that the
 * 206M-parameter dense autoencoder and Inception-ResNet-v2 need not be allocated here; the network
 * tests check that {@code numParams()} after {@code init()} gives the same count.
 */
class ArchitecturesTest {

    @ParameterizedTest(name = "{0} has {1} parameters")
    @CsvSource({
        "cifar-autoencoder,   3431811",
        "lab-alpha,           32202",
        "lab-beta,            3892194",
        "inception-fusion,    6541202",
        "inception-resnet-v2, 55873736",
        "dense-autoencoder,   206111315"})
    void defaultParameterCountEqualsTheTable(String id, long expected) {
        ReferenceNetwork net = Architectures.create(id);
        assertEquals(id, net.id());
        assertEquals(expected, net.parameterCount());
    }

    @Test
    void idsAreInTheOrderOfTheTable() {
        assertEquals(List.of("cifar-autoencoder", "lab-alpha", "lab-beta", "inception-fusion", "inception-resnet-v2",
                "dense-autoencoder"), Architectures.ids());
    }

    @Test
    void unknownIdNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architectures.builder("unet"));
        assertTrue(e.getMessage().contains("unet") && e.getMessage().contains("lab-beta"), e.getMessage());
    }

    @Test
    void sharedOptionsApplyThroughTheRegistry() {
        ReferenceNetwork net = Architectures.builder("lab-alpha").seed(7).build();
        assertEquals(7L, net.seed());
        assertEquals(7L, net.parameters().get("seed"));
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
        assertTrue(Architectures.colorization("lab-unet", 3) instanceof LabUNet);
        assertEquals("lab-beta", Architectures.colorization("lab-beta", 3).id());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Architectures.colorization("inception-resnet-v2", 3));
        assertTrue(e.getMessage().contains("backbone") && e.getMessage().contains("lab-unet"), e.getMessage());
    }
}
