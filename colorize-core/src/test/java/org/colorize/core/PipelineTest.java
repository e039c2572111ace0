package org.colorize.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.bundle.ModelLocator;
import org.colorize.core.image.DecodedImage;
import org.colorize.core.image.Images;
import org.colorize.core.image.SyntheticImages;
import org.colorize.core.model.ModelKind;
import org.colorize.core.model.WorkingSize;
import org.colorize.core.testing.TestData;
import org.colorize.core.testing.TinyModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A tiny network of each model kind, saved as a bundle, loaded through every {@code fromPretrained}
 * overload, colorizes generated pictures (and real photos when the data folder is there): the output has
 * the input's size and the input's lightness.
 */
class PipelineTest {

    private static final Map<ModelKind, Supplier<ModelBundle>> MODELS = Map.of(
            ModelKind.GRAY_TO_RGB, TinyModels::grayToRgb,
            ModelKind.L_TO_AB, TinyModels::lToAb,
            ModelKind.L_EMBEDDING_TO_AB, TinyModels::lEmbeddingToAb,
            ModelKind.L_TO_AB_BINS, TinyModels::lToAbBins);

    private static List<BufferedImage> photos;

    @TempDir
    static Path tmp;

    /** Generated pictures of odd, different sizes: the behaviour checked here needs no data folder. */
    @BeforeAll
    static void makePictures() {
        photos = new ArrayList<>();
        int[][] sizes = {{300, 200}, {97, 161}, {256, 256}, {451, 300}};
        for (int i = 0; i < sizes.length; i++) {
            photos.add(SyntheticImages.photoLike(sizes[i][0], sizes[i][1], 100 + i));
        }
    }

    @org.junit.jupiter.api.Test
    void realPhotosKeepTheirSizeAndLightness() throws Exception {
        List<BufferedImage> real = new ArrayList<>();
        for (String p : List.of("skimage/rocket.jpg", "unsplash/woman.png", "kodak/kodim03.png", "skimage/chelsea.png")) {
            real.add(Images.read(TestData.photo(p)));
        }
        try (Colorizer c = Colorizer.fromPretrained(saved(ModelKind.L_TO_AB_BINS))) {
            List<BufferedImage> outs = c.colorizeAll(real);
            for (int i = 0; i < real.size(); i++) {
                assertSameSizeAndLightness(real.get(i), outs.get(i));
            }
        }
    }

    /** Output size equals input size and output L equals input L to within 1.0 everywhere. */
    static void assertSameSizeAndLightness(BufferedImage in, BufferedImage out) {
        assertEquals(in.getWidth(), out.getWidth(), "width");
        assertEquals(in.getHeight(), out.getHeight(), "height");
        float[] lin = DecodedImage.of(in).lightness();
        float[] lout = DecodedImage.of(out).lightness();
        double worst = 0;
        for (int i = 0; i < lin.length; i++) {
            worst = Math.max(worst, Math.abs(lin[i] - lout[i]));
        }
        assertTrue(worst <= 1.0, "worst |L_out - L_in| = " + worst);
    }

