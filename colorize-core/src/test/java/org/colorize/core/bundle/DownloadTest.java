package org.colorize.core.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.colorize.core.testing.TinyModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads into the model cache (issue 13, point 5), against servers on 127.0.0.1: a response that
 * is cut short, an HTML page with status 200, one that is too large, one that stalls, a redirect to
 * another origin. After each failure the cache folder is empty, and the failure comes within the
 * timeout with a message that says the real cause.
 */
class DownloadTest {

    @TempDir
    static Path shared;
    private static byte[] bundleBytes;
    private static String bundleSha;

    @TempDir
    Path cache;
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<ServerSocket> sockets = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    /** Released at the end of each test: handlers that stall wait on it. */
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    static void bundle() throws Exception {
        Path f = shared.resolve("tiny.zip");
        TinyModels.lToAb().save(f, false);
        bundleBytes = Files.readAllBytes(f);
        bundleSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bundleBytes));
    }

    @BeforeEach
    void settings() {
        System.setProperty(ModelLocator.CACHE_DIR_PROPERTY, cache.toString());
        System.setProperty(ModelLocator.READ_TIMEOUT_PROPERTY, "1");
    }

    @AfterEach
    void stop() throws IOException {
        release.countDown();
        servers.forEach(s -> s.stop(0));
        for (ServerSocket s : sockets) {
            s.close();
        }
        pool.shutdownNow();
        System.clearProperty(ModelLocator.CACHE_DIR_PROPERTY);
        System.clearProperty(ModelLocator.READ_TIMEOUT_PROPERTY);
        System.clearProperty(ModelLocator.MAX_DOWNLOAD_BYTES_PROPERTY);
    }

    private interface Handler {
        void handle(HttpExchange ex) throws Exception;
    }

    /** An HTTP server on 127.0.0.1 serving {@code handler} at every path; counts requests. */
    private String serve(AtomicInteger requests, Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            try {
                handler.handle(ex);
            } catch (Exception e) {
                // the client went away
            } finally {
                ex.close();
            }
        });
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A raw socket server: writes {@code head} then the first {@code bodyBytes} of the bundle, then closes. */
    private String raw(String head, int bodyBytes) throws IOException {
        ServerSocket ss = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        sockets.add(ss);
        pool.submit(() -> {
            while (!ss.isClosed()) {
                try (Socket s = ss.accept()) {
                    InputStream in = s.getInputStream();
                    // read the request head
                    int state = 0;
                    while (state < 4) {
                        int b = in.read();
                        if (b < 0) {
                            break;
                        }
                        state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
                    }
                    OutputStream out = s.getOutputStream();
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    out.write(bundleBytes, 0, bodyBytes);
                    out.flush();
                } catch (IOException e) {
                    return null;
                }
            }
            return null;
        });
        return "http://127.0.0.1:" + ss.getLocalPort();
    }

    private void assertCacheEmpty() throws IOException {
        try (var s = Files.list(cache)) {
            List<Path> left = s.toList();
            assertTrue(left.isEmpty(), "nothing in the cache, found " + left);
        }
    }

    /** Downloads, expecting failure; returns the exception after checking the cache is empty. */
    private IOException fail(String url, String sha, long maxMillis) throws IOException {
        long t0 = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> ModelLocator.download(url, sha));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println(url + " failed in " + ms + " ms: " + e.getMessage());
        assertTrue(ms < maxMillis, "failed within " + maxMillis + " ms, took " + ms);
        assertCacheEmpty();
        return e;
    }

    @Test
    void goodDownloadIsCachedAndReusedWithoutANewRequest() throws Exception {
        AtomicInteger n = new AtomicInteger();
        String base = serve(n, ex -> {
            ex.sendResponseHeaders(200, bundleBytes.length);
            ex.getResponseBody().write(bundleBytes);
        });
        Path p = ModelLocator.download(base + "/m.zip#sha256=" + bundleSha, null);
        assertEquals(bundleSha, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
        ModelLocator.download(base + "/m.zip#sha256=" + bundleSha, null);
        assertEquals(1, n.get(), "the second call is served from the cache");
        assertTrue(ModelLocator.load(base + "/m.zip#sha256=" + bundleSha).network().numParams() > 0);
        try (var s = Files.list(cache)) {
            assertEquals(List.of(p), s.toList(), "only the bundle, no .part left");
        }
    }

    @Test
    void responseCutShortWithoutContentLengthIsNotCached() throws Exception {
        String base = raw("HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nConnection: close\r\n\r\n", bundleBytes.length / 2);
        IOException e = fail(base + "/cut.zip", null, 10_000);
        assertInstanceOf(BundleFormatException.class, e);
        assertTrue(e.getMessage().contains(base + "/cut.zip") && e.getMessage().contains("not a model bundle")
                && e.getMessage().contains((bundleBytes.length / 2) + " bytes") && e.getMessage().contains("no Content-Length"),
                e.getMessage());
        // Not cached: the next attempt asks the server again (and fails again).
        fail(base + "/cut.zip", null, 10_000);
    }

    @Test
    void responseCutShortWithContentLengthSaysHowMuchCame() throws Exception {
        int half = bundleBytes.length / 2;
        String base = raw("HTTP/1.1 200 OK\r\nContent-Length: " + bundleBytes.length + "\r\nConnection: close\r\n\r\n", half);
        IOException e = fail(base + "/cut.zip", null, 10_000);
        assertTrue(e.getMessage().contains("connection closed after " + half + " bytes of " + bundleBytes.length), e.getMessage());
    }

    @Test
    void htmlPageServedWith200IsNotCached() throws Exception {
        AtomicInteger n = new AtomicInteger();
        byte[] html = "<!DOCTYPE html>\n<html><body>Please log in to download this file</body></html>".getBytes(StandardCharsets.UTF_8);
        String base = serve(n, ex -> {
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, html.length);
            ex.getResponseBody().write(html);
        });
        IOException e = fail(base + "/model.zip", null, 10_000);
        assertInstanceOf(BundleFormatException.class, e);
        assertTrue(e.getMessage().contains("not a model bundle") && e.getMessage().contains("text/html")
                && e.getMessage().contains("<!DOCTYPE html>"), e.getMessage());
        fail(base + "/model.zip", null, 10_000);
        assertEquals(2, n.get(), "nothing was cached: the second call asked the server again");
    }

    @Test
    void zipThatIsNotABundleIsNotCached() throws Exception {
        AtomicInteger n = new AtomicInteger();
        String base = serve(n, ex -> {
            var bytes = new java.io.ByteArrayOutputStream();
            try (ZipOutputStream z = new ZipOutputStream(bytes)) {
                z.putNextEntry(new ZipEntry("readme.txt"));
                z.write("hello".getBytes(StandardCharsets.UTF_8));
            }
            ex.sendResponseHeaders(200, bytes.size());
            ex.getResponseBody().write(bytes.toByteArray());
        });
        IOException e = fail(base + "/other.zip", null, 10_000);
        assertTrue(e.getMessage().contains("not a model bundle") && e.getMessage().contains("metadata.json"), e.getMessage());
    }

    @Test
    void oversizedDeclaredResponseIsRefusedBeforeItsBody() throws Exception {
        System.setProperty(ModelLocator.MAX_DOWNLOAD_BYTES_PROPERTY, "1m");
        AtomicInteger n = new AtomicInteger();
        long three = 3L << 30;
        String base = serve(n, ex -> {
            ex.sendResponseHeaders(200, three);
            byte[] chunk = new byte[1 << 16];
            for (long sent = 0; sent < three; sent += chunk.length) {
                ex.getResponseBody().write(chunk);
            }
        });
        IOException e = fail(base + "/big.zip", null, 10_000);
        assertTrue(e.getMessage().contains("Content-Length is " + three) && e.getMessage().contains("limit of " + (1 << 20))
                && e.getMessage().contains(ModelLocator.MAX_DOWNLOAD_BYTES_PROPERTY), e.getMessage());
    }

    @Test
    void oversizedChunkedResponseIsStoppedAtTheLimit() throws Exception {
        System.setProperty(ModelLocator.MAX_DOWNLOAD_BYTES_PROPERTY, "1m");
        AtomicInteger n = new AtomicInteger();
        String base = serve(n, ex -> {
            ex.sendResponseHeaders(200, 0); // chunked: no Content-Length
            byte[] chunk = new byte[1 << 16];
            for (int i = 0; i < 3 * 16 * 1024; i++) { // 3 GiB if nobody stops it
                ex.getResponseBody().write(chunk);
            }
        });
        IOException e = fail(base + "/big.zip", null, 10_000);
        assertTrue(e.getMessage().contains("larger than the limit of " + (1 << 20)), e.getMessage());
    }

    @Test
    void stalledBodyTimesOut() throws Exception {
        AtomicInteger n = new AtomicInteger();
        String base = serve(n, ex -> {
            ex.sendResponseHeaders(200, 100_000);
            ex.getResponseBody().write(bundleBytes, 0, 1000);
            ex.getResponseBody().flush();
            release.await(60, TimeUnit.SECONDS); // stalls
        });
        IOException e = fail(base + "/slow.zip", null, 8_000);
        assertTrue(e.getMessage().contains("read timed out after 1 s") && e.getMessage().contains("1000 bytes of 100000"),
                e.getMessage());
    }

    @Test
    void stalledHeadersTimeOut() throws Exception {
        AtomicInteger n = new AtomicInteger();
        String base = serve(n, ex -> release.await(60, TimeUnit.SECONDS));
        IOException e = fail(base + "/slow.zip", null, 8_000);
        assertTrue(e.getMessage().contains("no response within 1 s"), e.getMessage());
    }

    @Test
    void redirectToAnotherOriginNeedsAChecksum() throws Exception {
        AtomicInteger served = new AtomicInteger();
        String other = serve(served, ex -> {
            ex.sendResponseHeaders(200, bundleBytes.length);
            ex.getResponseBody().write(bundleBytes);
        });
        AtomicInteger redirects = new AtomicInteger();
        String base = serve(redirects, ex -> {
            ex.getResponseHeaders().add("Location", other + "/real.zip");
            ex.sendResponseHeaders(302, -1);
        });
        IOException e = fail(base + "/m.zip", null, 10_000);
        assertTrue(e.getMessage().contains("HTTP 302 redirects to another origin (" + other + "/real.zip)")
                && e.getMessage().contains(base + "/m.zip") && e.getMessage().contains("SHA-256"), e.getMessage());
        assertEquals(0, served.get(), "the other origin was never asked");

        // Pinned by a checksum, the redirect is followed.
        Path p = ModelLocator.download(base + "/m.zip", bundleSha);
        assertTrue(Files.isRegularFile(p));
        assertEquals(1, served.get());
        // A wrong checksum: followed, refused, nothing cached besides the good file.
        IOException wrong = assertThrows(IOException.class, () -> ModelLocator.download(base + "/n.zip", "0".repeat(64)));
        assertTrue(wrong.getMessage().contains("SHA-256 mismatch"), wrong.getMessage());
        try (var s = Files.list(cache)) {
            assertEquals(List.of(p), s.toList());
        }
    }

    @Test
    void sameOriginRedirectIsFollowedAndHttpErrorsNameStatusAndUrl() throws Exception {
        AtomicInteger n = new AtomicInteger();
        String base = serve(n, ex -> {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/old.zip")) {
                ex.getResponseHeaders().add("Location", "/new.zip");
                ex.sendResponseHeaders(301, -1);
            } else if (path.equals("/new.zip")) {
                ex.sendResponseHeaders(200, bundleBytes.length);
                ex.getResponseBody().write(bundleBytes);
            } else if (path.equals("/loop.zip")) {
                ex.getResponseHeaders().add("Location", "/loop.zip");
                ex.sendResponseHeaders(307, -1);
            } else {
                ex.sendResponseHeaders(404, -1);
            }
        });
        IOException e = fail(base + "/missing.zip", null, 10_000);
        assertTrue(e.getMessage().contains("download of " + base + "/missing.zip failed: HTTP 404"), e.getMessage());
        IOException loop = fail(base + "/loop.zip", null, 10_000);
        assertTrue(loop.getMessage().contains("more than 5 redirects"), loop.getMessage());
        assertTrue(Files.isRegularFile(ModelLocator.download(base + "/old.zip", null)));
    }

    @Test
    void staleParts() throws Exception {
        Path stale = cache.resolve(".0123456789abcdef-m.zip1234.part");
        Path fresh = cache.resolve(".0123456789abcdef-m.zip5678.part");
        Path other = cache.resolve("keep.zip");
        for (Path p : List.of(stale, fresh, other)) {
            Files.write(p, new byte[10]);
        }
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(ModelLocator.STALE_PART_AGE).minusSeconds(60)));
        Files.setLastModifiedTime(other, FileTime.from(Instant.now().minusSeconds(86_400)));
        AtomicInteger n = new AtomicInteger();
        String base = serve(n, ex -> ex.sendResponseHeaders(404, -1));
        assertThrows(IOException.class, () -> ModelLocator.download(base + "/x.zip", null));
        assertFalse(Files.exists(stale), "a .part older than " + ModelLocator.STALE_PART_AGE + " is removed");
        assertTrue(Files.exists(fresh), "a recent .part (another download in progress) is kept");
        assertTrue(Files.exists(other), "cached models are kept");
        try (var s = Files.list(cache)) {
            assertEquals(2, s.count(), "the failed download left no .part of its own");
        }
    }

    @Test
    void badSettingsAreNamed() {
        System.setProperty(ModelLocator.READ_TIMEOUT_PROPERTY, "soon");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ModelLocator::readTimeoutMillis);
        assertTrue(e.getMessage().contains(ModelLocator.READ_TIMEOUT_PROPERTY) && e.getMessage().contains("'soon'"), e.getMessage());
        System.setProperty(ModelLocator.READ_TIMEOUT_PROPERTY, "0.5");
        assertEquals(500, ModelLocator.readTimeoutMillis());
        System.clearProperty(ModelLocator.READ_TIMEOUT_PROPERTY);
        assertEquals(ModelLocator.DEFAULT_READ_TIMEOUT_SECONDS * 1000, ModelLocator.readTimeoutMillis());
        assertEquals(ModelLocator.DEFAULT_MAX_DOWNLOAD_BYTES, ModelLocator.maxDownloadBytes());
    }
}
