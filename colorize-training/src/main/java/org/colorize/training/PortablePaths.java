package org.colorize.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts absolute file paths in provenance values to their file names, so that a released model does not
 * carry the folders of the machine that trained it ({@code /home/me/runs/unet/grid.png} becomes
 * {@code grid.png}). URLs and relative paths are left as they are.
 */
final class PortablePaths {

    /**
     * A Unix path of at least two parts ({@code /a/b}) not inside a URL or a word, or a Windows path
     * ({@code C:\a\b}, {@code \\server\share\b}); group 1 is its last part.
     */
    private static final Pattern ABSOLUTE = Pattern.compile(
            "(?<![\\w.:/\\\\~-])/(?:[^\\s/\"'`,;()\\[\\]{}<>]+/)+([^\\s/\"'`,;()\\[\\]{}<>]*)"
                    + "|(?<![\\w])(?:[A-Za-z]:|\\\\\\\\[^\\s\\\\\"']+)\\\\(?:[^\\s\\\\\"']+\\\\)*([^\\s\\\\\"']*)");

    private PortablePaths() {
    }

    /**
     * @param value a provenance value: a string, a map or list of values, or anything else
     * @return the same value with every absolute path in its strings cut to its file name
     */
    static Object strip(Object value) {
        if (value instanceof String s) {
            return strip(s);
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, strip(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(strip(v)));
            return out;
        }
        return value;
    }

    private static String strip(String s) {
        Matcher m = ABSOLUTE.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(name.isEmpty() ? "..." : name));
        }
        m.appendTail(out);
        return out.toString();
    }
}
