package org.colorize.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.colorize.core.color.Lab;
import org.colorize.core.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark job in local[2], one Spark context for all tests. */
class SparkColorizeTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("colorize-test")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** Real photos with a corrupt file among them: every photo is done, the corrupt one is a failed row; a re-run skips. */
    @Test
    void colorizesRealPhotosKeepsTheirLightnessAndSurvivesACorruptFile(@TempDir Path tmp) throws Exception {
        List<Path> photos = TestData.photos().subList(0, 6);
        Path in = tmp.resolve("in"), out = tmp.resolve("out");
        Files.createDirectories(in.resolve("sub"));
        for (int i = 0; i < photos.size(); i++) {
            Path dir = i % 2 == 0 ? in : in.resolve("sub");
            Files.copy(photos.get(i), dir.resolve(photos.get(i).getFileName()));
        }
        byte[] head = Files.readAllBytes(photos.get(0));
        Files.write(in.resolve("corrupt.png"), java.util.Arrays.copyOf(head, 300)); // a PNG cut short
        SparkColorize.Summary s = SparkColorize.run(spark, SparkColorize.Options.of(in.toString(), out.toString()));
        assertEquals(6, s.done());
        assertEquals(1, s.failed());
        Map<String, Row> rows = results(out);
        assertEquals(7, rows.size());
        Row bad = rows.get("corrupt.png");
        assertEquals("failed", bad.getAs("status"));
        assertNotNull(bad.getAs("error"));
        assertFalse(Files.exists(out.resolve("corrupt-colorized.png")));
        for (int i = 0; i < photos.size(); i++) {
            Path src = photos.get(i);
            String rel = (i % 2 == 0 ? "" : "sub/") + src.getFileName().toString().replaceFirst("\\.[^.]+$", "")
                    + "-colorized.png";
            Path result = out.resolve(rel);
            assertTrue(Files.isRegularFile(result), rel);
            BufferedImage a = ImageIO.read(src.toFile()), b = ImageIO.read(result.toFile());
            assertEquals(a.getWidth(), b.getWidth(), rel);
            assertEquals(a.getHeight(), b.getHeight(), rel);
            assertEquals(a.getWidth(), ((Number) rows.get(src.getFileName().toString()).getAs("width")).intValue());
            double diff = 0;
            for (int y = 0; y < a.getHeight(); y += 3) {
                for (int x = 0; x < a.getWidth(); x += 3) {
                    diff += Math.abs(Lab.lightnessOfRgb8(a.getRGB(x, y)) - Lab.lightnessOfRgb8(b.getRGB(x, y)));
                }
            }
            double mean = diff / (((a.getHeight() + 2) / 3) * ((a.getWidth() + 2) / 3));
            assertTrue(mean < 2.0, rel + ": mean |dL| " + mean);
        }
        try (Stream<Path> left = Files.walk(out)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
        SparkColorize.Summary again = SparkColorize.run(spark, SparkColorize.Options.of(in.toString(), out.toString()));
        assertEquals(0, again.done());
        assertEquals(6, again.skipped());
        assertEquals(1, again.failed());
    }

    /** Generated images (never skips): two inputs that would share an output both fail; other files fail alone. */
    @Test
    void collidingOutputsFailInsteadOfOverwriting(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in"), out = tmp.resolve("out");
        Files.createDirectories(in);
        ImageIO.write(picture(40, 30, 1), "png", in.resolve("a.png").toFile());
        ImageIO.write(picture(40, 30, 2), "jpg", in.resolve("a.jpg").toFile());
        ImageIO.write(picture(24, 36, 3), "png", in.resolve("b.png").toFile());
        Files.writeString(in.resolve("notes.txt"), "hello");
        Files.write(in.resolve("bomb.png"), org.colorize.core.testing.ImageFiles.pngDeclaring(30000, 30000));
        SparkColorize.Summary s = SparkColorize.run(spark,
                new SparkColorize.Options(in.toString(), out.toString(), "default", 0, 1.5f, "jpg", "parquet"));
        assertEquals(1, s.done());
        assertEquals(4, s.failed());
        Map<String, Row> rows = new HashMap<>();
        for (Row r : spark.read().parquet(out.resolve(SparkColorize.RESULTS).toString()).collectAsList()) {
            rows.put(Path.of(java.net.URI.create(r.getAs("input"))).getFileName().toString(), r);
        }
        assertTrue(((String) rows.get("a.png").getAs("error")).contains("same output name"));
        assertTrue(((String) rows.get("a.jpg").getAs("error")).contains("same output name"));
        assertTrue(((String) rows.get("notes.txt").getAs("error")).contains("not an image"));
        String bomb = rows.get("bomb.png").getAs("error");
        assertTrue(bomb.contains("bomb.png") && bomb.contains("30000x30000") && bomb.contains("100000000"), bomb);
        assertTrue(((Number) rows.get("bomb.png").getAs("millis")).longValue() < 1000, "refused from the header");
        assertFalse(Files.exists(out.resolve("a-colorized.jpg")));
        BufferedImage b = ImageIO.read(out.resolve("b-colorized.jpg").toFile());
        assertEquals(24, b.getWidth());
        assertEquals(36, b.getHeight());
    }

    @Test
    void outputNamesFollowTheCommandLineTool() {
        assertEquals("file:/o/sub/x-colorized.png", SparkColorize.outputFor("file:/i", "file:/o", "file:/i/sub/x.jpeg", "png"));
        assertEquals("file:/o/y.z-colorized.jpg", SparkColorize.outputFor("file:/i/", "file:/o/", "file:/i/y.z.PNG", "jpg"));
        assertTrue(SparkColorize.isImage("file:/a/b.JPG"));
        assertFalse(SparkColorize.isImage("file:/a.jpg/readme"));
        assertEquals("file:/o/s/x-colorized.png", SparkColorize.outputFor("file:///i", "file:/o", "file:/i/s/x.png", "png"));
    }

    private static Map<String, Row> results(Path out) throws IOException {
        Map<String, Row> rows = new HashMap<>();
        for (Row r : spark.read().option("header", "true").schema(SparkColorize.SCHEMA).csv(out.resolve(SparkColorize.RESULTS).toString())
                .collectAsList()) {
            rows.put(Path.of(java.net.URI.create(r.getAs("input"))).getFileName().toString(), r);
        }
        return rows;
    }

    private static BufferedImage picture(int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(Color.HSBtoRGB(seed / 7f, 0.7f, 0.8f)));
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }
}
