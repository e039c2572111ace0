package org.colorize.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.colorize.core.Colorizer;
import org.colorize.core.testing.ImageFiles;
import org.colorize.core.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few hundred damaged images (cut short, bytes flipped, lengths overwritten) made from PNG, JPEG
 * (RGB, EXIF, CMYK), GIF, BMP, TIFF and WebP files: each either reads and colorizes at its size, or
 * fails with an IOException whose message starts with its file name, within a time bound; never an
 * Error.
 */
class ImageFuzzTest {

    private static final int MUTANTS = 330;
    private static final double SECONDS_EACH = 5;

    @Test
    void everyDamagedImageWorksOrFailsNamingItsFile(@TempDir Path tmp) throws Exception {
        // every seed reads intact (so damage, not the seed, decides each outcome)
        for (Map.Entry<String, byte[]> seed : ImageFiles.seeds().entrySet()) {
            Path f = tmp.resolve(seed.getKey());
            Files.write(f, seed.getValue());
            Images.read(f);
        }
        List<Path> files = ImageFiles.writeMutants(tmp.resolve("mutants"), MUTANTS, 20240613L);
        ImageReadOptions options = ImageReadOptions.defaults().withMaxPixels(4_000_000);
        Map<String, Integer> outcomes = new TreeMap<>();
        double slowest = 0;
        String slowestFile = "";
        try (Colorizer colorizer = Colorizer.builder().model(TinyModels.lToAb()).build()) {
            for (Path f : files) {
                long t0 = System.nanoTime();
                String outcome;
                try {
                    BufferedImage img = Images.read(f, options);
                    BufferedImage out = colorizer.colorize(img);
                    assertEquals(img.getWidth(), out.getWidth(), f.toString());
                    assertEquals(img.getHeight(), out.getHeight(), f.toString());
                    outcome = "read";
                } catch (IOException e) {
                    assertTrue(e.getMessage() != null && e.getMessage().startsWith(f.toString() + ": "),
                            f + ": the message must start with the file: " + e.getMessage());
                    outcome = e.getClass().getSimpleName();
                } catch (RuntimeException | Error e) {
                    fail(f + ": neither an image nor an IOException naming it: " + e, e);
                    return;
                }
                double s = (System.nanoTime() - t0) / 1e9;
                if (s > slowest) {
                    slowest = s;
                    slowestFile = f.getFileName().toString();
                }
                assertTrue(s < SECONDS_EACH, f + " took " + s + " s");
                outcomes.merge(outcome, 1, Integer::sum);
            }
        }
        System.out.printf("fuzz: %d mutants: %s; slowest %.2f s (%s)%n", files.size(), outcomes, slowest, slowestFile);
        assertTrue(outcomes.getOrDefault("read", 0) > 0 && outcomes.size() > 1, "both outcomes occur: " + outcomes);
    }
}
