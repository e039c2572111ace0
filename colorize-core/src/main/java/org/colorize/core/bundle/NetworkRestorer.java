package org.colorize.core.bundle;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.colorize.core.nd4j.OneDnnHelpers;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Restores the DL4J network of a bundle the way {@code ModelSerializer.restore*} does (configuration
 * JSON, then the flat parameter array, then optionally the updater state), but reading only the
 * entries this project writes.
 *
 * <p>Why not {@code ModelSerializer}: in DL4J 1.0.0-M2.1 it hands a {@code preprocessor.bin} entry, if
 * the zip has one, to a plain {@link java.io.ObjectInputStream}, so a crafted model file would run the
 * {@code readObject} of any class on the class path. Here a bundle with any entry outside
 * {@link #NETWORK_ENTRIES} (plus the bundle's own entries) is refused before anything is read, and no
 * Java deserialization happens at all.
 *
 * <p>Bundles written before the custom layers moved to colorize-core name them
 * {@code org.colorize.models.layers.*}; {@link #LEGACY_CLASS_PREFIXES} maps those names.
 */
final class NetworkRestorer {

    /** The DL4J entries of a network zip that are read; every other DL4J entry is refused. */
    static final Set<String> NETWORK_ENTRIES = Set.of(ModelSerializer.CONFIGURATION_JSON,
            ModelSerializer.COEFFICIENTS_BIN, ModelSerializer.UPDATER_BIN);

    /** Old package of a class name in a network configuration -> its package now. */
    static final Map<String, String> LEGACY_CLASS_PREFIXES = Map.of(
            "\"org.colorize.models.layers.", "\"org.colorize.core.layers.");

    /** The largest network configuration JSON read (the reference networks' are under 1 MB). */
    static final int MAX_CONFIGURATION_BYTES = 32 << 20;

    private NetworkRestorer() {
    }

    /**
     * Refuses a zip with an entry that is neither in {@link #NETWORK_ENTRIES} nor in {@code extra}.
     *
     * @param zip the zip
     * @param name the file's name, for messages
     * @param extra the other entries allowed (the bundle's own)
     * @throws BundleFormatException naming the first entry that is not allowed
     */
    static void checkEntries(ZipFile zip, String name, Set<String> extra) throws BundleFormatException {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String entry = entries.nextElement().getName();
            if (!NETWORK_ENTRIES.contains(entry) && !extra.contains(entry)) {
                throw new BundleFormatException(name + ": refused: entry '" + entry + "' is not one that colorize"
                        + " writes (allowed: " + String.join(", ", new TreeSet<>(union(extra)))
                        + "); a model file never needs Java serialization, and entries such as "
                        + ModelSerializer.PREPROCESSOR_BIN + " would run it");
            }
        }
    }

    private static Set<String> union(Set<String> extra) {
        Set<String> all = new HashSet<>(NETWORK_ENTRIES);
        all.addAll(extra);
        return all;
    }

    /**
     * Restores the network of a zip whose entries were checked with {@link #checkEntries}.
     *
     * @param zip the zip
     * @param name the file's name, for messages
     * @param withUpdater whether to restore the updater state too (when the zip has one)
     * @return a {@link ComputationGraph} or {@link MultiLayerNetwork}
     * @throws BundleFormatException if an entry is missing, too large, or does not restore
     * @throws IOException if the zip cannot be read
     */
    static Model restore(ZipFile zip, String name, boolean withUpdater) throws IOException {
        // Layers pick their oneDNN helper when they are created: switch helpers on before restoring.
        OneDnnHelpers.enable();
        String json = configuration(zip, name);
        try {
            INDArray params = array(zip, ModelSerializer.COEFFICIENTS_BIN, name);
            ZipEntry updaterEntry = zip.getEntry(ModelSerializer.UPDATER_BIN);
            INDArray updater = withUpdater && updaterEntry != null ? array(zip, ModelSerializer.UPDATER_BIN, name) : null;
            // A ComputationGraph configuration has "vertices"; a MultiLayerNetwork's has "confs".
            if (json.contains("\"vertices\"")) {
                ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(json);
                conf.setDataType(params.dataType());
                ComputationGraph graph = new ComputationGraph(conf);
                graph.init(params, false);
                if (updater != null) {
                    graph.getUpdater().setStateViewArray(updater);
                }
                return graph;
            }
            MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(json);
            conf.setDataType(params.dataType());
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init(params, false);
            if (updater != null) {
                net.getUpdater().setStateViewArray(net, updater, false);
            }
            return net;
        } catch (BundleFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BundleFormatException(name + ": corrupt model bundle: the network could not be restored ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    /** The configuration JSON, with legacy class names mapped. */
    static String configuration(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(ModelSerializer.CONFIGURATION_JSON);
        if (e == null) {
            throw new BundleFormatException(name + ": corrupt model bundle: the network's "
                    + ModelSerializer.CONFIGURATION_JSON + " entry is missing");
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(e)) {
            bytes = in.readNBytes(MAX_CONFIGURATION_BYTES + 1);
        }
        if (bytes.length > MAX_CONFIGURATION_BYTES) {
            throw new BundleFormatException(name + ": refused: " + ModelSerializer.CONFIGURATION_JSON + " is larger than "
                    + (MAX_CONFIGURATION_BYTES >> 20) + " MiB");
        }
        String json = new String(bytes, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> m : LEGACY_CLASS_PREFIXES.entrySet()) {
            json = json.replace(m.getKey(), m.getValue());
        }
        return json;
    }

    private static INDArray array(ZipFile zip, String entry, String name) throws IOException {
        ZipEntry e = zip.getEntry(entry);
        if (e == null) {
            throw new BundleFormatException(name + ": corrupt model bundle: the network's " + entry + " entry is missing");
        }
        try (DataInputStream in = new DataInputStream(zip.getInputStream(e))) {
            return Nd4j.read(in);
        }
    }
}
