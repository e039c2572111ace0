package org.colorize.core.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.colorize.core.io.AtomicFiles;

/**
 * Finds a model bundle from a string: a catalogue name ({@link ModelCatalog}), a {@code classpath:}
 * resource, an http(s) URL, or a file path, in that order. A URL is downloaded once into the cache
 * folder (to a temporary file, checked against its SHA-256 when one is known, then moved into place
 * in one step), and read from there afterwards.
 *
 * <ul>
 *   <li>Cache folder: system property {@value #CACHE_DIR_PROPERTY}, else environment variable
 *       {@value #CACHE_DIR_ENV}, else {@code ~/.colorize/models}.</li>
 *   <li>Offline: system property {@value #OFFLINE_PROPERTY} or environment variable
 *       {@value #OFFLINE_ENV} set to {@code true} forbids any download; cached files still load.</li>
 *   <li>SHA-256: from the catalogue entry, or a {@code #sha256=<hex>} fragment on the URL.</li>
 * </ul>
 *
 * <p>When nothing matches, the exception lists every place that was tried and why each failed.
 */
public final class ModelLocator {

    /** System property naming the cache folder. */
    public static final String CACHE_DIR_PROPERTY = "colorize.cache.dir";
    /** Environment variable naming the cache folder. */
    public static final String CACHE_DIR_ENV = "COLORIZE_CACHE_DIR";
    /** System property that forbids downloads when {@code true}. */
    public static final String OFFLINE_PROPERTY = "colorize.offline";
    /** Environment variable that forbids downloads when {@code true}. */
    public static final String OFFLINE_ENV = "COLORIZE_OFFLINE";
    /** The name of the default model in the catalogue. */
    public static final String DEFAULT_MODEL = "default";

    private ModelLocator() {
    }

