package org.colorize.core.bundle;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.colorize.core.internal.AtomicFiles;
import org.colorize.core.model.Embedder;
import org.colorize.core.model.ModelKind;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A colorization model on disk and in memory: a DL4J network, its {@link ModelMetadata}, and for
 * fusion models the embedding network.
 *
 * <p>The file is a DL4J {@link ModelSerializer} zip (so DL4J itself can restore the network from it)
 * with two more entries: {@value #METADATA_ENTRY} and, for fusion models, {@value #EMBEDDER_ENTRY} (the
 * embedding network as a nested ModelSerializer zip), plus any {@linkplain #withExtraEntry extra entries}
 * an application attaches (such as a trainer's resume state), each under {@value #EXTRA_ENTRY_PREFIX}.
 * Nothing in it uses Java serialization, and loading refuses a file with any other entry (DL4J's own {@code ModelSerializer} would hand a
 * {@code preprocessor.bin} entry to Java deserialization; loading here never calls it).
 *
 * <p>Loading inflates nothing without a bound: {@value #METADATA_ENTRY} at most
 * {@link #MAX_METADATA_BYTES}, the parameters exactly as many as the network's configuration implies
 * and at most {@link #maxNetworkBytes()}, the embedded network likewise; every metadata field is
 * range-checked ({@link ModelMetadata#fromJson}); extra entries at most {@link #MAX_EXTRA_ENTRY_BYTES}
 * each, at most {@link #MAX_EXTRA_ENTRIES} of them.
 *
 * <pre>{@code
 * ModelBundle bundle = ModelBundle.of(network, metadata);
 * bundle.save(Path.of("my-model.zip"));            // atomic: a temp file, then a move
 * ModelBundle again = ModelBundle.load(Path.of("my-model.zip"));
 * }</pre>
 */
public final class ModelBundle implements AutoCloseable {

    /** The zip entry that holds the metadata. */
    public static final String METADATA_ENTRY = "metadata.json";
    /** The zip entry that holds the embedding network of a fusion model. */
    public static final String EMBEDDER_ENTRY = "embedder.zip";

    /** The folder of the zip that holds the {@linkplain #withExtraEntry extra entries}. */
    public static final String EXTRA_ENTRY_PREFIX = "extra/";
    /** The largest extra entry read. */
    public static final int MAX_EXTRA_ENTRY_BYTES = 1 << 20;
    /** The most extra entries a bundle may hold. */
    public static final int MAX_EXTRA_ENTRIES = 16;
    private static final java.util.regex.Pattern EXTRA_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The largest {@value #METADATA_ENTRY} read (a bins model with 4096 bins writes about 0.5 MiB). */
    public static final int MAX_METADATA_BYTES = 4 << 20;

    /** System property: the most bytes a network's parameter array may hold (e.g. {@code 2g}, {@code 500m}). */
    public static final String MAX_NETWORK_BYTES_PROPERTY = "colorize.bundle.maxNetworkBytes";
    /** Environment variable read when {@link #MAX_NETWORK_BYTES_PROPERTY} is not set. */
    public static final String MAX_NETWORK_BYTES_ENV = "COLORIZE_BUNDLE_MAX_NETWORK_BYTES";
    /** The default of {@link #maxNetworkBytes()}: 2 GiB (512 M float parameters). */
    public static final long DEFAULT_MAX_NETWORK_BYTES = 2L << 30;

    private final Model network;
    private final ModelMetadata metadata;
    private final Model embedderNetwork;
    /** Extra entries by name (without {@link #EXTRA_ENTRY_PREFIX}), in insertion order; never modified. */
    private final Map<String, byte[]> extras;
    /** Set once a {@link org.colorize.core.Colorizer} took the networks over ({@link #claim()}). */
    private final java.util.concurrent.atomic.AtomicBoolean owned = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;

    private ModelBundle(Model network, ModelMetadata metadata, Model embedderNetwork, Map<String, byte[]> extras) {
        this.network = network;
        this.metadata = metadata;
        this.embedderNetwork = embedderNetwork;
        this.extras = extras;
    }

    /**
     * A bundle of a network and its metadata. For an {@link ModelKind#L_EMBEDDING_TO_AB} model, add the
     * embedding network with {@link #withEmbedder(Model)}.
     *
     * @param network a {@link MultiLayerNetwork} or {@link ComputationGraph}, initialised
     * @param metadata what the network is
     * @return the bundle
     * @throws IllegalArgumentException if the network is of another type
     */
    public static ModelBundle of(Model network, ModelMetadata metadata) {
        checkNetwork(network, "network");
        return new ModelBundle(network, Objects.requireNonNull(metadata, "metadata"), null, Map.of());
    }

    /**
     * A copy of this bundle with the embedding network of a fusion model. Its input and output are
     * described by the metadata's {@link ModelMetadata#embedder()}.
     *
     * @param embedderNetwork a {@link MultiLayerNetwork} or {@link ComputationGraph}
     * @return the new bundle
     * @throws IllegalArgumentException if the metadata declares no embedder
     */
    public ModelBundle withEmbedder(Model embedderNetwork) {
        checkNetwork(embedderNetwork, "embedderNetwork");
        if (metadata.embedder().isEmpty()) {
            throw new IllegalArgumentException("the metadata of this " + metadata.kind()
                    + " bundle declares no embedder; set ModelMetadata.Builder.embedder(...) first");
        }
        return new ModelBundle(network, metadata, embedderNetwork, extras);
    }

    /**
     * A copy of this bundle with one more extra entry (or another content for it): bytes that the bundle
     * stores and loads back unread, for an application's own data, e.g. a trainer's resume state. Colorize
     * itself never interprets them. The new bundle shares the networks.
     *
     * @param name the entry's name: letters, digits, '.', '_' or '-', at most 64 characters, e.g.
     *     {@code training-state.json}; stored as {@value #EXTRA_ENTRY_PREFIX}{@code name}
     * @param content at most {@link #MAX_EXTRA_ENTRY_BYTES} bytes (copied)
     * @return the new bundle
     * @throws IllegalArgumentException if the name or size is not allowed, or there would be more than
     *     {@link #MAX_EXTRA_ENTRIES} entries
     */
    public ModelBundle withExtraEntry(String name, byte[] content) {
        if (name == null || !EXTRA_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("extra entry name must be 1-64 letters, digits, '.', '_' or '-'"
                    + " (not starting with '.', '_' or '-'), was " + (name == null ? null : "'" + name + "'"));
        }
        if (Objects.requireNonNull(content, "content").length > MAX_EXTRA_ENTRY_BYTES) {
            throw new IllegalArgumentException("extra entry '" + name + "' has " + content.length
                    + " bytes; at most " + MAX_EXTRA_ENTRY_BYTES + " are allowed");
        }
        Map<String, byte[]> next = new LinkedHashMap<>(extras);
        next.put(name, content.clone());
        if (next.size() > MAX_EXTRA_ENTRIES) {
            throw new IllegalArgumentException("a bundle holds at most " + MAX_EXTRA_ENTRIES + " extra entries");
        }
        return new ModelBundle(network, metadata, embedderNetwork, Collections.unmodifiableMap(next));
    }

    /**
     * A copy of this bundle without one extra entry (the same bundle's content when it has none of that name).
     *
     * @param name the entry's name, as given to {@link #withExtraEntry}
     * @return the new bundle, sharing the networks
     */
    public ModelBundle withoutExtraEntry(String name) {
        Map<String, byte[]> next = new LinkedHashMap<>(extras);
        next.remove(name);
        return new ModelBundle(network, metadata, embedderNetwork, Collections.unmodifiableMap(next));
    }

    /**
     * @param name an extra entry's name, as given to {@link #withExtraEntry}
     * @return a copy of its bytes, or empty when the bundle has no such entry
     */
    public Optional<byte[]> extraEntry(String name) {
        byte[] b = extras.get(name);
        return b == null ? Optional.empty() : Optional.of(b.clone());
    }

    /** @return the names of the extra entries, in the order they were added (or stored) */
    public Set<String> extraEntryNames() {
        return Collections.unmodifiableSet(extras.keySet());
    }

    /** Whether a zip entry name is an extra entry: {@link #EXTRA_ENTRY_PREFIX} and a valid name. */
    static boolean isExtraEntry(String zipEntryName) {
        return zipEntryName.startsWith(EXTRA_ENTRY_PREFIX)
                && EXTRA_NAME.matcher(zipEntryName.substring(EXTRA_ENTRY_PREFIX.length())).matches();
    }

    /**
     * A copy of this bundle with other metadata (same networks, not copied: the new bundle shares them).
     *
     * @param newMetadata the metadata, of the same kind
     * @return the new bundle
     * @throws IllegalArgumentException if the kind differs
     */
    public ModelBundle withMetadata(ModelMetadata newMetadata) {
        if (newMetadata.kind() != metadata.kind()) {
            throw new IllegalArgumentException("metadata of kind " + newMetadata.kind() + " for a " + metadata.kind() + " bundle");
        }
        return new ModelBundle(network, newMetadata, embedderNetwork, extras);
    }

    private static void checkNetwork(Model network, String what) {
        Objects.requireNonNull(network, what);
        if (!(network instanceof MultiLayerNetwork) && !(network instanceof ComputationGraph)) {
            throw new IllegalArgumentException(what + " must be a MultiLayerNetwork or ComputationGraph, was "
                    + network.getClass().getName());
        }
    }

    /**
     * @return the network ({@link MultiLayerNetwork} or {@link ComputationGraph})
     * @throws IllegalStateException if the bundle is closed (its native memory was freed)
     */
    public Model network() {
        checkOpen();
        return network;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this ModelBundle (" + metadata.architecture() + ") is closed: its network was freed");
        }
    }

    /**
     * Marks this bundle as owned by one colorizer, which closes it when it is closed. A {@code Colorizer}
     * made from a bundle ({@code Colorizer.of(bundle)}, {@code Colorizer.builder().model(bundle)}) calls it:
     * the networks' native memory then has exactly one owner, and a second colorizer on the same bundle is
     * refused instead of failing later on freed memory. To colorize with one network at several
     * vividness values, use {@code ColorizationPipeline.withVividness}.
     *
     * @throws IllegalStateException if another colorizer owns it already, or it is closed
     */
    public void claim() {
        checkOpen();
        if (!owned.compareAndSet(false, true)) {
            throw new IllegalStateException("this ModelBundle (" + metadata.architecture() + ") already belongs to a"
                    + " Colorizer, which frees its network when closed; load the model again for a second colorizer,"
                    + " or use ColorizationPipeline.withVividness for another vividness on the same network");
        }
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Frees the networks' native memory (ND4J arrays off the Java heap). Afterwards {@link #network()}
     * throws. Closing twice does nothing. A colorizer that owns the bundle closes it; close a bundle
     * yourself only when no colorizer was made from it.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        free(network);
        if (embedderNetwork != null) {
            free(embedderNetwork);
        }
    }

    private static void free(Model m) {
        synchronized (m) {
            if (m instanceof MultiLayerNetwork mln) {
                mln.close();
            } else if (m instanceof ComputationGraph cg) {
                cg.close();
            }
        }
    }

    /** @return the metadata */
    public ModelMetadata metadata() {
        return metadata;
    }

    /** @return the embedding network of a fusion model */
    public Optional<Model> embedderNetwork() {
        return Optional.ofNullable(embedderNetwork);
    }

    /** @return the embedder of a fusion model, built from the embedding network and the metadata */
    public Optional<Embedder> embedder() {
        if (embedderNetwork == null) {
            return Optional.empty();
        }
        return Optional.of(new NetworkEmbedder(embedderNetwork, metadata.embedder().orElseThrow()));
    }

    /**
     * Writes the bundle atomically: to a temporary file beside {@code path}, then moved into place, so
     * that {@code path} is never left half-written. The network's updater state is saved too, so that
     * training can resume from the file.
     *
     * @param path the file to write (its parent folder is created when missing)
     * @throws IOException if it cannot be written
     */
    public void save(Path path) throws IOException {
        save(path, true);
    }

    /**
     * Writes the bundle atomically, as {@link #save(Path)}.
     *
     * @param path the file to write
     * @param withUpdater whether to include the updater state (needed to resume training; larger file)
     * @throws IOException if it cannot be written
     */
    public void save(Path path, boolean withUpdater) throws IOException {
        AtomicFiles.write(path, out -> write(out, withUpdater));
    }

    /**
     * Writes the bundle to a stream (not closed).
     *
     * @param out the stream
     * @param withUpdater whether to include the updater state
     * @throws IOException if writing fails
     */
    public void write(OutputStream out, boolean withUpdater) throws IOException {
        Path netZip = Files.createTempFile("colorize-net", ".zip");
        Path embZip = null;
        try {
            ModelSerializer.writeModel(network, netZip.toFile(), withUpdater);
            if (embedderNetwork != null) {
                embZip = Files.createTempFile("colorize-embedder", ".zip");
                ModelSerializer.writeModel(embedderNetwork, embZip.toFile(), false);
            }
            ZipOutputStream zip = new ZipOutputStream(out);
            ZipEntry md = new ZipEntry(METADATA_ENTRY);
            zip.putNextEntry(md);
            zip.write(metadata.toJson().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            for (Map.Entry<String, byte[]> extra : extras.entrySet()) {
                zip.putNextEntry(new ZipEntry(EXTRA_ENTRY_PREFIX + extra.getKey()));
                zip.write(extra.getValue());
                zip.closeEntry();
            }
            try (ZipFile src = new ZipFile(netZip.toFile())) {
                Enumeration<? extends ZipEntry> entries = src.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry e = entries.nextElement();
                    zip.putNextEntry(new ZipEntry(e.getName()));
                    try (InputStream in = src.getInputStream(e)) {
                        in.transferTo(zip);
                    }
                    zip.closeEntry();
                }
            }
            if (embZip != null) {
                // Stored, not deflated: it is a zip already.
                ZipEntry e = new ZipEntry(EMBEDDER_ENTRY);
                e.setMethod(ZipEntry.STORED);
                e.setSize(Files.size(embZip));
                CRC32 crc = new CRC32();
                try (InputStream in = new BufferedInputStream(Files.newInputStream(embZip))) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        crc.update(buf, 0, n);
                    }
                }
                e.setCrc(crc.getValue());
                zip.putNextEntry(e);
                Files.copy(embZip, zip);
                zip.closeEntry();
            }
            zip.finish();
        } finally {
            Files.deleteIfExists(netZip);
            if (embZip != null) {
                Files.deleteIfExists(embZip);
            }
        }
    }

    /**
     * Restores a plain DL4J model zip (as {@code ModelSerializer.writeModel} writes it, without colorize
     * metadata), reading only its configuration, parameters and updater state: unlike
     * {@code ModelSerializer.restore*}, never Java deserialization (a zip with any other entry is refused).
     *
     * @param path the zip
     * @param withUpdater whether to restore the updater state too
     * @return the {@link ComputationGraph} or {@link MultiLayerNetwork}
     * @throws NoSuchFileException if the file does not exist
     * @throws BundleFormatException if it is not a readable DL4J model zip or has other entries
     * @throws IOException if it cannot be read
     */
    public static Model loadNetwork(Path path, boolean withUpdater) throws IOException {
        String name = path.toString();
        if (!Files.exists(path)) {
            throw new NoSuchFileException(name, null, "model file not found");
        }
        try (ZipFile zip = new ZipFile(path.toFile())) {
            NetworkRestorer.checkEntries(zip, name, Set.of(METADATA_ENTRY), true);
            return NetworkRestorer.restore(zip, name, withUpdater);
        } catch (ZipException e) {
            throw new BundleFormatException(name + ": corrupt or truncated model zip (" + e.getMessage() + ")", e);
        } catch (java.io.EOFException | java.io.CharConversionException e) {
            throw uninflatable(name, e);
        }
    }

    /**
     * Reads only the metadata of a bundle file, without restoring its network.
     *
     * @param path the bundle file
     * @return its metadata
     * @throws NoSuchFileException if the file does not exist
     * @throws BundleFormatException if it is not a readable bundle or its metadata is invalid
     * @throws IOException if it cannot be read
     */
    public static ModelMetadata readMetadata(Path path) throws IOException {
        String name = path.toString();
        if (!Files.exists(path)) {
            throw new NoSuchFileException(name, null, "model bundle not found");
        }
        try (ZipFile zip = new ZipFile(path.toFile())) {
            ZipEntry md = zip.getEntry(METADATA_ENTRY);
            if (md == null) {
                throw new BundleFormatException(name + ": not a colorize model bundle: it has no " + METADATA_ENTRY + " entry");
            }
            return readMetadata(zip, md, name);
        } catch (ZipException e) {
            throw new BundleFormatException(name + ": corrupt or truncated model bundle (not a readable zip: "
                    + e.getMessage() + ")", e);
        } catch (java.io.EOFException | java.io.CharConversionException e) {
            throw uninflatable(name, e);
        }
    }

    /**
     * Reads one extra entry of a bundle file, without restoring its network.
     *
     * @param path the bundle file
     * @param name the entry's name, as given to {@link #withExtraEntry}
     * @return its bytes, or empty when the bundle has no such entry
     * @throws NoSuchFileException if the file does not exist
     * @throws BundleFormatException if it is not a readable zip or the entry is too large
     * @throws IOException if it cannot be read
     */
    public static Optional<byte[]> readExtraEntry(Path path, String name) throws IOException {
        String file = path.toString();
        if (!Files.exists(path)) {
            throw new NoSuchFileException(file, null, "model bundle not found");
        }
        try (ZipFile zip = new ZipFile(path.toFile())) {
            ZipEntry e = zip.getEntry(EXTRA_ENTRY_PREFIX + name);
            return e == null ? Optional.empty() : Optional.of(readExtra(zip, e, file));
        } catch (ZipException e) {
            throw new BundleFormatException(file + ": corrupt or truncated model bundle (not a readable zip: "
                    + e.getMessage() + ")", e);
        } catch (java.io.EOFException | java.io.CharConversionException e) {
            throw uninflatable(file, e);
        }
    }

    private static byte[] readExtra(ZipFile zip, ZipEntry e, String name) throws IOException {
        return BoundedEntries.read(zip, e, MAX_EXTRA_ENTRY_BYTES, name, "an extra entry may have");
    }

    /** Reads every extra entry of a zip whose entries were checked, at most {@link #MAX_EXTRA_ENTRIES}. */
    private static Map<String, byte[]> readExtras(ZipFile zip, String name) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry e = entries.nextElement();
            if (isExtraEntry(e.getName())) {
                if (out.size() == MAX_EXTRA_ENTRIES) {
                    throw new BundleFormatException(name + ": more than " + MAX_EXTRA_ENTRIES + " extra entries");
                }
                out.put(e.getName().substring(EXTRA_ENTRY_PREFIX.length()), readExtra(zip, e, name));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The most bytes the parameters of one network in a bundle may take: {@link #MAX_NETWORK_BYTES_PROPERTY},
     * else {@link #MAX_NETWORK_BYTES_ENV}, else {@value #DEFAULT_MAX_NETWORK_BYTES}. Loading refuses a
     * bundle whose parameter array (or embedded {@value #EMBEDDER_ENTRY}) is larger, before reading it;
     * the updater state may be up to three times larger.
     *
     * @return the limit in bytes
     * @throws IllegalArgumentException if the setting is not a positive byte count
     */
    public static long maxNetworkBytes() {
        return Settings.bytes(MAX_NETWORK_BYTES_PROPERTY, MAX_NETWORK_BYTES_ENV, DEFAULT_MAX_NETWORK_BYTES);
    }

    /** Damaged compressed data inside an entry: the zip's framing was fine, its content is not. */
    private static BundleFormatException uninflatable(String name, IOException e) {
        return new BundleFormatException(name + ": corrupt model bundle: an entry could not be inflated ("
                + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
    }

    /**
     * Loads a bundle for inference (without the updater state).
     *
     * @param path the bundle file
     * @return the bundle
     * @throws NoSuchFileException if the file does not exist
     * @throws BundleFormatException if it is truncated, corrupt, not a bundle, or of an unsupported version
     * @throws IOException if it cannot be read
     */
    public static ModelBundle load(Path path) throws IOException {
        return load(path, false);
    }

    /**
     * Loads a bundle.
     *
     * @param path the bundle file
     * @param withUpdater whether to restore the updater state too (to resume training)
     * @return the bundle
     * @throws NoSuchFileException if the file does not exist
     * @throws BundleFormatException if it is truncated, corrupt, not a bundle, or of an unsupported version
     * @throws IOException if it cannot be read
     */
    public static ModelBundle load(Path path, boolean withUpdater) throws IOException {
        String name = path.toString();
        if (!Files.exists(path)) {
            throw new NoSuchFileException(name, null, "model bundle not found");
        }
        if (Files.isDirectory(path)) {
            throw new BundleFormatException(name + ": is a directory, not a model bundle file");
        }
        ModelMetadata metadata;
        boolean hasEmbedder;
        try (ZipFile zip = new ZipFile(path.toFile())) {
            ZipEntry md = zip.getEntry(METADATA_ENTRY);
            if (md == null) {
                throw new BundleFormatException(name + ": not a colorize model bundle: it has no " + METADATA_ENTRY
                        + " entry" + (zip.getEntry(ModelSerializer.CONFIGURATION_JSON) != null
                        ? " (it looks like a plain DL4J model zip: wrap it with ModelBundle.of(network, metadata))" : ""));
            }
            NetworkRestorer.checkEntries(zip, name, Set.of(METADATA_ENTRY, EMBEDDER_ENTRY), true);
            metadata = readMetadata(zip, md, name);
            Map<String, byte[]> extras = readExtras(zip, name);
            hasEmbedder = zip.getEntry(EMBEDDER_ENTRY) != null;
            if (metadata.kind() == ModelKind.L_EMBEDDING_TO_AB && !hasEmbedder) {
                throw new BundleFormatException(name + ": a " + metadata.kind() + " bundle must hold its embedding network ("
                        + EMBEDDER_ENTRY + " entry), and this one does not");
            }
            Model network = NetworkRestorer.restore(zip, name, withUpdater);
            Model embedder = null;
            if (hasEmbedder) {
                Path tmp = Files.createTempFile("colorize-embedder", ".zip");
                try {
                    BoundedEntries.copy(zip, zip.getEntry(EMBEDDER_ENTRY), maxEmbedderBytes(), tmp, name,
                            "an embedding network may have (-D" + MAX_NETWORK_BYTES_PROPERTY + " plus its configuration)");
                    String embName = name + "!/" + EMBEDDER_ENTRY;
                    try (ZipFile emb = new ZipFile(tmp.toFile())) {
                        NetworkRestorer.checkEntries(emb, embName, Set.of());
                        embedder = NetworkRestorer.restore(emb, embName, false);
                    }
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            return new ModelBundle(network, metadata, embedder, extras);
        } catch (ZipException e) {
            throw new BundleFormatException(name + ": corrupt or truncated model bundle (not a readable zip: "
                    + e.getMessage() + ")", e);
        } catch (java.io.EOFException | java.io.CharConversionException e) {
            throw uninflatable(name, e);
        }
    }

    /**
     * Checks that a file is a model bundle without restoring its network: a readable zip with only the
     * entries colorize writes, a {@value #METADATA_ENTRY} that parses (format version and field ranges),
     * and the network's configuration and parameters.
     *
     * @param path the file
     * @param name names it in messages
     * @throws BundleFormatException saying what is wrong
     * @throws IOException if it cannot be read
     */
    static void checkStructure(Path path, String name) throws IOException {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            ZipEntry md = zip.getEntry(METADATA_ENTRY);
            if (md == null) {
                throw new BundleFormatException(name + ": the zip has no " + METADATA_ENTRY + " entry");
            }
            NetworkRestorer.checkEntries(zip, name, Set.of(METADATA_ENTRY, EMBEDDER_ENTRY), true);
            ModelMetadata metadata = readMetadata(zip, md, name);
            for (String entry : new String[] {ModelSerializer.CONFIGURATION_JSON, ModelSerializer.COEFFICIENTS_BIN}) {
                if (zip.getEntry(entry) == null) {
                    throw new BundleFormatException(name + ": the network's " + entry + " entry is missing");
                }
            }
            if (metadata.kind() == ModelKind.L_EMBEDDING_TO_AB && zip.getEntry(EMBEDDER_ENTRY) == null) {
                throw new BundleFormatException(name + ": a " + metadata.kind() + " bundle must hold its embedding network ("
                        + EMBEDDER_ENTRY + " entry), and this one does not");
            }
        } catch (ZipException e) {
            throw new BundleFormatException(name + ": not a readable zip (" + e.getMessage() + "); it may be truncated", e);
        } catch (java.io.EOFException | java.io.CharConversionException e) {
            throw uninflatable(name, e);
        }
    }

    /** The largest embedded network zip: its parameters, its configuration, and slack for zip headers. */
    private static long maxEmbedderBytes() {
        long max = maxNetworkBytes();
        return max > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : max + NetworkRestorer.MAX_CONFIGURATION_BYTES + (1 << 20);
    }

    /** Reads and parses the metadata entry, at most {@link #MAX_METADATA_BYTES}. */
    static ModelMetadata readMetadata(ZipFile zip, ZipEntry md, String name) throws IOException {
        byte[] bytes = BoundedEntries.read(zip, md, MAX_METADATA_BYTES, name, "a metadata entry may have");
        return ModelMetadata.fromJson(new String(bytes, StandardCharsets.UTF_8), name);
    }

    /**
     * Loads a bundle from a stream (copied to a temporary file first, which is deleted afterwards).
     *
     * @param in the bundle's bytes (not closed)
     * @param sourceName names the source in error messages
     * @return the bundle
     * @throws BundleFormatException if it is truncated, corrupt, not a bundle, or of an unsupported version
     * @throws IOException if it cannot be read
     */
    public static ModelBundle load(InputStream in, String sourceName) throws IOException {
        Path tmp = Files.createTempFile("colorize-bundle", ".zip");
        try {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            try {
                return load(tmp, false);
            } catch (BundleFormatException e) {
                throw new BundleFormatException(e.getMessage().replace(tmp.toString(), sourceName), e.getCause());
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
