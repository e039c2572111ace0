package org.colorize.core.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.colorize.core.Colorizer;
import org.colorize.core.model.WorkingSize;
import org.colorize.core.testing.TinyModels;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Zip bombs and absurd metadata (issue 13, point 6): loading never inflates an entry beyond what the
 * bundle can legitimately need, and every metadata field out of range is refused with a message that
 * names the field and its value.
 */
class HostileBundleTest {

    private static final long GIB = 1L << 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    private static Path good;
    private static ModelBundle bundle;

    @BeforeAll
    static void save() throws IOException {
        bundle = TinyModels.lToAb();
        good = tmp.resolve("good.zip");
        bundle.save(good);
    }

    /** A copy of the good bundle with one entry replaced by {@code content} (written streaming). */
    private static Path replace(String name, String entry, Content content) throws IOException {
        Path out = tmp.resolve(name);
        try (ZipFile in = new ZipFile(good.toFile()); OutputStream os = Files.newOutputStream(out);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.setLevel(Deflater.BEST_SPEED);
            Enumeration<? extends ZipEntry> en = in.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                zip.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals(entry)) {
                    content.write(zip);
                } else {
                    in.getInputStream(e).transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        return out;
    }

    private interface Content {
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code bytes} zero bytes, 1 MiB at a time (never the whole thing in memory). */
    private static Content zeros(long bytes) {
        return out -> {
            byte[] buf = new byte[1 << 20];
            for (long left = bytes; left > 0; left -= buf.length) {
                out.write(buf, 0, (int) Math.min(buf.length, left));
            }
        };
    }

    /** Rewrites the uncompressed size the central directory declares for {@code entry} (a lie). */
    private static void lieAboutSize(Path zip, String entry, int declared) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        byte[] name = entry.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int patched = 0;
        for (int i = bytes.length - 46; i >= 0; i--) {
            if (b.getInt(i) == 0x02014b50 && b.getShort(i + 28) == name.length) {
                byte[] n = java.util.Arrays.copyOfRange(bytes, i + 46, i + 46 + name.length);
                if (java.util.Arrays.equals(n, name)) {
                    b.putInt(i + 24, declared);
                    patched++;
                }
            }
        }
        assertEquals(1, patched, "patched the central directory entry of " + entry);
        Files.write(zip, bytes);
    }

    /** What loading costs: wall time and bytes this thread allocated on the heap. */
    private record Cost(long millis, long allocated, BundleFormatException error) {
    }

