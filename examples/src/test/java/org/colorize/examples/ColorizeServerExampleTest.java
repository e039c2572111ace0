package org.colorize.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.colorize.core.Colorizer;
import org.colorize.core.image.Images;
import org.colorize.core.testing.TestData;
import org.colorize.core.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP example: one colorizer loaded from a bundle file, eight real photos posted at once. */
class ColorizeServerExampleTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void servesConcurrentRequestsAndRefusesNonImages(@TempDir Path tmp) throws Exception {
        List<Path> photos = TestData.photos();
        assertTrue(photos.size() >= 8, "at least 8 photos in the data folder, found " + photos.size());
        Path bundle = tmp.resolve("tiny.zip");
        TinyModels.lToAb().save(bundle);

        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try (Colorizer colorizer = Colorizer.fromPretrained(bundle.toString());
                ColorizeServerExample server = ColorizeServerExample.start(colorizer, 0, 4)) {
            URI uri = URI.create("http://127.0.0.1:" + server.port() + ColorizeServerExample.PATH);

            // Eight threads, each with its own photo, released together.
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Path photo = photos.get(i * photos.size() / 8);
                Callable<String> call = () -> {
                    BufferedImage input = Images.read(photo);
                    byte[] body = Files.readAllBytes(photo);
                    go.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    assertEquals(200, response.statusCode(), photo + ": " + new String(response.body()));
                    assertEquals("image/png", response.headers().firstValue("Content-Type").orElse(""));
                    BufferedImage colour = ImageIO.read(new ByteArrayInputStream(response.body()));
                    assertNotNull(colour, photo + ": the response is not an image");
                    assertEquals(input.getWidth(), colour.getWidth(), photo + " width");
                    assertEquals(input.getHeight(), colour.getHeight(), photo + " height");
                    return photo.getFileName().toString();
                };
                results.add(clients.submit(call));
            }
            go.countDown();
            for (Future<String> f : results) {
                f.get(2 * TIMEOUT.toSeconds(), TimeUnit.SECONDS); // rethrows a failed assertion
            }
            assertEquals(8, server.served());

            HttpResponse<String> text = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofString("hello, not a picture")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, text.statusCode());
            assertEquals("the body is not an image (20 bytes; send a PNG, JPEG, BMP or GIF file)", text.body().trim());

            HttpResponse<String> get = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(405, get.statusCode());
            assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
            assertEquals(8, server.served(), "refused requests are not counted");
        } finally {
            clients.shutdownNow();
            assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS), "client threads ended");
        }
    }
}
