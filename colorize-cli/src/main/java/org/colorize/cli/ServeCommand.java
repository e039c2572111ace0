package org.colorize.cli;

import java.util.concurrent.Callable;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.bundle.ModelLocator;
import org.colorize.options.ModelOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code colorize serve}: the web page and HTTP API ({@link ColorizeServer}). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves a page to colorize photos in the browser, and an HTTP API: POST /colorize (image body -> PNG), "
                + "GET /models. Binds to 127.0.0.1 unless --host says otherwise. Stop it with Ctrl-C."})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    ModelOption model = new ModelOption();

    @Option(names = "--port", defaultValue = "8080", paramLabel = "N", description = "Port, 0 for any free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDR",
            description = "Address to bind (default ${DEFAULT-VALUE}: this machine only).")
    String host;

    @Option(names = "--workers", defaultValue = "2", paramLabel = "N", description = "Images colorized at once (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--queue", defaultValue = "8", paramLabel = "N",
            description = "Requests that may wait; more get 503 (default ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--max-pixels", defaultValue = "40000000", paramLabel = "N",
            description = "Largest image in pixels (default ${DEFAULT-VALUE}).")
    long maxPixels;

    @Option(names = "--max-bytes", defaultValue = "33554432", paramLabel = "N",
            description = "Largest request body in bytes (default ${DEFAULT-VALUE}).")
    long maxBytes;

    @Override
    public Integer call() throws Exception {
        ColorizeServer.Options o;
        try {
            o = new ColorizeServer.Options(host, port, workers, queue, maxBytes, maxPixels);
        } catch (IllegalArgumentException e) {
            throw new ColorizeCli.UsageException(e.getMessage());
        }
        ModelBundle bundle = ColorizeCli.loadBundle(model.value());
        try (ColorizeServer server = ColorizeServer.start(bundle, model.value(), o)) {
            System.err.println("colorize: serving " + model.value() + " at " + server.url() + " (Ctrl-C to stop)");
            server.awaitStop();
        }
        return 0;
    }
}