    /**
     * Loads the bundle that {@code location} names.
     *
     * @param location a catalogue name, {@code classpath:path}, http(s) URL, or file path
     * @return the bundle
     * @throws IOException naming every place tried, when none holds a model; or the bundle's own
     *         error when it is found but unreadable
     */
    public static ModelBundle load(String location) throws IOException {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("model location must not be blank");
        }
        List<String> tried = new ArrayList<>();
        if (location.startsWith("classpath:")) {
            return loadResource(location.substring("classpath:".length()), null, location);
        }
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return ModelBundle.load(download(location, null));
        }
        Optional<ModelCatalog.Entry> entry = ModelCatalog.find(location);
        if (entry.isPresent()) {
            ModelCatalog.Entry e = entry.get();
            if (e.resource() != null) {
                return loadResource(e.resource(), e.sha256(), "model '" + location + "' (" + e.catalogue() + ")");
            }
            if (e.url() != null) {
                return ModelBundle.load(download(e.url(), e.sha256()));
            }
            throw new IOException("model '" + location + "' in " + e.catalogue() + " has neither a resource nor a url");
        }
        List<String> names = new ArrayList<>();
        for (ModelCatalog.Entry e : ModelCatalog.entries()) {
            names.add(e.name());
        }
        tried.add("catalogue name: no model named '" + location + "' (known: "
                + (names.isEmpty() ? "none; no jar with an embedded model is on the classpath" : String.join(", ", names)) + ")");
        try {
            Path p = Path.of(location);
            if (Files.isRegularFile(p)) {
                return ModelBundle.load(p);
            }
            tried.add("file: " + p.toAbsolutePath() + (Files.isDirectory(p) ? " is a directory" : " does not exist"));
        } catch (InvalidPathException e) {
            tried.add("file: '" + location + "' is not a valid path (" + e.getReason() + ")");
        }
        throw new IOException("no model found for '" + location + "'; tried:\n  - " + String.join("\n  - ", tried)
                + "\n  (a location may be a catalogue name, classpath:RESOURCE, an http(s) URL, or a file path)");
    }

    private static ModelBundle loadResource(String resource, String sha256, String what) throws IOException {
        String res = resource.startsWith("/") ? resource.substring(1) : resource;
        InputStream in = ModelCatalog.loader().getResourceAsStream(res);
        if (in == null) {
            throw new IOException(what + ": classpath resource '" + res + "' not found");
        }
        try (in) {
            if (sha256 == null) {
                return ModelBundle.load(in, "classpath:" + res);
            }
            Path tmp = Files.createTempFile("colorize-bundle", ".zip");
            try {
                String actual = copyHashing(in, tmp);
                checkSha(actual, sha256, "classpath:" + res);
                try {
                    return ModelBundle.load(tmp);
                } catch (BundleFormatException e) {
                    throw new BundleFormatException(e.getMessage().replace(tmp.toString(), "classpath:" + res), e.getCause());
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** @return the cache folder, from the property, the environment, or the default */
    public static Path cacheDir() {
        String dir = System.getProperty(CACHE_DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            dir = System.getenv(CACHE_DIR_ENV);
        }
        if (dir == null || dir.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".colorize", "models");
        }
        return Path.of(dir);
    }

    /** @return whether downloads are forbidden */
    public static boolean offline() {
        String v = System.getProperty(OFFLINE_PROPERTY);
        if (v == null) {
            v = System.getenv(OFFLINE_ENV);
        }
        return v != null && v.trim().equalsIgnoreCase("true");
    }

    /** The cache file a URL is stored in: a hash of the URL plus its last path segment. */
    public static Path cachePath(String url) {
        String noFragment = url.contains("#") ? url.substring(0, url.indexOf('#')) : url;
        String path = URI.create(noFragment).getPath();
        String last = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        last = last.replaceAll("[^A-Za-z0-9._-]", "_");
        if (last.isEmpty()) {
            last = "model.zip";
        }
        String key = HexFormat.of().formatHex(sha256(noFragment.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        return cacheDir().resolve(key + "-" + last);
    }

    /**
     * Returns the cached file of a URL, downloading it first when it is not cached.
     *
     * @param url the http(s) URL, optionally with {@code #sha256=<hex>}
     * @param expectedSha256 the expected SHA-256 in hex, or null (the fragment's is used then)
     * @return the cached file
     * @throws IOException if offline and not cached, if the download fails, or if the hash differs
     */
    public static Path download(String url, String expectedSha256) throws IOException {
        String sha = expectedSha256;
        String fetchUrl = url;
        int hash = url.indexOf('#');
        if (hash >= 0) {
            String frag = url.substring(hash + 1);
            fetchUrl = url.substring(0, hash);
            if (sha == null && frag.startsWith("sha256=")) {
                sha = frag.substring("sha256=".length());
            }
        }
        Path target = cachePath(url);
        if (Files.isRegularFile(target)) {
            if (sha == null) {
                return target;
            }
            String actual;
            try (InputStream in = Files.newInputStream(target)) {
                actual = copyHashing(in, OutputStream.nullOutputStream());
            }
            if (actual.equalsIgnoreCase(sha)) {
                return target;
            }
            if (offline()) {
                throw new IOException("cached model " + target + " for " + fetchUrl + " has SHA-256 " + actual
                        + ", expected " + sha + ", and downloads are off (" + OFFLINE_ENV + "=true)");
            }
        } else if (offline()) {
            throw new IOException("model " + fetchUrl + " is not in the cache (" + target + ") and downloads are off ("
                    + OFFLINE_ENV + " / -D" + OFFLINE_PROPERTY + " is true)");
        }
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        try {
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(30)).build();
            HttpRequest req = HttpRequest.newBuilder(URI.create(fetchUrl)).timeout(Duration.ofMinutes(10)).GET().build();
            HttpResponse<InputStream> resp;
            try {
                resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("download of " + fetchUrl + " interrupted", e);
            } catch (IOException e) {
                throw new IOException("download of " + fetchUrl + " failed: " + e, e);
            }
            String actual;
            try (InputStream body = resp.body()) {
                if (resp.statusCode() != 200) {
                    throw new IOException("download of " + fetchUrl + " failed: HTTP " + resp.statusCode());
                }
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    actual = copyHashing(body, out);
                }
            }
            if (sha != null) {
                checkSha(actual, sha, fetchUrl);
            }
            AtomicFiles.move(tmp, target);
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void checkSha(String actual, String expected, String what) throws IOException {
        if (!actual.equalsIgnoreCase(expected.trim())) {
            throw new IOException(what + ": SHA-256 mismatch: expected " + expected.trim().toLowerCase(Locale.ROOT)
                    + ", got " + actual + " (the file was not kept)");
        }
    }

    private static String copyHashing(InputStream in, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            return copyHashing(in, out);
        }
    }

    private static String copyHashing(InputStream in, OutputStream out) throws IOException {
        MessageDigest md = digest();
        try (DigestInputStream din = new DigestInputStream(in, md)) {
            din.transferTo(out);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static byte[] sha256(byte[] data) {
        return digest().digest(data);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
