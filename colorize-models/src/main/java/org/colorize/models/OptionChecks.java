package org.colorize.models;

import java.util.List;

/**
 * The checks of the builders' options, each failing with an {@link IllegalArgumentException} that names
 * the option and its value. The options records of the networks call them in their constructors.
 */
final class OptionChecks {

    private OptionChecks() {
    }

    /** Fails unless {@code value >= min}. */
    static void requireAtLeast(String option, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be >= " + min + ", was " + value);
        }
    }

    /** Fails unless {@code min <= value <= max}. */
    static void requireRange(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be in " + min + ".." + max + ", was " + value);
        }
    }

    /** Fails unless {@code value} is a positive multiple of {@code multiple}. */
    static void requireMultiple(String option, int value, int multiple, String why) {
        if (value < multiple || value % multiple != 0) {
            throw new IllegalArgumentException(option + " must be a positive multiple of " + multiple + " (" + why
                    + "), was " + value);
        }
    }

    /**
     * Fails unless {@code values} has {@code length} entries, each at least 1.
     *
     * @return an unmodifiable copy of {@code values}
     */
    static List<Integer> requireFilters(String option, List<Integer> values, int length) {
        requireNonNull(values, option);
        if (values.size() != length) {
            throw new IllegalArgumentException(option + " must have " + length + " entries, was " + values);
        }
        for (Integer v : values) {
            if (v == null || v < 1) {
                throw new IllegalArgumentException(option + " entries must be >= 1, was " + values);
            }
        }
        return List.copyOf(values);
    }

    /** Fails unless the kernel size is odd and at least 1 (so that 'same' padding is symmetric). */
    static void requireKernel(String option, int kernel) {
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException(option + " must be an odd number >= 1, was " + kernel);
        }
    }

    /** Fails unless {@code channels} is 1 (gray) or 3 (gray replicated to RGB). */
    static void requireGrayChannels(String option, int channels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException(option + " must be 1 or 3, was " + channels);
        }
    }

    /** Fails if {@code value} is null, naming the option. */
    static void requireNonNull(Object value, String option) {
        if (value == null) {
            throw new IllegalArgumentException(option + " must not be null");
        }
    }
}
