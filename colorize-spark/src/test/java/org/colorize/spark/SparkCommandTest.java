package org.colorize.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code colorize spark}'s shared options: refused before any Spark session starts, naming the option. */
class SparkCommandTest {

    /** @return the exit code and standard error of the command line */
    private static String[] run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new SparkCommand()).execute(args);
            return new String[] {"" + code, err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void aVividnessOutsideZeroToFourIsABadArgument() {
        for (String v : List.of("4.5", "NaN", "-1")) {
            String[] r = run("-i", "in", "-o", "out", "--vividness", v);
            assertEquals("2", r[0], r[1]);
            assertTrue(r[1].contains("--vividness must be a number in [0, 4]"), r[1]);
        }
        String[] pixels = run("-i", "in", "-o", "out", "--max-pixels", "0");
        assertEquals("2", pixels[0], pixels[1]);
        assertTrue(pixels[1].contains("--max-pixels must be >= 1, was 0"), pixels[1]);
    }

    @Test
    void theLibraryOptionsRefuseTheSameValuesUnderTheirOwnName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkColorize.Options.of("in", "out").withVividness(4.5f));
        assertTrue(e.getMessage().startsWith("vividness must be a number in [0, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SparkColorize.Options.of("in", "out").withVividness(Float.NaN));
    }
}
