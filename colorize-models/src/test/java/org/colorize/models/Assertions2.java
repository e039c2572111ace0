package org.colorize.models;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Assertions shared by the tests of this module. */
final class Assertions2 {

    private Assertions2() {
    }

    /** Asserts that {@code build} fails with a message naming the option and the value. */
    static void failsNaming(Executable build, String option, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().contains(option), "message should name " + option + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(value), "message should give the value " + value + ": " + e.getMessage());
    }
}
