package org.colorize.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.colorize.core.bundle.ModelCatalog;
import org.colorize.core.bundle.ModelLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code colorize models}: the catalogue (embedded models) and the download cache, with sizes. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Lists the models: embedded ones (by catalogue name) and cached downloads.")
final class ModelsCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Embedded and listed models:");
        var entries = ModelCatalog.entries();
        if (entries.isEmpty()) {
            out.println("  (none: no jar with a model catalogue is on the classpath)");
        }
        for (ModelCatalog.Entry e : entries) {
            String where = e.resource() != null ? "classpath:" + e.resource() : e.url();
            long size = -1;
            if (e.resource() != null) {
                var url = ModelCatalog.class.getClassLoader().getResource(e.resource());
                if (url != null) {
                    size = url.openConnection().getContentLengthLong();
                }
            }
            out.printf("  %-12s %s%s%n", e.name(), where, size >= 0 ? String.format(" (%.1f MB)", size / 1e6) : "");
            if (!e.aliases().isEmpty()) {
                out.printf("  %-12s aliases: %s%n", "", String.join(", ", e.aliases()));
            }
            if (!e.description().isBlank()) {
                out.printf("  %-12s %s%n", "", e.description());
            }
            if (e.resource() != null) {
                provenance(e.resource()).ifPresent(p -> out.printf("  %-12s %s%n", "", p));
            }
        }
        Path cache = ModelLocator.cacheDir();
        out.println("Download cache (" + cache + "):");
        if (Files.isDirectory(cache)) {
            try (Stream<Path> s = Files.list(cache)) {
                var files = s.filter(Files::isRegularFile).sorted().toList();
                if (files.isEmpty()) {
                    out.println("  (empty)");
                }
                for (Path f : files) {
                    out.printf("  %s (%.1f MB)%n", f.getFileName(), Files.size(f) / 1e6);
                }
            }
        } else {
            out.println("  (empty)");
        }
        out.flush();
        return 0;
    }

    /** A line of provenance from the bundle's metadata.json, read without loading the network. */
    private static java.util.Optional<String> provenance(String resource) {
        try (var in = ModelCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return java.util.Optional.empty();
            }
            var zip = new java.util.zip.ZipInputStream(in);
            for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals(org.colorize.core.bundle.ModelBundle.METADATA_ENTRY)) {
                    var md = org.colorize.core.bundle.ModelMetadata.fromJson(
                            new String(zip.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), resource);
                    var p = md.provenance();
                    return java.util.Optional.of(md.architecture() + ", " + md.kind() + ", trained on " + p.get("trainingData")
                            + ", " + p.get("epochs") + " epochs, " + p.get("created"));
                }
            }
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.of("(provenance unreadable: " + e.getMessage() + ")");
        }
        return java.util.Optional.empty();
    }
}