    private static Path saved(ModelKind kind) throws Exception {
        Path file = tmp.resolve(kind + ".zip");
        if (!Files.exists(file)) {
            MODELS.get(kind).get().save(file);
        }
        return file;
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void everyKindColorizesRealPhotosAtTheirOwnSize(ModelKind kind) throws Exception {
        try (Colorizer c = Colorizer.fromPretrained(saved(kind))) {
            assertEquals(kind, c.metadata().kind());
            List<BufferedImage> outs = c.colorizeAll(photos);
            for (int i = 0; i < photos.size(); i++) {
                assertSameSizeAndLightness(photos.get(i), outs.get(i));
            }
            // The output has colour (random weights still predict non-zero chroma somewhere).
            BufferedImage o = c.colorize(photos.get(1));
            boolean colour = false;
            for (int y = 0; y < o.getHeight() && !colour; y += 7) {
                for (int x = 0; x < o.getWidth(); x += 7) {
                    int p = o.getRGB(x, y);
                    if (((p >> 16) & 0xff) != (p & 0xff)) {
                        colour = true;
                        break;
                    }
                }
            }
            assertTrue(colour, "the output has some colour");
        }
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void savedAndLoadedBundleGivesIdenticalPixels(ModelKind kind) throws Exception {
        ModelBundle bundle = MODELS.get(kind).get();
        Path file = tmp.resolve("identical-" + kind + ".zip");
        bundle.save(file);
        try (Colorizer a = Colorizer.of(bundle); Colorizer b = Colorizer.fromPretrained(file)) {
            BufferedImage pa = a.colorize(photos.get(0)), pb = b.colorize(photos.get(0));
            assertPixelsEqual(pa, pb);
            assertEquals(bundle.metadata(), b.metadata());
        }
    }

    @Test
    void everyFromPretrainedOverload() throws Exception {
        Path file = saved(ModelKind.L_TO_AB);
        BufferedImage expected;
        try (Colorizer c = Colorizer.fromPretrained(file)) {
            expected = c.colorize(photos.get(0));
        }
        // String: a file path
        try (Colorizer c = Colorizer.fromPretrained(file.toString())) {
            assertPixelsEqual(expected, c.colorize(photos.get(0)));
        }
        // InputStream
        try (InputStream in = Files.newInputStream(file); Colorizer c = Colorizer.fromPretrained(in)) {
            assertPixelsEqual(expected, c.colorize(photos.get(0)));
        }
        // classpath: resource and a catalogue name, through a class loader that holds them
        Path cp = tmp.resolve("cp");
        Files.createDirectories(cp.resolve("models"));
        Files.createDirectories(cp.resolve("META-INF/colorize"));
        Files.copy(file, cp.resolve("models/tiny.zip"));
        Files.writeString(cp.resolve("META-INF/colorize/catalog.json"),
                "{\"models\":[{\"name\":\"tiny\",\"aliases\":[\"tiny-l-to-ab\"],\"resource\":\"models/tiny.zip\"}]}");
        ClassLoader old = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader cl = new URLClassLoader(new URL[] {cp.toUri().toURL()}, old)) {
            Thread.currentThread().setContextClassLoader(cl);
            for (String loc : List.of("classpath:models/tiny.zip", "tiny", "tiny-l-to-ab")) {
                try (Colorizer c = Colorizer.fromPretrained(loc)) {
                    assertPixelsEqual(expected, c.colorize(photos.get(0)));
                }
            }
        } finally {
            Thread.currentThread().setContextClassLoader(old);
        }
        // http URL on a local server, fetched once into the cache, then read from the cache
        byte[] bytes = Files.readAllBytes(file);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        int[] hits = {0};
        server.createContext("/m/tiny.zip", ex -> {
            hits[0]++;
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
        String cacheBefore = System.getProperty(ModelLocator.CACHE_DIR_PROPERTY);
        System.setProperty(ModelLocator.CACHE_DIR_PROPERTY, tmp.resolve("cache").toString());
        try {
            String sha = java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/m/tiny.zip#sha256=" + sha;
            try (Colorizer c = Colorizer.fromPretrained(url)) {
                assertPixelsEqual(expected, c.colorize(photos.get(0)));
            }
            try (Colorizer c = Colorizer.fromPretrained(url)) {
                assertPixelsEqual(expected, c.colorize(photos.get(0)));
            }
            assertEquals(1, hits[0], "downloaded once, then read from the cache");
            assertTrue(Files.isRegularFile(ModelLocator.cachePath(url)));
            try (var s = Files.list(tmp.resolve("cache"))) {
                assertEquals(1, s.count(), "no temporary file left in the cache");
            }
        } finally {
            server.stop(0);
            if (cacheBefore == null) {
                System.clearProperty(ModelLocator.CACHE_DIR_PROPERTY);
            } else {
                System.setProperty(ModelLocator.CACHE_DIR_PROPERTY, cacheBefore);
            }
        }
    }

    @Test
    void eightThreadsGetTheSamePixelsAsOne() throws Exception {
        try (Colorizer c = Colorizer.fromPretrained(saved(ModelKind.L_TO_AB))) {
            List<BufferedImage> single = new ArrayList<>();
            for (BufferedImage p : photos) {
                single.add(c.colorize(p));
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<BufferedImage>> futures = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    for (int i = 0; i < photos.size(); i++) {
                        BufferedImage p = photos.get((i + t) % photos.size());
                        futures.add(pool.submit((Callable<BufferedImage>) () -> c.colorize(p)));
                    }
                }
                int k = 0;
                for (int t = 0; t < 8; t++) {
                    for (int i = 0; i < photos.size(); i++) {
                        assertPixelsEqual(single.get((i + t) % photos.size()), futures.get(k++).get());
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aColorizerOwnsItsBundleAndViewsAndBorrowersDoNot() {
        ModelBundle bundle = TinyModels.lToAbBins();
        ColorizationPipeline owner = ColorizationPipeline.of(bundle, 4);
        IllegalStateException twice = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Colorizer.of(bundle));
        assertTrue(twice.getMessage().contains("already belongs to a Colorizer"), twice.getMessage());
        ColorizationPipeline muted = owner.withVividness(0f);
        ColorizationPipeline borrower = ColorizationPipeline.borrowing(bundle, 2, 1f);
        BufferedImage p = photos.get(1);
        assertSameSizeAndLightness(p, muted.colorize(p));
        borrower.close();
        assertTrue(!bundle.isClosed(), "a borrower leaves the network to its owner");
        assertSameSizeAndLightness(p, owner.colorize(p));
        muted.close();
        assertTrue(bundle.isClosed(), "closing a view of the owner closes the owner's bundle");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> owner.colorize(p));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, bundle::network);
        owner.close(); // twice: nothing
    }

    @Test
    void onePredictionRendersEveryVividnessAndCalibratedDecodingLikeAFreshColorize() {
        BufferedImage p = SyntheticImages.photoLike(70, 45, 5);
        try (ColorizationPipeline c = ColorizationPipeline.of(TinyModels.lToAbBins(), 4)) {
            ColorizationPipeline.Prediction pred = c.predict(p);
            assertPixelsEqual(c.colorize(p), pred.render());
            for (float v : new float[] {0f, 0.5f, 2f}) {
                assertPixelsEqual(c.withVividness(v).colorize(p), pred.render(v));
            }
            org.colorize.core.encoding.AbBinsEncoding enc =
                    (org.colorize.core.encoding.AbBinsEncoding) c.metadata().encoding();
            BufferedImage muted = pred.render(enc.withDecoding(enc.temperature(), 0.5f), 1f);
            assertSameSizeAndLightness(p, muted);
            assertTrue(meanChroma(muted) < meanChroma(pred.render()),
                    "a chroma gain of 0.5 mutes: " + meanChroma(muted) + " vs " + meanChroma(pred.render()));
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> pred.render(TinyModels.lToAb().metadata().encoding(), 1f));
            assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> pred.render(-1f));
        }
    }

    @Test
    void picturesEnlargedToMinSideAreDecodedWithTheEnlargedGainAndOthersWithTheChromaGain() {
        org.colorize.core.encoding.AbBinsEncoding enc = TinyModels.bins();
        float t0 = enc.temperature();
        org.colorize.core.encoding.AbBinsEncoding calibrated = enc.withDecoding(t0, 1f, 0.5f);
        BufferedImage small = SyntheticImages.photoLike(16, 16, 6);
        BufferedImage large = SyntheticImages.photoLike(48, 40, 7);
        try (ColorizationPipeline c = ColorizationPipeline.of(
                TinyModels.lToAbBins(WorkingSize.adaptive(4, 64).withMinSide(32), calibrated), 4)) {
            ColorizationPipeline.Prediction ps = c.predict(small), pl = c.predict(large);
            assertTrue(ps.enlarged(), "16x16 is below minSide 32");
            assertTrue(!pl.enlarged(), "48x40 is not");
            assertPixelsEqual(c.colorize(small), ps.render(enc.withDecoding(t0, 0.5f), 1f));
            assertPixelsEqual(c.colorize(large), pl.render(enc.withDecoding(t0, 1f), 1f));
            assertTrue(meanChroma(c.colorize(small)) < meanChroma(ps.render(enc.withDecoding(t0, 1f), 1f)),
                    "the enlarged gain of 0.5 mutes the small picture");
            assertPixelsEqual(c.colorizeAll(List.of(small, large)).get(0), c.colorize(small));
        }
    }

    private static double meanChroma(BufferedImage img) {
        DecodedImage d = DecodedImage.of(img);
        float[] lab = new float[3];
        double sum = 0;
        int n = img.getWidth() * img.getHeight();
        for (int i = 0; i < n; i++) {
            int rgb = img.getRGB(i % img.getWidth(), i / img.getWidth());
            org.colorize.core.color.Lab.rgbToLab(new float[] {((rgb >> 16) & 255) / 255f, ((rgb >> 8) & 255) / 255f,
                (rgb & 255) / 255f}, 0, lab, 0, 1);
            sum += Math.hypot(lab[1], lab[2]);
        }
        return sum / n;
    }

    @Test
    void closedColorizerRefusesWork() throws Exception {
        Colorizer c = Colorizer.of(TinyModels.lToAb());
        c.close();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> c.colorize(photos.get(0)));
        assertTrue(e.getMessage().contains("closed"));
    }

    static void assertPixelsEqual(BufferedImage a, BufferedImage b) {
        assertEquals(a.getWidth(), b.getWidth());
        assertEquals(a.getHeight(), b.getHeight());
        int w = a.getWidth();
        int[] ra = a.getRGB(0, 0, w, a.getHeight(), null, 0, w);
        int[] rb = b.getRGB(0, 0, w, b.getHeight(), null, 0, w);
        for (int i = 0; i < ra.length; i++) {
            if (ra[i] != rb[i]) {
                throw new AssertionError("pixel " + (i % w) + "," + (i / w) + " differs: "
                        + Integer.toHexString(ra[i]) + " vs " + Integer.toHexString(rb[i]));
            }
        }
    }
}
