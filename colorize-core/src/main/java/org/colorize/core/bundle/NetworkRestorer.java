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
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
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
 * <p>Nothing is inflated without a bound: the configuration JSON is at most
 * {@link #MAX_CONFIGURATION_BYTES}; the parameter array must hold exactly the number of parameters the
 * configuration implies (the updater state at most {@link #MAX_UPDATER_STATES} times that), which is
 * checked from the array's header before anything is allocated, and its data at most
 * {@link ModelBundle#maxNetworkBytes()}. Declared entry sizes are checked before an entry is opened,
 * and inflated bytes are counted while reading.
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

    /** The updater state may hold up to this many values per parameter (AMSGrad keeps three). */
    static final long MAX_UPDATER_STATES = 3;

    /** Bytes allowed in an array entry beyond its header and values. */
    static final long ARRAY_SLACK = 64 << 10;

    /** The longest shape header of an array (rank 32). */
    static final long MAX_SHAPE_INFO = 2 * 32 + 4;

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
        checkEntries(zip, name, extra, false);
    }

    /**
     * As {@link #checkEntries(ZipFile, String, Set)}, and when {@code extraEntries} is set, also allows
     * the bundle's extra entries ({@link ModelBundle#EXTRA_ENTRY_PREFIX} and a valid name).
     *
     * @param zip the zip
     * @param name the file's name, for messages
     * @param extra the other entries allowed (the bundle's own)
     * @param extraEntries whether extra entries are allowed
     * @throws BundleFormatException naming the first entry that is not allowed
     */
    static void checkEntries(ZipFile zip, String name, Set<String> extra, boolean extraEntries)
            throws BundleFormatException {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String entry = entries.nextElement().getName();
            if (!NETWORK_ENTRIES.contains(entry) && !extra.contains(entry)
                    && !(extraEntries && ModelBundle.isExtraEntry(entry))) {
                throw new BundleFormatException(name + ": refused: entry '" + entry + "' is not one that colorize"
                        + " writes (allowed: " + String.join(", ", new TreeSet<>(union(extra)))
                        + (extraEntries ? ", " + ModelBundle.EXTRA_ENTRY_PREFIX + "NAME" : "")
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
            // A ComputationGraph configuration has "vertices"; a MultiLayerNetwork's has "confs".
            ComputationGraphConfiguration graphConf = null;
            MultiLayerConfiguration listConf = null;
            long numParams;
            if (json.contains("\"vertices\"")) {
                graphConf = ComputationGraphConfiguration.fromJson(json);
                numParams = numParams(graphConf);
            } else {
                listConf = MultiLayerConfiguration.fromJson(json);
                numParams = numParams(listConf);
            }
            if (numParams < 0) {
                throw new BundleFormatException(name + ": refused: " + ModelSerializer.CONFIGURATION_JSON
                        + " describes a network whose parameter count overflows");
            }
            long maxBytes = ModelBundle.maxNetworkBytes();
            INDArray params = array(zip, ModelSerializer.COEFFICIENTS_BIN, name, numParams, numParams, maxBytes);
            ZipEntry updaterEntry = zip.getEntry(ModelSerializer.UPDATER_BIN);
            INDArray updater = withUpdater && updaterEntry != null
                    ? array(zip, ModelSerializer.UPDATER_BIN, name, 0, MAX_UPDATER_STATES * numParams, MAX_UPDATER_STATES * maxBytes)
                    : null;
            if (graphConf != null) {
                graphConf.setDataType(params.dataType());
                ComputationGraph graph = new ComputationGraph(graphConf);
                graph.init(params, false);
                if (updater != null) {
                    graph.getUpdater().setStateViewArray(updater);
                }
                return graph;
            }
            listConf.setDataType(params.dataType());
            MultiLayerNetwork net = new MultiLayerNetwork(listConf);
            net.init(params, false);
            if (updater != null) {
                net.getUpdater().setStateViewArray(net, updater, false);
            }
            return net;
        } catch (BundleFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof BundleFormatException b) {
                    throw b;
                }
            }
            throw new BundleFormatException(name + ": corrupt model bundle: the network could not be restored ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    /** The number of parameters a graph configuration implies. */
    static long numParams(ComputationGraphConfiguration conf) {
        long n = 0;
        for (GraphVertex v : conf.getVertices().values()) {
            n = addParams(n, v.numParams(true));
        }
        return n;
    }

    /** The number of parameters a layer-list configuration implies. */
    static long numParams(MultiLayerConfiguration conf) {
        long n = 0;
        for (NeuralNetConfiguration c : conf.getConfs()) {
            n = addParams(n, c.getLayer().initializer().numParams(c));
        }
        return n;
    }

    private static long addParams(long total, long n) {
        if (n < 0 || total < 0) {
            return -1;
        }
        try {
            return Math.addExact(total, n);
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    /** The configuration JSON, with legacy class names mapped. */
    static String configuration(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(ModelSerializer.CONFIGURATION_JSON);
        if (e == null) {
            throw new BundleFormatException(name + ": corrupt model bundle: the network's "
                    + ModelSerializer.CONFIGURATION_JSON + " entry is missing");
        }
        byte[] bytes = BoundedEntries.read(zip, e, MAX_CONFIGURATION_BYTES, name, "a network configuration may have");
        String json = new String(bytes, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> m : LEGACY_CLASS_PREFIXES.entrySet()) {
            json = json.replace(m.getKey(), m.getValue());
        }
        return json;
    }

    /**
     * Reads a flat array entry ({@code Nd4j.write} format) of {@code minLength..maxLength} elements and at
     * most {@code maxBytes} bytes of data. Its header is read and checked first, so nothing is allocated
     * for a length the network does not imply, and nothing beyond the array is inflated.
     */
    private static INDArray array(ZipFile zip, String entry, String name, long minLength, long maxLength, long maxBytes)
            throws IOException {
        ZipEntry e = zip.getEntry(entry);
        if (e == null) {
            throw new BundleFormatException(name + ": corrupt model bundle: the network's " + entry + " entry is missing");
        }
        String why = "its network (" + minLength + (maxLength != minLength ? ".." + maxLength : "") + " parameters) needs";
        long coarse = saturatedAdd(saturatedMul(maxLength, 8), ARRAY_SLACK);
        BoundedEntries.checkDeclared(e, coarse, name, why);
        long headerBytes;
        long length;
        DataType type;
        Counting counting = new Counting(BoundedEntries.open(zip, e, coarse, name, why));
        try (DataInputStream in = new DataInputStream(counting)) {
            Header shape = header(in, name, entry);
            if (shape.length() < 1 || shape.length() > MAX_SHAPE_INFO
                    || (shape.type() != DataType.LONG && shape.type() != DataType.INT)) {
                throw new BundleFormatException(name + ": corrupt model bundle: " + entry + " has an invalid shape header ("
                        + shape.length() + " " + shape.type() + " values)");
            }
            in.skipNBytes(shape.length() * shape.type().width());
            Header data = header(in, name, entry);
            headerBytes = counting.count;
            length = data.length();
            type = data.type();
        } catch (java.io.EOFException x) {
            throw new BundleFormatException(name + ": corrupt or truncated model bundle: " + entry + " ends inside its header", x);
        }
        if (type != DataType.FLOAT && type != DataType.DOUBLE && type != DataType.HALF && type != DataType.BFLOAT16) {
            throw new BundleFormatException(name + ": refused: " + entry + " holds " + type
                    + " values; a network's parameters are FLOAT, DOUBLE, HALF or BFLOAT16");
        }
        if (length < minLength || length > maxLength) {
            throw new BundleFormatException(name + ": refused: " + entry + " declares " + length + " values, but "
                    + ModelSerializer.CONFIGURATION_JSON + " implies " + (minLength == maxLength ? minLength
                    : minLength + ".." + maxLength) + " (not read)");
        }
        long dataBytes = length * type.width();
        if (dataBytes > maxBytes) {
            throw new BundleFormatException(name + ": refused: " + entry + " holds " + Settings.size(dataBytes)
                    + ", more than the limit of " + Settings.size(maxBytes) + " (-D" + ModelBundle.MAX_NETWORK_BYTES_PROPERTY
                    + " / " + ModelBundle.MAX_NETWORK_BYTES_ENV + ")");
        }
        long exact = headerBytes + dataBytes;
        BoundedEntries.checkDeclared(e, exact + ARRAY_SLACK, name, "its " + length + " " + type + " values need");
        try (DataInputStream in = new DataInputStream(BoundedEntries.open(zip, e, exact + ARRAY_SLACK, name,
                "its " + length + " " + type + " values need"))) {
            return Nd4j.read(in);
        }
    }

    private record Header(long length, DataType type) {
    }

    /** One {@code DataBuffer} header: allocation mode, length (int or long by mode), data type. */
    private static Header header(DataInputStream in, String name, String entry) throws IOException {
        String modeName = in.readUTF();
        DataBuffer.AllocationMode mode;
        DataType type;
        try {
            mode = DataBuffer.AllocationMode.valueOf(modeName);
        } catch (IllegalArgumentException x) {
            throw new BundleFormatException(name + ": corrupt model bundle: " + entry + " is not an ND4J array (allocation mode '"
                    + (modeName.length() > 40 ? modeName.substring(0, 40) + "..." : modeName) + "')");
        }
        long length = mode.ordinal() < DataBuffer.AllocationMode.LONG_SHAPE.ordinal() ? in.readInt() : in.readLong();
        String typeName = in.readUTF();
        try {
            type = DataType.valueOf(typeName);
        } catch (IllegalArgumentException x) {
            throw new BundleFormatException(name + ": corrupt model bundle: " + entry + " has an unknown data type '"
                    + (typeName.length() > 40 ? typeName.substring(0, 40) + "..." : typeName) + "'");
        }
        if (length < 0) {
            throw new BundleFormatException(name + ": corrupt model bundle: " + entry + " declares a negative length " + length);
        }
        return new Header(length, type);
    }

    private static long saturatedMul(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException x) {
            return Long.MAX_VALUE;
        }
    }

    private static long saturatedAdd(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException x) {
            return Long.MAX_VALUE;
        }
    }

    /** A stream that counts the bytes read through it. */
    private static final class Counting extends java.io.FilterInputStream {
        private long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long k = super.skip(n);
            count += Math.max(0, k);
            return k;
        }
    }
}