    private static Cost refuse(Path bundleFile) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long a0 = threads.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> ModelBundle.load(bundleFile));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        long allocated = threads.getCurrentThreadAllocatedBytes() - a0;
        System.out.printf("%s: refused in %d ms, %d KiB allocated: %s%n", bundleFile.getFileName(), millis,
                allocated >> 10, e.getMessage());
        return new Cost(millis, allocated, e);
    }

    @Test
    void oneGigabyteOfZerosAsCoefficientsIsRefusedWithoutInflatingIt() throws IOException {
        Path bomb = replace("bomb-coefficients.zip", ModelSerializer.COEFFICIENTS_BIN, zeros(GIB));
        assertTrue(Files.size(bomb) < 16 << 20, "the bomb is small on disk: " + Files.size(bomb));
        Cost c = refuse(bomb);
        String m = c.error().getMessage();
        assertTrue(m.contains(bomb.toString()) && m.contains("'coefficients.bin'") && m.contains("declares " + GIB)
                && m.contains("not inflated"), m);
        assertTrue(c.millis() < 5_000, "refused in " + c.millis() + " ms");
        assertTrue(c.allocated() < 32 << 20, "allocated " + c.allocated() + " bytes");

        // The same bomb with a central directory that claims 1000 bytes: the array header is read and
        // refused (zeros are no ND4J header); nothing else is inflated.
        lieAboutSize(bomb, ModelSerializer.COEFFICIENTS_BIN, 1000);
        Cost lie = refuse(bomb);
        assertTrue(lie.error().getMessage().contains("coefficients.bin") && lie.error().getMessage().contains("not an ND4J array"),
                lie.error().getMessage());
        assertTrue(lie.millis() < 5_000 && lie.allocated() < 32 << 20, lie.toString());
    }

    @Test
    void oneGigabyteMetadataIsRefusedWithoutInflatingIt() throws IOException {
        Content json = out -> {
            out.write("{\"formatVersion\": 2, \"pad\": \"".getBytes(StandardCharsets.US_ASCII));
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 1024; i++) {
                out.write(spaces);
            }
            out.write("\"}".getBytes(StandardCharsets.US_ASCII));
        };
        Path bomb = replace("bomb-metadata.zip", ModelBundle.METADATA_ENTRY, json);
        Cost c = refuse(bomb);
        String m = c.error().getMessage();
        assertTrue(m.contains(bomb.toString()) && m.contains("'metadata.json'") && m.contains("not inflated"), m);
        assertTrue(c.millis() < 5_000 && c.allocated() < 32 << 20, c.toString());

        // Lying about its size: reading stops one byte past the 4 MiB limit.
        lieAboutSize(bomb, ModelBundle.METADATA_ENTRY, 900);
        Cost lie = refuse(bomb);
        String lm = lie.error().getMessage();
        assertTrue(lm.contains("'metadata.json' inflates to more than the " + ModelBundle.MAX_METADATA_BYTES + " bytes"), lm);
        assertTrue(lie.millis() < 5_000, "refused in " + lie.millis() + " ms");
        assertTrue(lie.allocated() < 64 << 20, "allocated " + lie.allocated() + " bytes, not the 1 GiB the entry holds");
    }

    @Test
    void parameterArrayMustHaveTheLengthTheConfigurationImplies() throws IOException {
        long numParams = bundle.network().numParams();
        // A header that declares 2^40 floats: refused from the header, nothing allocated.
        Path huge = replace("huge-header.zip", ModelSerializer.COEFFICIENTS_BIN, out -> {
            DataOutputStream d = new DataOutputStream(out);
            d.writeUTF("MIXED_DATA_TYPES");
            d.writeLong(6);
            d.writeUTF("LONG");
            for (long v : new long[] {2, 1, 1L << 40, 1L << 40, 1, 0}) {
                d.writeLong(v);
            }
            d.writeUTF("MIXED_DATA_TYPES");
            d.writeLong(1L << 40);
            d.writeUTF("FLOAT");
            d.write(new byte[4096]);
            d.flush();
        });
        Cost c = refuse(huge);
        assertTrue(c.error().getMessage().contains("declares " + (1L << 40) + " values")
                && c.error().getMessage().contains("implies " + numParams), c.error().getMessage());
        assertTrue(c.allocated() < 32 << 20, c.toString());

        // A real array one value too long.
        Path longer = replace("longer.zip", ModelSerializer.COEFFICIENTS_BIN, out -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(b);
            org.nd4j.linalg.factory.Nd4j.write(org.nd4j.linalg.factory.Nd4j.zeros(1, numParams + 1), d);
            d.flush();
            out.write(b.toByteArray());
        });
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> ModelBundle.load(longer));
        assertTrue(e.getMessage().contains("declares " + (numParams + 1) + " values"), e.getMessage());
    }

    @Test
    void networkSizeLimitIsConfigurable() throws IOException {
        System.setProperty(ModelBundle.MAX_NETWORK_BYTES_PROPERTY, "256"); // the tiny network has 114 floats
        try {
            BundleFormatException e = assertThrows(BundleFormatException.class, () -> ModelBundle.load(good));
            assertTrue(e.getMessage().contains("more than the limit of 256 bytes")
                    && e.getMessage().contains(ModelBundle.MAX_NETWORK_BYTES_PROPERTY), e.getMessage());
            System.setProperty(ModelBundle.MAX_NETWORK_BYTES_PROPERTY, "lots");
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, ModelBundle::maxNetworkBytes);
            assertTrue(bad.getMessage().contains("'lots'"), bad.getMessage());
        } finally {
            System.clearProperty(ModelBundle.MAX_NETWORK_BYTES_PROPERTY);
        }
        assertEquals(bundle.network().numParams(), ModelBundle.load(good).network().numParams());
        assertEquals(2L << 30, Settings.parseBytes("2g"));
        assertEquals(500L << 20, Settings.parseBytes("500MiB"));
        assertEquals(1234, Settings.parseBytes("1234"));
    }

    @Test
    void embeddedNetworkIsBounded() throws IOException {
        ModelBundle fusion = TinyModels.lEmbeddingToAb();
        Path fusionFile = tmp.resolve("fusion.zip");
        fusion.save(fusionFile, false);
        Path bomb = tmp.resolve("fusion-bomb.zip");
        try (ZipFile in = new ZipFile(fusionFile.toFile()); ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.setLevel(Deflater.BEST_SPEED);
            Enumeration<? extends ZipEntry> en = in.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                zip.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals(ModelBundle.EMBEDDER_ENTRY)) {
                    zeros(256L << 20).write(zip);
                } else {
                    in.getInputStream(e).transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        System.setProperty(ModelBundle.MAX_NETWORK_BYTES_PROPERTY, "16m");
        try {
            Cost c = refuse(bomb);
            assertTrue(c.error().getMessage().contains("'embedder.zip' declares " + (256L << 20)), c.error().getMessage());
            lieAboutSize(bomb, ModelBundle.EMBEDDER_ENTRY, 5000);
            Cost lie = refuse(bomb);
            assertTrue(lie.error().getMessage().contains("'embedder.zip' inflates to more than"), lie.error().getMessage());
            assertTrue(lie.millis() < 5_000, lie.toString());
        } finally {
            System.clearProperty(ModelBundle.MAX_NETWORK_BYTES_PROPERTY);
        }
        // Within the limit it loads.
        assertTrue(ModelBundle.load(fusionFile).embedderNetwork().isPresent());
    }

    private static String mutate(Consumer<ObjectNode> change) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(bundle.metadata().toJson());
        change.accept(root);
        return JSON.writeValueAsString(root);
    }

    @Test
    void absurdWorkingSizesAreRefusedOnLoadWithTheField() throws IOException {
        for (int side : new int[] {50000, 30000}) {
            String json = mutate(r -> r.set("workingSize", JSON.createObjectNode().put("policy", "fixed")
                    .put("width", side).put("height", side)));
            Path f = replace("ws-" + side + ".zip", ModelBundle.METADATA_ENTRY, out -> out.write(json.getBytes(StandardCharsets.UTF_8)));
            BundleFormatException e = assertThrows(BundleFormatException.class, () -> Colorizer.fromPretrained(f));
            assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("workingSize.width")
                    && e.getMessage().contains(String.valueOf(side)) && e.getMessage().contains("1 to " + WorkingSize.MAX_SIDE),
                    e.getMessage());
        }
        String json = mutate(r -> r.set("workingSize", JSON.createObjectNode().put("policy", "fixed")
                .put("width", 16384).put("height", 16384)));
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> ModelMetadata.fromJson(json, "m.zip"));
        assertTrue(e.getMessage().contains("workingSize") && e.getMessage().contains("16384x16384")
                && e.getMessage().contains("pixels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WorkingSize.fixed(50000, 50000));
        assertThrows(IllegalArgumentException.class, () -> WorkingSize.adaptive(8, 1 << 20));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "workingSize.width       | 4294967297 | fixed",
        "workingSize.width       | -5         | fixed",
        "workingSize.height      | \"abc\"    | fixed",
        "workingSize.maxSide     | 100000     | adaptive",
        "workingSize.multiple    | 0          | adaptive",
        "inputChannels           | 2          | ",
        "inputChannels           | 3.5        | ",
        "abScale                 | -1         | ",
        "abScale                 | 123456     | ",
        "lNormalization.scale    | 0          | ",
        "lNormalization.offset   | \"x\"      | ",
        "kind                    | \"BOGUS\"  | ",
        "architecture            | 42         | ",
        "architecture            | \"\"       | ",
        "provenance              | [1,2]      | ",
    })
    void everyFieldIsRangeChecked(String field, String value, String policy) throws IOException {
        String json = mutate(r -> {
            try {
                ObjectNode node = r;
                String[] parts = field.split("\\.");
                if (policy != null) {
                    node.set("workingSize", "fixed".equals(policy)
                            ? JSON.createObjectNode().put("policy", "fixed").put("width", 64).put("height", 64)
                            : JSON.createObjectNode().put("policy", "adaptive").put("multiple", 4).put("maxSide", 64));
                }
                for (int i = 0; i < parts.length - 1; i++) {
                    if (!node.has(parts[i]) || !node.get(parts[i]).isObject()) {
                        node.set(parts[i], JSON.createObjectNode().put("offset", 0).put("scale", 1));
                    }
                    node = (ObjectNode) node.get(parts[i]);
                }
                node.set(parts[parts.length - 1], JSON.readTree(value));
            } catch (IOException x) {
                throw new RuntimeException(x);
            }
        });
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> ModelMetadata.fromJson(json, "bad.zip"));
        String shown = value.replace("\"", "");
        assertTrue(e.getMessage().startsWith("bad.zip: metadata.json") && e.getMessage().contains(field)
                && (shown.isEmpty() || e.getMessage().contains(shown.length() > 6 ? shown.substring(0, 4) : shown)), e.getMessage());
    }

    @Test
    void embedderFieldsAreRangeChecked() throws IOException {
        String good = TinyModels.lEmbeddingToAb().metadata().toJson();
        ModelMetadata.fromJson(good, "fusion");
        ObjectNode root = (ObjectNode) JSON.readTree(good);
        ((ObjectNode) root.get("embedder")).put("inputWidth", 100000);
        BundleFormatException e = assertThrows(BundleFormatException.class,
                () -> ModelMetadata.fromJson(JSON.writeValueAsString(root), "fusion"));
        assertTrue(e.getMessage().contains("embedder.inputWidth") && e.getMessage().contains("100000"), e.getMessage());
        ((ObjectNode) root.get("embedder")).put("inputWidth", 16).put("embeddingSize", 0);
        e = assertThrows(BundleFormatException.class, () -> ModelMetadata.fromJson(JSON.writeValueAsString(root), "fusion"));
        assertTrue(e.getMessage().contains("embedder.embeddingSize") && e.getMessage().contains("was 0"), e.getMessage());
    }

    @Test
    void goodBundlesStillLoadAndRoundTrip() throws IOException {
        for (ModelBundle b : new ModelBundle[] {TinyModels.grayToRgb(), TinyModels.lToAbBins(), TinyModels.lToAb()}) {
            Path f = tmp.resolve(b.metadata().architecture() + ".zip");
            b.save(f);
            ModelBundle back = ModelBundle.load(f, true);
            assertEquals(b.metadata(), back.metadata());
            assertEquals(b.network().numParams(), back.network().numParams());
            assertArrayEquals(b.network().params().toFloatVector(), back.network().params().toFloatVector());
        }
    }
}
