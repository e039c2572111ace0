package org.colorize.core.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.colorize.core.internal.AtomicFiles;

/**
 * Finds a model bundle from a string: a catalogue name ({@link ModelCatalog}), a {@code classpath:}
 * resource, an http(s) URL, or a file path, in that order. A URL is downloaded once into the cache
 * folder and read from there afterwards. A download goes to a {@code .part} file in the cache folder;
 * it enters the cache (one atomic move) only when it is complete (as many bytes as its
 * Content-Length), matches its SHA-256 when one is known, and is a model bundle (a zip whose
 * {@code metadata.json} parses, with only the entries colorize writes). Anything else, an HTML page
 * served with status 200 included, leaves nothing behind, and the message says why.
 *
 * <ul>
 *   <li>Size: a download larger than {@link #maxDownloadBytes()} (property
 *       {@value #MAX_DOWNLOAD_BYTES_PROPERTY}, environment {@value #MAX_DOWNLOAD_BYTES_ENV}, default
 *       2 GiB) is refused, from its Content-Length before the body is read, else when the body passes
 *       the limit.</li>
 *   <li>Timeouts: 30 s to connect; {@link #readTimeoutMillis()} (property
 *       {@value #READ_TIMEOUT_PROPERTY}, environment {@value #READ_TIMEOUT_ENV}, in seconds, default
 *       {@value #DEFAULT_READ_TIMEOUT_SECONDS}) for each wait on the server, headers and body alike, so a
 *       response that stalls fails.</li>
 *   <li>Redirects: followed (at most {@value #MAX_REDIRECTS}) within the same origin (scheme, host and
 *       port); to another origin only when a SHA-256 pins the content.</li>
 *   <li>Leftovers: {@code .part} files older than {@link #STALE_PART_AGE} (from a killed process) are
 *       deleted when the next download starts.</li>
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
    /** System property: the largest download accepted, in bytes with an optional k/m/g suffix. */
    public static final String MAX_DOWNLOAD_BYTES_PROPERTY = "colorize.download.maxBytes";
    /** Environment variable read when {@link #MAX_DOWNLOAD_BYTES_PROPERTY} is not set. */
    public static final String MAX_DOWNLOAD_BYTES_ENV = "COLORIZE_DOWNLOAD_MAX_BYTES";
    /** The default largest download: 2 GiB. */
    public static final long DEFAULT_MAX_DOWNLOAD_BYTES = 2L << 30;
    /** System property: seconds a download may wait for the next bytes of the response before failing. */
    public static final String READ_TIMEOUT_PROPERTY = "colorize.download.readTimeout";
    /** Environment variable read when {@link #READ_TIMEOUT_PROPERTY} is not set. */
    public static final String READ_TIMEOUT_ENV = "COLORIZE_DOWNLOAD_READ_TIMEOUT";
    /** The default read timeout, in seconds. */
    public static final int DEFAULT_READ_TIMEOUT_SECONDS = 30;
    /** A {@code .part} file in the cache folder older than this is a leftover and is deleted. */
    public static final Duration STALE_PART_AGE = Duration.ofHours(1);

    static final String PART_SUFFIX = ".part";
    static final int CONNECT_TIMEOUT_MILLIS = 30_000;
    static final int MAX_REDIRECTS = 5;

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

    /**
     * @return the largest download accepted, in bytes: {@link #MAX_DOWNLOAD_BYTES_PROPERTY}, else
     *     {@link #MAX_DOWNLOAD_BYTES_ENV}, else {@value #DEFAULT_MAX_DOWNLOAD_BYTES}
     * @throws IllegalArgumentException if the setting is not a positive byte count
     */
    public static long maxDownloadBytes() {
        return Settings.bytes(MAX_DOWNLOAD_BYTES_PROPERTY, MAX_DOWNLOAD_BYTES_ENV, DEFAULT_MAX_DOWNLOAD_BYTES);
    }

    /**
     * @return how long a download waits for the next bytes (of the headers or the body) before it fails,
     *     in milliseconds: {@link #READ_TIMEOUT_PROPERTY} (seconds), else {@link #READ_TIMEOUT_ENV}, else
     *     {@value #DEFAULT_READ_TIMEOUT_SECONDS} s
     * @throws IllegalArgumentException if the setting is not a positive number
     */
    public static int readTimeoutMillis() {
        return Settings.millis(READ_TIMEOUT_PROPERTY, READ_TIMEOUT_ENV, DEFAULT_READ_TIMEOUT_SECONDS * 1000);
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
     * @throws IOException if offline and not cached; if the download fails (the message gives the HTTP
     *     status and URL, "connection closed after N bytes of M", "read timed out after N s", a refused
     *     redirect or size); if the hash differs; or ({@link BundleFormatException}) if the response is
     *     not a model bundle. Nothing is then left in the cache.
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
        Path dir = target.getParent();
        Files.createDirectories(dir);
        cleanStaleParts(dir);
        long maxBytes = maxDownloadBytes();
        int readTimeout = readTimeoutMillis();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), PART_SUFFIX);
        try {
            Fetched got = fetch(fetchUrl, sha != null, tmp, maxBytes, readTimeout);
            if (sha != null) {
                checkSha(got.sha256(), sha, fetchUrl);
            }
            checkIsBundle(tmp, fetchUrl, got);
            AtomicFiles.move(tmp, target);
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** What a download fetched: its size, hash, Content-Type and Content-Length (-1 if none). */
    private record Fetched(long bytes, String sha256, String contentType, long contentLength, String finalUrl) {
    }

    /** Fetches a URL into {@code part}, following same-origin redirects (any redirect when {@code pinned}). */
    private static Fetched fetch(String fetchUrl, boolean pinned, Path part, long maxBytes, int readTimeout) throws IOException {
        URL current;
        try {
            current = URI.create(fetchUrl).toURL();
        } catch (IllegalArgumentException | java.net.MalformedURLException e) {
            throw new IOException("download of " + fetchUrl + " failed: not a valid URL (" + e.getMessage() + ")", e);
        }
        String seconds = seconds(readTimeout);
        for (int hop = 0; ; hop++) {
            String at = current.toString() + (hop > 0 ? " (redirected from " + fetchUrl + ")" : "");
            HttpURLConnection c;
            int status;
            try {
                c = (HttpURLConnection) current.openConnection();
                c.setInstanceFollowRedirects(false);
                c.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
                c.setReadTimeout(readTimeout);
                c.setRequestProperty("Accept-Encoding", "identity");
                c.setRequestProperty("User-Agent", "colorize/" + ModelMetadata.libraryVersion());
                status = c.getResponseCode();
            } catch (SocketTimeoutException e) {
                throw new IOException("download of " + at + " failed: no response within " + seconds
                        + " (" + e.getMessage() + ")", e);
            } catch (IOException e) {
                throw new IOException("download of " + at + " failed: " + e, e);
            }
            try {
                if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                    String location = c.getHeaderField("Location");
                    if (location == null || location.isBlank()) {
                        throw new IOException("download of " + at + " failed: HTTP " + status + " redirect without a Location header");
                    }
                    URL next;
                    try {
                        next = current.toURI().resolve(location.trim()).toURL();
                    } catch (java.net.URISyntaxException | IllegalArgumentException | java.net.MalformedURLException e) {
                        throw new IOException("download of " + at + " failed: HTTP " + status + " redirects to an invalid URL '"
                                + location + "'", e);
                    }
                    String scheme = next.getProtocol().toLowerCase(Locale.ROOT);
                    if (!scheme.equals("http") && !scheme.equals("https")) {
                        throw new IOException("download of " + at + " refused: HTTP " + status + " redirects to " + next
                                + ", which is not http(s)");
                    }
                    if (!origin(next).equals(origin(current)) && !pinned) {
                        throw new IOException("download of " + at + " refused: HTTP " + status + " redirects to another origin ("
                                + next + "); a redirect to another origin is followed only when a SHA-256 pins the content"
                                + " (a catalogue sha256, or #sha256=<hex> on the URL)");
                    }
                    if (hop >= MAX_REDIRECTS) {
                        throw new IOException("download of " + fetchUrl + " failed: more than " + MAX_REDIRECTS + " redirects");
                    }
                    current = next;
                    continue;
                }
                if (status != HttpURLConnection.HTTP_OK) {
                    String reason = c.getResponseMessage();
                    throw new IOException("download of " + at + " failed: HTTP " + status
                            + (reason == null || reason.isBlank() ? "" : " " + reason));
                }
                long length = c.getContentLengthLong();
                if (length > maxBytes) {
                    throw new IOException("download of " + at + " refused: its Content-Length is " + Settings.size(length)
                            + ", more than the limit of " + Settings.size(maxBytes) + " (-D" + MAX_DOWNLOAD_BYTES_PROPERTY
                            + " / " + MAX_DOWNLOAD_BYTES_ENV + ")");
                }
                MessageDigest md = digest();
                long count = 0;
                try (InputStream body = c.getInputStream(); OutputStream out = Files.newOutputStream(part)) {
                    byte[] buf = new byte[1 << 16];
                    while (true) {
                        int n;
                        try {
                            n = body.read(buf);
                        } catch (SocketTimeoutException e) {
                            throw new IOException("download of " + at + " failed: read timed out after " + seconds + " ("
                                    + count + " bytes" + (length >= 0 ? " of " + length : "") + " received)", e);
                        } catch (IOException e) {
                            throw new IOException("download of " + at + " failed: connection closed after " + count + " bytes"
                                    + (length >= 0 ? " of " + length : "") + " (" + e.getMessage() + ")", e);
                        }
                        if (n < 0) {
                            break;
                        }
                        count += n;
                        if (count > maxBytes) {
                            throw new IOException("download of " + at + " refused: the response is larger than the limit of "
                                    + Settings.size(maxBytes) + " (stopped after " + count + " bytes; -D"
                                    + MAX_DOWNLOAD_BYTES_PROPERTY + " / " + MAX_DOWNLOAD_BYTES_ENV + ")");
                        }
                        md.update(buf, 0, n);
                        out.write(buf, 0, n);
                    }
                }
                if (length >= 0 && count != length) {
                    throw new IOException("download of " + at + " failed: connection closed after " + count + " bytes of "
                            + length);
                }
                return new Fetched(count, HexFormat.of().formatHex(md.digest()), c.getContentType(), length,
                        current.toString());
            } finally {
                c.disconnect();
            }
        }
    }

    /** scheme://host:port of a URL, with the default port filled in. */
    private static String origin(URL u) {
        int port = u.getPort() >= 0 ? u.getPort() : u.getDefaultPort();
        return u.getProtocol().toLowerCase(Locale.ROOT) + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static String seconds(int millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /**
     * Refuses a downloaded file that is not a model bundle: not a zip, or a zip without readable
     * metadata, with an entry colorize does not write, or without its network.
     */
    private static void checkIsBundle(Path part, String url, Fetched got) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(part)) {
            head = in.readNBytes(4);
        }
        String what = "the response (" + got.bytes() + " bytes"
                + (got.contentType() != null ? ", Content-Type " + got.contentType() : "") + ")";
        String cut = got.contentLength() < 0
                ? "; the server sent no Content-Length, so a connection closed early looks like a complete response" : "";
        if (head.length < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
            throw new BundleFormatException("download of " + got.finalUrl() + ": not a model bundle: " + what
                    + " is not a zip; it begins '" + printable(part) + "' (the file was not kept)");
        }
        try {
            ModelBundle.checkStructure(part, url);
        } catch (BundleFormatException e) {
            throw new BundleFormatException("download of " + got.finalUrl() + ": not a model bundle: " + what + ": "
                    + e.getMessage().replace(url + ": ", "") + cut + " (the file was not kept)", e);
        }
    }

    /** The first bytes of a file as text, for a message. */
    private static String printable(Path file) throws IOException {
        byte[] b;
        try (InputStream in = Files.newInputStream(file)) {
            b = in.readNBytes(60);
        }
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(x >= 32 && x < 127 ? (char) x : x == '\n' || x == '\r' || x == '\t' ? ' ' : '?');
        }
        return sb.toString().strip() + (b.length == 60 ? "..." : "");
    }

    /**
     * Deletes {@code .part} files in the cache folder that are older than {@link #STALE_PART_AGE}: the
     * leftovers of downloads whose process was killed. A download in progress writes at least every
     * read timeout, so its file is never that old.
     */
    static void cleanStaleParts(Path dir) {
        long cutoff = System.currentTimeMillis() - STALE_PART_AGE.toMillis();
        try (var files = Files.newDirectoryStream(dir, "." + "*" + PART_SUFFIX)) {
            for (Path f : files) {
                try {
                    if (Files.isRegularFile(f) && Files.getLastModifiedTime(f).toMillis() < cutoff) {
                        Files.deleteIfExists(f);
                    }
                } catch (IOException ignored) {
                    // another process may be cleaning too; the next download tries again
                }
            }
        } catch (IOException ignored) {
            // an unreadable cache folder fails the download itself, with its own message
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
