package org.colorize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.colorize.core.testing.TestData;
import org.colorize.core.testing.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** {@code colorize serve}: the API's answers and error cases, and the page in a real headless Chromium. */
class ColorizeServerTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium"), CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static ColorizeServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        server = ColorizeServer.start(TinyModels.lToAb(), "tiny-l-to-ab",
                ColorizeServer.Options.defaults().withPort(0).withLimits(2_000_000, 1_000_000));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> post(String query, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "colorize" + query))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] png(int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, (x * 7 + y * 3) & 0xff);
            }
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(img, "png", b);
        return b.toByteArray();
    }

    @Test
    void postedImageComesBackAsAPngOfItsSize() throws Exception {
        HttpResponse<byte[]> r = post("?vividness=1.5", png(123, 45));
        assertEquals(200, r.statusCode(), new String(r.body()));
        assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(""));
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertEquals(123, out.getWidth());
        assertEquals(45, out.getHeight());
        assertTrue(server.url().startsWith("http://127.0.0.1:"), "bound to loopback");
    }

    @Test
    void everyErrorHasItsStatusAndAMessage() throws Exception {
        HttpResponse<byte[]> notImage = post("", "hello, not an image".getBytes());
        assertEquals(400, notImage.statusCode());
        assertTrue(new String(notImage.body()).contains("not an image"));
        assertEquals(400, post("?vividness=9", png(8, 8)).statusCode());
        assertEquals(400, post("?vividness=abc", png(8, 8)).statusCode());
        assertEquals(400, post("?vividness=NaN", png(8, 8)).statusCode(), "NaN is not a vividness");
        HttpResponse<byte[]> big = post("", new byte[2_000_001]);
        assertEquals(413, big.statusCode());
        assertTrue(new String(big.body()).contains("2000000"), new String(big.body()));
        HttpResponse<byte[]> tooManyPixels = post("", png(1001, 1000));
        assertEquals(413, tooManyPixels.statusCode());
        assertTrue(new String(tooManyPixels.body()).contains("1001x1000"), new String(tooManyPixels.body()));
        // a 69-byte PNG declaring 30000x30000: refused from its header, at once
        long t0 = System.nanoTime();
        HttpResponse<byte[]> bomb = post("", org.colorize.core.testing.ImageFiles.pngDeclaring(30000, 30000));
        assertEquals(413, bomb.statusCode());
        assertTrue(new String(bomb.body()).contains("30000x30000"), new String(bomb.body()));
        assertTrue((System.nanoTime() - t0) / 1e6 < 1000, "refused in under a second");
        // a JPEG cut short: 400 naming the damage
        byte[] jpeg = org.colorize.core.testing.ImageFiles.jpeg(org.colorize.core.testing.ImageFiles.noisy(256, 192, 1));
        HttpResponse<byte[]> cut = post("", java.util.Arrays.copyOf(jpeg, jpeg.length * 6 / 10));
        assertEquals(400, cut.statusCode());
        assertTrue(new String(cut.body()).contains("the posted image: the image is incomplete"), new String(cut.body()));
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "colorize")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
        HttpResponse<String> missing = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "etc/passwd")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        HttpResponse<String> models = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "models")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, models.statusCode());
        assertTrue(models.body().contains("\"name\":\"tiny-l-to-ab\"") && models.body().contains("\"kind\":\"L_TO_AB\""),
                models.body());
    }

    @Test
    void aFullQueueAnswers503WithRetryAfter() throws Exception {
        try (ColorizeServer small = ColorizeServer.start(TinyModels.lToAb(), "tiny",
                ColorizeServer.Options.defaults().withPort(0).withConcurrency(1, 0))) {
            byte[] body = png(1000, 1000);
            int n = 6;
            ExecutorService pool = Executors.newFixedThreadPool(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return HTTP.send(HttpRequest.newBuilder(URI.create(small.url() + "colorize"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                }));
            }
            go.countDown();
            int ok = 0, busy = 0;
            for (Future<HttpResponse<byte[]>> f : answers) {
                HttpResponse<byte[]> r = f.get();
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    assertEquals(503, r.statusCode(), new String(r.body()));
                    assertTrue(r.headers().firstValue("Retry-After").isPresent());
                    busy++;
                }
            }
            pool.shutdown();
            assertTrue(ok >= 1 && busy >= 1, ok + " ok, " + busy + " busy");
        }
    }

    /** A real browser: upload a real photo with the file picker, the colour image appears at the photo's size. */
    @Test
    void thePageColorizesAnUploadedPhotoInHeadlessChromium(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "headless browser test skipped: install Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
        Path photo = TestData.photo("unsplash/woman.png").toRealPath();
        BufferedImage original = ImageIO.read(photo.toFile());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1200,900", "--user-data-dir=" + tmp.resolve("profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        // -Dcolorize.screenshot.model=default: the page with a real model, for the docs' screenshot
        String shotModel = System.getProperty("colorize.screenshot.model");
        ColorizeServer page = shotModel == null ? server
                : ColorizeServer.start(org.colorize.core.bundle.ModelLocator.load(shotModel), shotModel,
                        ColorizeServer.Options.defaults().withPort(0));
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(page.url());
            driver.findElement(By.id("file")).sendKeys(photo.toAbsolutePath().toString());
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            JavascriptExecutor js = driver;
            wait.until(d -> ((Number) js.executeScript(
                    "const i = document.getElementById('colour'); return i.complete && i.src ? i.naturalWidth : 0;"))
                    .intValue() > 0);
            long w = ((Number) js.executeScript("return document.getElementById('colour').naturalWidth;")).longValue();
            long h = ((Number) js.executeScript("return document.getElementById('colour').naturalHeight;")).longValue();
            assertEquals(original.getWidth(), w);
            assertEquals(original.getHeight(), h);
            assertEquals("false", driver.findElement(By.id("download")).getAttribute("aria-disabled"));
            String shots = System.getProperty("colorize.screenshot.dir");
            if (shots != null) {
                Files.createDirectories(Path.of(shots));
                Files.write(Path.of(shots, "serve.png"), driver.getScreenshotAs(OutputType.BYTES));
            }
        } finally {
            driver.quit();
            if (page != server) {
                page.close();
            }
        }
    }
}
