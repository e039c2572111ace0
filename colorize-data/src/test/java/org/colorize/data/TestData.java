package org.colorize.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real test data of ../shared/data (system property {@code colorize.data.dir}); tests skip without it. */
public final class TestData {

    private TestData() {
    }

    /** @return the data folder, or skips the calling test with a message saying what is missing */
    public static Path dir() {
        String dir = System.getProperty("colorize.data.dir");
        assumeTrue(dir != null && Files.isDirectory(Path.of(dir)),
                "real test data not found: set -Dcolorize.data.dir to the shared data folder (was " + dir + ")");
        return Path.of(dir);
    }

    /** @return a file under the data folder, or skips the test when it is absent */
    public static Path file(String relative) {
        Path p = dir().resolve(relative);
        assumeTrue(Files.exists(p), "real test data file not found: " + p);
        return p;
    }

    /** @return the two CIFAR-10 batches */
    public static Path[] cifar() {
        return new Path[] {file("cifar-10/data_batch_1.bin"), file("cifar-10/data_batch_2.bin")};
    }
}
