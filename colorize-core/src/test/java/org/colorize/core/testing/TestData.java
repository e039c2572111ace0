package org.colorize.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the real test data is ({@code ../shared/data}, or the {@code colorize.data.dir} system
 * property), for the tests of every module. Tests that need it skip with a clear message when it is
 * absent, so that a user's build without the data still passes.
 */
public final class TestData {

    private TestData() {
    }

    /** @return the data folder, skipping the calling test when it is absent */
    public static Path dir() {
        String prop = System.getProperty("colorize.data.dir");
        Path dir;
        if (prop != null) {
            dir = Path.of(prop); // exactly where it says: a missing folder skips
        } else {
            dir = Path.of("..", "shared", "data");
            if (!Files.isDirectory(dir)) {
                dir = Path.of("..", "..", "shared", "data");
            }
        }
        assumeTrue(Files.isDirectory(dir), "real test data not found at " + dir.toAbsolutePath()
                + " (set -Dcolorize.data.dir or place shared/data beside the project); skipping");
        return dir;
    }

    /** @return the photos folder */
    public static Path photosDir() {
        Path p = dir().resolve("photos");
        assumeTrue(Files.isDirectory(p), "photos folder not found at " + p.toAbsolutePath() + "; skipping");
        return p;
    }

    /** @return every photo (PNG/JPEG) under the photos folder, sorted by path */
    public static List<Path> photos() {
        try (Stream<Path> s = Files.walk(photosDir())) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> f.toString().matches("(?i).*\\.(png|jpe?g)$"))
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return one named photo, e.g. {@code unsplash/woman.png} */
    public static Path photo(String relative) {
        Path p = photosDir().resolve(relative);
        assumeTrue(Files.isRegularFile(p), "photo " + p.toAbsolutePath() + " not found; skipping");
        return p;
    }

    /** @return a CIFAR-10 batch file, e.g. {@code data_batch_1.bin} */
    public static Path cifar(String name) {
        Path p = dir().resolve("cifar-10").resolve(name);
        assumeTrue(Files.isRegularFile(p), "CIFAR-10 batch " + p.toAbsolutePath() + " not found; skipping");
        return p;
    }
}
