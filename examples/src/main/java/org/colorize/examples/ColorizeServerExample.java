package org.colorize.examples;

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
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.colorize.core.Colorizer;
import org.colorize.core.image.Images;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Colorization inside an application: one {@link Colorizer}, loaded once and shared by every request
 * thread (it is thread-safe), behind a tiny HTTP endpoint made with the JDK's own
 * {@code com.sun.net.httpserver}, bound to 127.0.0.1 only.
 *
 * <p>{@code POST /colorize} with an image file as the body (PNG, JPEG, BMP or GIF) answers
 * {@code 200} with the colorized image as PNG, of the input's size. A body that is not an image gets
 * {@code 400} and a one-line text message; another method {@code 405}; a body over
 * {@link #MAX_BODY_BYTES} {@code 413}.
 *
 * <pre>{@code
 * try (Colorizer colorizer = Colorizer.fromPretrained("my-model.zip");
 *      ColorizeServerExample server = ColorizeServerExample.start(colorizer, 8080, 4)) {
 *     // curl --data-binary @photo.jpg http://127.0.0.1:8080/colorize -o colour.png
 *     server.awaitStop();
 * }
 * }</pre>
 *
 * <p>Run: {@code java -cp ... org.colorize.examples.ColorizeServerExample [MODEL] [PORT] [THREADS]}
 * (defaults {@code default}, 8080, the number of processors). {@code MODEL} is anything
 * {@link Colorizer#fromPretrained(String)} accepts: a catalogue name, a bundle file, a
 * {@code classpath:} resource or an http(s) URL. Stop it with Ctrl-C.
 *
 * <p>Not a production server: no TLS, no authentication, no request timeouts. It listens on the
 * loopback address only; put a real server in front of it to serve others.
 */
public final class ColorizeServerExample implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ColorizeServerExample.class);
    /** The path of the endpoint. */
    public static final String PATH = "/colorize";
    /** The largest request body accepted, in bytes (32 MiB). */
    public static final int MAX_BODY_BYTES = 32 << 20;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Colorizer colorizer;
    private final AtomicInteger served = new AtomicInteger();

    private ColorizeServerExample(HttpServer server, ExecutorService executor, Colorizer colorizer) {
        this.server = server;
        this.executor = executor;
        this.colorizer = colorizer;
    }

    /**
     * Starts serving on 127.0.0.1.
     *
     * @param colorizer the colorizer shared by all requests (not closed by the server)
     * @param port the port, or 0 for any free one (see {@link #port()})
     * @param threads request threads, at least 1
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    public static ColorizeServerExample start(Colorizer colorizer, int port, int threads) throws IOException {
        Objects.requireNonNull(colorizer, "colorizer");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "colorize-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ColorizeServerExample s = new ColorizeServerExample(server, executor, colorizer);
        server.createContext(PATH, s::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info("colorizing at http://127.0.0.1:{}{} with {} threads", s.port(), PATH, threads);
        return s;
    }

    /** @return the port the server listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the number of images colorized so far */
    public int served() {
        return served.get();
    }

    /**
     * Blocks until the server's threads end (after {@link #close()} from another thread).
     *
     * @throws InterruptedException if this thread is interrupted while waiting
     */
    public void awaitStop() throws InterruptedException {
        while (!executor.awaitTermination(1, TimeUnit.HOURS)) {
            // keep waiting
        }
    }

    /** Stops accepting requests, lets running ones finish (at most 5 s), and ends the threads. */
    @Override
    public void close() {
        server.stop(5);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                text(exchange, 405, "use POST with an image file as the body");
                return;
            }
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                text(exchange, 413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
                return;
            }
            BufferedImage input;
            try {
                input = ImageIO.read(new ByteArrayInputStream(body));
            } catch (IOException | RuntimeException e) {
                input = null;
            }
            if (input == null) {
                text(exchange, 400, "the body is not an image (" + body.length
                        + " bytes; send a PNG, JPEG, BMP or GIF file)");
                return;
            }
            BufferedImage colour = colorizer.colorize(input);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            Images.write(colour, "png", png, "response");
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, png.size());
            try (OutputStream out = exchange.getResponseBody()) {
                png.writeTo(out);
            }
            served.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.warn("request failed", e);
            try {
                text(exchange, 500, "colorization failed: " + e.getMessage());
            } catch (IOException | RuntimeException ignored) {
                // headers already sent
            }
        }
    }

    /** @return the body, or null if it is larger than MAX_BODY_BYTES */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private static void text(HttpExchange exchange, int status, String message) throws IOException {
        byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * @param args model location, port, request threads
     * @throws Exception if the model cannot be loaded or the port bound
     */
    public static void main(String[] args) throws Exception {
        String model = args.length > 0 ? args[0] : "default";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        Colorizer colorizer = Colorizer.fromPretrained(model);
        ColorizeServerExample server = start(colorizer, port, threads);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            colorizer.close();
        }, "colorize-http-shutdown"));
        System.out.println("POST an image: curl --data-binary @photo.jpg http://127.0.0.1:" + server.port() + PATH
                + " -o colour.png   (Ctrl-C to stop)");
        server.awaitStop();
    }
}
