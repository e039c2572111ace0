package org.colorize.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.colorize.core.ColorizationPipeline;
import org.colorize.core.Colorizer;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.bundle.ModelCatalog;
import org.colorize.core.bundle.ModelMetadata;
import org.colorize.core.encoding.Encoding;
import org.colorize.core.image.ImageReadOptions;
import org.colorize.core.image.ImageTooLargeException;
import org.colorize.core.image.Images;

/**
 * The web page and HTTP API of {@code colorize serve}: one model in memory, shared by every request, with
 * bounded concurrency and limits on what a request may cost. Bound to 127.0.0.1 unless told otherwise.
 *
 * <ul>
 *   <li>{@code GET /}: a page that takes a photo (drag and drop or file picker), shows it in gray beside
 *       its colorization, with a vividness slider and a download link.</li>
 *   <li>{@code POST /colorize[?vividness=V]} with an image file as the body: {@code 200} and the colour image
 *       as PNG, of the posted image's upright size (EXIF orientation applied). The image is read as
 *       {@link Images#read(java.io.InputStream, String, ImageReadOptions)} reads files: its header first, against
 *       the pixel limit, before any pixel is decoded. Errors are {@code text/plain} one-liners: {@code 400} not an
 *       image, an incomplete image (a JPEG cut short) or a bad vividness, {@code 405} another method, {@code 411} no length, {@code 413} a body over
 *       {@link Options#maxBodyBytes()} or an image over {@link Options#maxPixels()}, {@code 503} with
 *       {@code Retry-After} when {@link Options#workers()} requests run and {@link Options#queue()} wait.</li>
 *   <li>{@code GET /models}: JSON with the loaded model's name, architecture, kind and working size, and
 *       the catalogue's names.</li>
 * </ul>
 *
 * <p>Requests never touch the file system. Not a production server: no TLS, no authentication.
 *
 * <pre>{@code
 * try (ColorizeServer server = ColorizeServer.start(bundle, "default", ColorizeServer.Options.defaults())) {
 *     System.out.println("open " + server.url());
 *     server.awaitStop();
 * }
 * }</pre>
 */
public final class ColorizeServer implements AutoCloseable {

    /**
     * Server options.
     *
     * @param host the address to bind (default 127.0.0.1)
     * @param port the port, 0 for any free one (default 8080)
     * @param workers requests colorized at once (default 2; 1..64)
     * @param queue requests that may wait for a worker before others get 503 (default 8; 0..1024)
     * @param maxBodyBytes the largest request body (default 32 MiB)
     * @param maxPixels the largest image, width x height (default 40 megapixels)
     */
    public record Options(String host, int port, int workers, int queue, long maxBodyBytes, long maxPixels) {

        /** @throws IllegalArgumentException naming the option, if one is out of range */
        public Options {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 0..65535, was " + port);
            }
            if (workers < 1 || workers > 64) {
                throw new IllegalArgumentException("workers must be in 1..64, was " + workers);
            }
            if (queue < 0 || queue > 1024) {
                throw new IllegalArgumentException("queue must be in 0..1024, was " + queue);
            }
            if (maxBodyBytes < 1 || maxBodyBytes > (1L << 31)) {
                throw new IllegalArgumentException("maxBodyBytes must be in 1..2^31, was " + maxBodyBytes);
            }
            if (maxPixels < 1) {
                throw new IllegalArgumentException("maxPixels must be >= 1, was " + maxPixels);
            }
        }

        /** @return the defaults */
        public static Options defaults() {
            return new Options("127.0.0.1", 8080, 2, 8, 32L << 20, 40_000_000L);
        }

        /** @return a copy on another port */
        public Options withPort(int p) {
            return new Options(host, p, workers, queue, maxBodyBytes, maxPixels);
        }

        /** @return a copy with other concurrency limits */
        public Options withConcurrency(int w, int q) {
            return new Options(host, port, w, q, maxBodyBytes, maxPixels);
        }

        /** @return a copy with other size limits */
        public Options withLimits(long bodyBytes, long pixels) {
            return new Options(host, port, workers, queue, bodyBytes, pixels);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ModelBundle bundle;
    /** Owns the bundle; the other vividness values are views of it over the same network. */
    private final ColorizationPipeline main;
    private final String modelName;
    private final Options options;
    private final Semaphore admitted;
    private final Semaphore running;
    private final Map<Integer, Colorizer> byVividness = new ConcurrentHashMap<>();
    private final byte[] page;
    private final byte[] models;

    private ColorizeServer(ModelBundle bundle, String modelName, Options options) throws IOException {
        this.bundle = bundle;
        this.main = ColorizationPipeline.of(bundle, 4);
        this.modelName = modelName;
        this.options = options;
        this.admitted = new Semaphore(options.workers() + options.queue());
        this.running = new Semaphore(options.workers());
        try (InputStream in = ColorizeServer.class.getResourceAsStream("index.html")) {
            if (in == null) {
                throw new IOException("the page index.html is missing from the classpath");
            }
            page = in.readAllBytes();
        }
        models = modelsJson();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(options.host()), options.port()), 64);
        executor = Executors.newFixedThreadPool(options.workers() + options.queue() + 2, r -> {
            Thread t = new Thread(r, "colorize-serve");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::route);
    }

    /**
     * Starts serving.
     *
     * @param bundle the model; the server owns its network from now on and closes it in {@link #close()}
     * @param modelName the name shown on the page and by {@code /models}
     * @param options the options
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    public static ColorizeServer start(ModelBundle bundle, String modelName, Options options) throws IOException {
        ColorizeServer s = new ColorizeServer(Objects.requireNonNull(bundle, "bundle"), modelName, options);
        s.server.start();
        return s;
    }

    /** @return the port it listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the page's URL */
    public String url() {
        return "http://" + options.host() + ":" + port() + "/";
    }

