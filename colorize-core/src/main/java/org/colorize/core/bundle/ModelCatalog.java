package org.colorize.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

/**
 * The models known by name: every {@value #RESOURCE} on the classpath (one per jar that embeds or
 * lists models). Each entry names a model, its aliases, and either a classpath {@code resource} or a
 * {@code url}, with an optional {@code sha256} of the file.
 *
 * <pre>{@code
 * {"models": [
 *   {"name": "default", "aliases": ["lab-unet"], "resource": "org/colorize/pretrained/default.zip",
 *    "sha256": "…", "description": "…"}
 * ]}
 * }</pre>
 */
public final class ModelCatalog {

    /** The classpath location of catalogue files. */
    public static final String RESOURCE = "META-INF/colorize/catalog.json";

    /**
     * One catalogue entry.
     *
     * @param name the model's name
     * @param aliases other names for it
     * @param resource a classpath resource holding the bundle, or null
     * @param url an http(s) URL of the bundle, or null
     * @param sha256 the SHA-256 of the bundle file in hex, or null
     * @param description a line about the model
     * @param catalogue where the entry was read from
     */
    public record Entry(String name, List<String> aliases, String resource, String url, String sha256,
            String description, String catalogue) {

        /** @return whether {@code id} is this entry's name or one of its aliases */
        public boolean matches(String id) {
            return name.equals(id) || aliases.contains(id);
        }
    }

    private ModelCatalog() {
    }

    /**
     * Reads every catalogue on the class loader.
     *
     * @param loader the class loader to search
     * @return the entries, in classpath order
     * @throws IOException if a catalogue cannot be read or parsed (its location is named)
     */
    public static List<Entry> entries(ClassLoader loader) throws IOException {
        List<Entry> out = new ArrayList<>();
        Enumeration<URL> urls = loader.getResources(RESOURCE);
        ObjectMapper json = new ObjectMapper();
        while (urls.hasMoreElements()) {
            URL url = urls.nextElement();
            JsonNode root;
            try (InputStream in = url.openStream()) {
                root = json.readTree(in);
            } catch (IOException e) {
                throw new IOException("model catalogue " + url + " is not valid JSON: " + e.getMessage(), e);
            }
            for (JsonNode m : root.path("models")) {
                String name = m.path("name").asText(null);
                if (name == null) {
                    throw new IOException("model catalogue " + url + " has an entry without a name");
                }
                List<String> aliases = new ArrayList<>();
                m.path("aliases").forEach(a -> aliases.add(a.asText()));
                out.add(new Entry(name, Collections.unmodifiableList(aliases), m.path("resource").asText(null),
                        m.path("url").asText(null), m.path("sha256").asText(null),
                        m.path("description").asText(""), url.toString()));
            }
        }
        return out;
    }

    /** @return the entries on this library's class loader */
    public static List<Entry> entries() throws IOException {
        return entries(loader());
    }

    /**
     * Finds a model by name or alias.
     *
     * @param id the name
     * @return the first matching entry
     * @throws IOException if a catalogue cannot be read
     */
    public static Optional<Entry> find(String id) throws IOException {
        return entries().stream().filter(e -> e.matches(id)).findFirst();
    }

    static ClassLoader loader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : ModelCatalog.class.getClassLoader();
    }
}
