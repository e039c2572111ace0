package org.colorize.core.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.colorize.core.layers.OneDnnConvolution2D;
import org.colorize.core.model.ModelKind;
import org.colorize.core.model.WorkingSize;
import org.colorize.core.testing.TinyModels;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** A model file is untrusted input: loading it never runs Java deserialization, and old bundles still load. */
class UntrustedBundleTest {

    @TempDir
    Path tmp;

    /** Writes a file named by {@link #TARGET} when deserialized: the canary must never fire. */
    static final class Canary implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile Path target;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            Files.writeString(target, "deserialized");
        }
    }

    @AfterEach
    void reset() {
        Canary.target = null;
    }

    /** A copy of {@code src} with its configuration rewritten and extra entries added. */
    private static Path copy(Path src, Path dst, UnaryOperator<String> configuration, String extraName, byte[] extra)
            throws IOException {
        try (ZipFile in = new ZipFile(src.toFile()); ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(dst))) {
            Enumeration<? extends ZipEntry> en = in.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                zip.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals(ModelSerializer.CONFIGURATION_JSON)) {
                    String json = new String(in.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
                    zip.write(configuration.apply(json).getBytes(StandardCharsets.UTF_8));
                } else {
                    in.getInputStream(e).transferTo(zip);
                }
                zip.closeEntry();
            }
            if (extraName != null) {
                zip.putNextEntry(new ZipEntry(extraName));
                zip.write(extra);
                zip.closeEntry();
            }
        }
        return dst;
    }

    private static byte[] serialized(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    @Test
    void serializedObjectInABundleIsRefusedAndNeverRuns() throws IOException {
        Path good = tmp.resolve("good.zip");
        TinyModels.grayToRgb().save(good);
        Path hostile = copy(good, tmp.resolve("hostile.zip"), UnaryOperator.identity(), ModelSerializer.PREPROCESSOR_BIN,
                serialized(new Canary()));
        Path fired = tmp.resolve("canary-fired");
        Canary.target = fired;

        // The threat is real: DL4J's own loader deserializes the entry.
        try {
            ModelSerializer.restoreMultiLayerNetwork(hostile.toFile(), false);
        } catch (RuntimeException e) {
            // whatever it does with the object afterwards, readObject has run
        }
        assertTrue(Files.exists(fired), "DL4J's ModelSerializer ran readObject (the test's premise)");
        Files.delete(fired);

        BundleFormatException e = assertThrows(BundleFormatException.class, () -> ModelBundle.load(hostile));
        assertTrue(e.getMessage().contains(hostile.toString()) && e.getMessage().contains(ModelSerializer.PREPROCESSOR_BIN),
                e.getMessage());
        assertFalse(Files.exists(fired), "loading a bundle must never deserialize");
        try (var in = Files.newInputStream(hostile)) {
            assertThrows(BundleFormatException.class, () -> ModelBundle.load(in, "upload"));
        }
        assertFalse(Files.exists(fired), "loading a bundle must never deserialize");
    }

    @Test
    void unknownEntryIsRefusedByName() throws IOException {
        Path good = tmp.resolve("good.zip");
        TinyModels.grayToRgb().save(good);
        Path extra = copy(good, tmp.resolve("extra.zip"), UnaryOperator.identity(), "notes.txt", new byte[] {1, 2});
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> ModelBundle.load(extra));
        assertTrue(e.getMessage().contains("'notes.txt'") && e.getMessage().contains(extra.toString()), e.getMessage());
    }

    @Test
    void extraEntriesRoundTripAndOnlyTheirFolderIsAllowed() throws IOException {
        byte[] state = "{\"epochsDone\":3}".getBytes(StandardCharsets.UTF_8);
        ModelBundle bundle = TinyModels.grayToRgb().withExtraEntry("state.json", state);
        Path file = tmp.resolve("with-extra.zip");
        bundle.save(file, false);
        assertArrayEquals(state, ModelBundle.readExtraEntry(file, "state.json").orElseThrow());
        assertFalse(ModelBundle.readExtraEntry(file, "other.json").isPresent());
        ModelBundle loaded = ModelBundle.load(file);
        assertArrayEquals(state, loaded.extraEntry("state.json").orElseThrow());
        assertTrue(loaded.withMetadata(loaded.metadata()).extraEntry("state.json").isPresent(), "kept by withMetadata");
        assertFalse(loaded.withoutExtraEntry("state.json").extraEntry("state.json").isPresent());
        assertTrue(ModelBundle.load(tmp.resolve("with-extra.zip")).extraEntryNames().contains("state.json"));

        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> bundle.withExtraEntry("../x", state));
        assertTrue(bad.getMessage().contains("'../x'"), bad.getMessage());
        bad = assertThrows(IllegalArgumentException.class,
                () -> bundle.withExtraEntry("big", new byte[ModelBundle.MAX_EXTRA_ENTRY_BYTES + 1]));
        assertTrue(bad.getMessage().contains("'big'"), bad.getMessage());
        // Only a valid name in the extra folder is allowed: a nested path there is refused like any unknown entry.
        Path nested = copy(file, tmp.resolve("nested.zip"), UnaryOperator.identity(), ModelBundle.EXTRA_ENTRY_PREFIX + "a/b",
                new byte[] {1});
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> ModelBundle.load(nested));
        assertTrue(e.getMessage().contains("'" + ModelBundle.EXTRA_ENTRY_PREFIX + "a/b'"), e.getMessage());
        assertTrue(ModelBundle.loadNetwork(file, false) instanceof MultiLayerNetwork, "the network alone loads too");
    }

    @Test
    void bundlesNamingTheOldLayerPackageStillLoad() throws IOException {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .weightInit(WeightInit.XAVIER_UNIFORM).updater(new Adam(1e-3)).list()
                .layer(OneDnnConvolution2D.of(new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.TANH)
                        .convolutionMode(ConvolutionMode.Same).dataFormat(CNN2DFormat.NCHW)))
                .layer(new CnnLossLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(8, 8, 1)).build());
        net.init();
        ModelBundle bundle = ModelBundle.of(net, ModelMetadata.builder(ModelKind.L_TO_AB, WorkingSize.fixed(8, 8))
                .architecture("tiny-onednn").provenance("trainingData", "none (random weights)").build());
        Path now = tmp.resolve("now.zip");
        bundle.save(now, false);
        Path old = copy(now, tmp.resolve("old.zip"),
                json -> {
                    assertTrue(json.contains("\"org.colorize.core.layers.OneDnnConvolution2D\""), "the test's premise");
                    return json.replace("\"org.colorize.core.layers.", "\"org.colorize.models.layers.");
                }, null, null);
        ModelBundle loaded = ModelBundle.load(old);
        assertTrue(loaded.network() instanceof MultiLayerNetwork m
                && m.getLayerWiseConfigurations().getConf(0).getLayer() instanceof OneDnnConvolution2D);
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 1, 8, 8);
        assertArrayEquals(net.output(x).data().asFloat(), ((MultiLayerNetwork) loaded.network()).output(x).data().asFloat(),
                0f);
    }
}