    /** Blocks until the JVM is interrupted (Ctrl-C). */
    public void awaitStop() throws InterruptedException {
        Thread.currentThread().join();
    }

    private void route(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/", "/index.html" -> {
                    if (!ex.getRequestMethod().equals("GET")) {
                        text(ex, 405, "use GET for " + path);
                        return;
                    }
                    send(ex, 200, "text/html; charset=utf-8", page);
                }
                case "/models" -> send(ex, 200, "application/json", models);
                case "/colorize" -> colorize(ex);
                default -> text(ex, 404, "no such page: " + path + " (the API is POST /colorize and GET /models)");
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    private void colorize(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            ex.getResponseHeaders().add("Allow", "POST");
            text(ex, 405, "use POST with the image file as the body");
            return;
        }
        float vividness;
        try {
            vividness = vividness(ex.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            text(ex, 400, e.getMessage());
            return;
        }
        String lengthHeader = ex.getRequestHeaders().getFirst("Content-Length");
        long length;
        try {
            length = lengthHeader == null ? -1 : Long.parseLong(lengthHeader);
        } catch (NumberFormatException e) {
            text(ex, 400, "bad Content-Length " + lengthHeader);
            return;
        }
        if (length < 0) {
            text(ex, 411, "send the image with a Content-Length");
            return;
        }
        if (length > options.maxBodyBytes()) {
            drain(ex.getRequestBody(), length);
            text(ex, 413, "the body has " + length + " bytes; the limit is " + options.maxBodyBytes());
            return;
        }
        if (!admitted.tryAcquire()) {
            drain(ex.getRequestBody(), length);
            ex.getResponseHeaders().add("Retry-After", "2");
            text(ex, 503, "busy: " + options.workers() + " images are being colorized and " + options.queue()
                    + " wait; try again in a moment");
            return;
        }
        try {
            byte[] body = readBody(ex.getRequestBody(), length);
            BufferedImage img;
            try {
                // the same reading as files get: header first against the pixel limit, then decoding
                // (upright, sRGB), incomplete images refused
                img = Images.read(new ByteArrayInputStream(body), "the posted image",
                        new ImageReadOptions(options.maxPixels(), false));
            } catch (ImageTooLargeException e) {
                text(ex, 413, "the image is " + e.width() + "x" + e.height() + " (" + ((long) e.width() * e.height())
                        + " pixels); the limit is " + e.limit() + " pixels");
                return;
            } catch (IOException e) {
                String m = e.getMessage();
                text(ex, 400, m != null && m.contains("no ImageIO reader")
                        ? "the body is not an image this server can read (PNG, JPEG, BMP, GIF, TIFF, WebP)" : m);
                return;
            }
            running.acquireUninterruptibly();
            BufferedImage colour;
            try {
                colour = colorizer(vividness).colorize(img);
            } finally {
                running.release();
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(colour, "png", png);
            send(ex, 200, "image/png", png.toByteArray());
        } catch (IOException e) {
            text(ex, 400, "cannot read the image: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            text(ex, 413, "the image needs more memory than this server has; send a smaller one");
        } finally {
            admitted.release();
        }
    }

    /**
     * Reads and drops a refused body (up to 64 MiB) so that the client, still sending, gets the answer
     * instead of a reset connection; a larger one is cut off.
     */
    private static void drain(InputStream in, long length) throws IOException {
        long left = Math.min(length, 64L << 20);
        byte[] buf = new byte[65536];
        int n;
        while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
            left -= n;
        }
    }

    private static byte[] readBody(InputStream in, long length) throws IOException {
        byte[] b = in.readNBytes((int) length);
        if (b.length != length) {
            throw new IOException("the body ended after " + b.length + " of " + length + " bytes");
        }
        return b;
    }

    /** @return the vividness of a query such as {@code vividness=1.2}, 1 when absent */
    static float vividness(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return 1f;
        }
        for (String kv : rawQuery.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            if (k.equals("vividness")) {
                String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                float f;
                try {
                    f = Float.parseFloat(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("vividness must be a number in [0, 4], was '" + v + "'");
                }
                return Encoding.checkVividness(f);
            }
        }
        return 1f;
    }

    /**
     * One view per vividness (in steps of 0.05) of the one colorizer that owns the network: the model is
     * loaded once, and {@link #close()} frees it once.
     */
    private Colorizer colorizer(float vividness) {
        int key = Math.round(vividness * 20);
        return byVividness.computeIfAbsent(key, k -> main.withVividness(k / 20f));
    }

    private byte[] modelsJson() throws IOException {
        ModelMetadata md = bundle.metadata();
        Map<String, Object> loaded = new LinkedHashMap<>();
        loaded.put("name", modelName);
        loaded.put("architecture", md.architecture());
        loaded.put("kind", md.kind().name());
        loaded.put("encoding", md.encoding().id());
        loaded.put("workingSize", md.workingSize().toString());
        List<String> names = new ArrayList<>();
        for (ModelCatalog.Entry e : ModelCatalog.entries()) {
            names.add(e.name());
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("loaded", loaded);
        root.put("catalogue", names);
        root.put("maxPixels", options.maxPixels());
        root.put("maxBodyBytes", options.maxBodyBytes());
        return new ObjectMapper().writeValueAsBytes(root);
    }

    private static void text(HttpExchange ex, int status, String message) throws IOException {
        send(ex, status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    /** Stops serving (waiting up to 2 s for requests in flight) and closes the model's network. */
    @Override
    public void close() {
        server.stop(2);
        executor.shutdown();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        main.close(); // closes the views too, and frees the network
    }
}
