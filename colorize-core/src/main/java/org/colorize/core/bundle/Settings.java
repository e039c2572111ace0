package org.colorize.core.bundle;

import java.util.Locale;

/**
 * Reads a numeric setting from a system property, else an environment variable, else a default; the
 * form of each value is checked and a bad one is reported with the setting's name.
 */
final class Settings {

    private Settings() {
    }

    /** The raw value: the property if set and not blank, else the environment variable, else null. */
    static String raw(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * A byte count: digits with an optional binary suffix {@code k}, {@code m}, {@code g} or {@code t}
     * (case-insensitive, optionally followed by {@code b} or {@code ib}): {@code 2g} is 2 GiB.
     *
     * @throws IllegalArgumentException naming the setting, if the value is not a positive byte count
     */
    static long bytes(String property, String env, long dflt) {
        String v = raw(property, env);
        if (v == null) {
            return dflt;
        }
        try {
            return parseBytes(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting -D" + property + " / " + env + " must be a positive byte count"
                    + " such as 500m or 2g, was '" + v + "'");
        }
    }

    /** Parses a positive byte count as {@link #bytes}. */
    static long parseBytes(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT).replace("_", "");
        if (s.endsWith("ib")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("b")) {
            s = s.substring(0, s.length() - 1);
        }
        int shift = 0;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'k' -> shift = 10;
                case 'm' -> shift = 20;
                case 'g' -> shift = 30;
                case 't' -> shift = 40;
                default -> shift = -1;
            }
            if (shift >= 0) {
                s = s.substring(0, s.length() - 1);
            } else {
                shift = 0;
            }
        }
        long n = Long.parseLong(s.trim());
        if (n <= 0 || n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("out of range: " + v);
        }
        return n << shift;
    }

    /**
     * A duration in seconds (a decimal number, e.g. {@code 30} or {@code 0.5}).
     *
     * @return milliseconds, at least 1
     * @throws IllegalArgumentException naming the setting, if the value is not a positive number
     */
    static int millis(String property, String env, int dfltMillis) {
        String v = raw(property, env);
        if (v == null) {
            return dfltMillis;
        }
        double sec;
        try {
            sec = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            sec = Double.NaN;
        }
        if (!(sec > 0) || sec > Integer.MAX_VALUE / 1000.0) {
            throw new IllegalArgumentException("setting -D" + property + " / " + env
                    + " must be a positive number of seconds, was '" + v + "'");
        }
        return (int) Math.max(1, Math.round(sec * 1000));
    }

    /** Formats a byte count for messages: exact bytes, plus MiB/GiB when large. */
    static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return bytes + " bytes (" + String.format(Locale.ROOT, "%.1f", bytes / (double) (1L << 30)) + " GiB)";
        }
        if (bytes >= 1L << 20) {
            return bytes + " bytes (" + String.format(Locale.ROOT, "%.1f", bytes / (double) (1L << 20)) + " MiB)";
        }
        return bytes + " bytes";
    }
}
