package org.colorize.core.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.colorize.core.Colorizer;
import org.colorize.core.image.Images;
import org.colorize.core.testing.TinyModels;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a model or image can be wrong gives a message that names the file and what is wrong. */
class BundleErrorsTest {

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

    private static Path rewrite(String name, String metadataJson) throws IOException {
        Path out = tmp.resolve(name);
        try (ZipFile in = new ZipFile(good.toFile()); OutputStream os = Files.newOutputStream(out);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            Enumeration<? extends ZipEntry> en = in.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                if (e.getName().equals(ModelBundle.METADATA_ENTRY)) {
                    if (metadataJson == null) {
                        continue;
                    }
                    zip.putNextEntry(new ZipEntry(e.getName()));
                    zip.write(metadataJson.getBytes(StandardCharsets.UTF_8));
                } else {
                    zip.putNextEntry(new ZipEntry(e.getName()));
                    in.getInputStream(e).transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        return out;
    }

    @Test
    void truncatedBundle() throws IOException {
        byte[] bytes = Files.readAllBytes(good);
        Path cut = tmp.resolve("truncated.zip");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> Colorizer.fromPretrained(cut));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void corruptCoefficients() throws IOException {
        // A bundle whose coefficients entry is garbage
        Path bad = tmp.resolve("corrupt.zip");
        try (ZipFile in = new ZipFile(good.toFile()); ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bad))) {
            Enumeration<? extends ZipEntry> en = in.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                zip.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals(ModelSerializer.COEFFICIENTS_BIN)) {
                    zip.write(new byte[] {1, 2, 3, 4, 5, 6, 7});
                } else {
                    in.getInputStream(e).transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> ModelBundle.load(bad));
        assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void unknownFormatVersionSaysWhatWasExpectedAndFound() throws IOException {
        String json = bundle.metadata().toJson().replace("\"formatVersion\" : " + ModelMetadata.FORMAT_VERSION, "\"formatVersion\" : 99");
        assertTrue(json.contains("99"), "test rewrote the version");
        Path v99 = rewrite("v99.zip", json);
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> ModelBundle.load(v99));
        assertTrue(e.getMessage().contains(v99.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("99") && e.getMessage().contains("format versions 1 to " + ModelMetadata.FORMAT_VERSION), e.getMessage());
    }

    @Test
    void plainDl4jZipIsNotABundle() throws IOException {
        Path plain = rewrite("plain.zip", null);
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> ModelBundle.load(plain));
        assertTrue(e.getMessage().contains("metadata.json") && e.getMessage().contains("plain DL4J"), e.getMessage());
    }

    @Test
    void missingFileAndMissingName() {
        Path none = tmp.resolve("nope.zip");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Colorizer.fromPretrained(none));
        assertTrue(e.getMessage().contains(none.toString()));
        IOException e2 = assertThrows(IOException.class, () -> Colorizer.fromPretrained("no-such-model"));
        assertTrue(e2.getMessage().contains("catalogue name") && e2.getMessage().contains("file:"), e2.getMessage());
    }

    @Test
    void unreadableImageNamesTheFile() throws IOException {
        Path txt = tmp.resolve("notes.png");
        Files.writeString(txt, "not an image");
        IOException e = assertThrows(IOException.class, () -> Images.read(txt));
        assertTrue(e.getMessage().contains(txt.toString()) && e.getMessage().contains("not a readable image"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> Images.read(tmp.resolve("missing.jpg")));
    }

    @Test
    void offlineRefusesDownloadsAndShaMismatchKeepsNothing() throws Exception {
        System.setProperty(ModelLocator.CACHE_DIR_PROPERTY, tmp.resolve("cache-offline").toString());
        System.setProperty(ModelLocator.OFFLINE_PROPERTY, "true");
        try {
            IOException e = assertThrows(IOException.class,
                    () -> Colorizer.fromPretrained("http://127.0.0.1:9/model.zip"));
            assertTrue(e.getMessage().contains("not in the cache") && e.getMessage().contains("COLORIZE_OFFLINE"), e.getMessage());
        } finally {
            System.clearProperty(ModelLocator.OFFLINE_PROPERTY);
        }
        byte[] bytes = Files.readAllBytes(good);
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/x.zip", ex -> {
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/x.zip#sha256=" + "0".repeat(64);
            IOException e = assertThrows(IOException.class, () -> Colorizer.fromPretrained(url));
            assertTrue(e.getMessage().contains("SHA-256 mismatch"), e.getMessage());
            try (var s = Files.list(tmp.resolve("cache-offline"))) {
                assertEquals(0, s.count(), "nothing kept in the cache");
            }
        } finally {
            server.stop(0);
            System.clearProperty(ModelLocator.CACHE_DIR_PROPERTY);
        }
    }

    @Test
    void metadataRoundTripsThroughJson() throws IOException {
        ModelMetadata md = TinyModels.lEmbeddingToAb().metadata();
        ModelMetadata back = ModelMetadata.fromJson(md.toJson(), "test");
        assertEquals(md, back);
        assertEquals(md.embedder(), back.embedder());
        assertTrue(md.provenance().containsKey("dl4j") && md.provenance().containsKey("java"));
    }
}
