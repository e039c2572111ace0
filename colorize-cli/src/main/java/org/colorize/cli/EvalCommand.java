package org.colorize.cli;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.List;
import java.util.concurrent.Callable;
import org.colorize.core.Colorizer;
import org.colorize.training.eval.ComparisonGrid;
import org.colorize.training.eval.Evaluation;
import org.colorize.training.eval.EvaluationReport;
import org.colorize.data.source.ImageSource;
import org.colorize.options.ModelOption;
import org.colorize.options.VividnessOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code colorize eval}: the metrics of a model on colour images a user brings (each fed to the model
 * as its 8-bit gray), next to the do-nothing baselines, with a comparison grid and an HTML page.
 * Small images (CIFAR's 32x32) make one grid at three times their size; photos make thumbnails
 * {@value #ROW_HEIGHT} px high, {@value #PER_PAGE} a page (JPEG pages: the PNGs of 42 photos would
 * be 18.7 MB), and the page links each one at full size (PNG).
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluates a model on colour images: PSNR, SSIM, CIEDE2000, colourfulness, with baselines.")
final class EvalCommand implements Callable<Integer> {

    /** The height of a photo's thumbnails in the grid, in pixels. */
    static final int ROW_HEIGHT = 256;
    /** Photos a grid page. */
    static final int PER_PAGE = 10;
    /** Images at most this high are shown at three times their size instead of as thumbnails. */
    static final int SMALL = 64;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOption model = new ModelOption();

    @Option(names = "--data", paramLabel = "PATH", arity = "1..*", required = true,
            description = "Colour images: CIFAR .bin files or a folder (read recursively).")
    List<Path> data;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Write evaluation.md, evaluation.json, the comparison grid (grid.png; for photos "
                    + "grid-1.jpg, grid-2.jpg, ...) and index.html here; for photos also images/ at full size.")
    Path report;

    @Option(names = "--from", paramLabel = "I", defaultValue = "0", description = "First image index (default: 0).")
    int from;

    @Option(names = "--limit", paramLabel = "N", description = "At most N images (default: all).")
    Integer limit;

    @Mixin
    VividnessOption vividness = new VividnessOption();

    @Option(names = "--grid-images", paramLabel = "N", defaultValue = "100",
            description = "Images in the comparison grid (default: ${DEFAULT-VALUE}).")
    int gridImages;

    private boolean photos;
    private ImageSource source;
    private int start;

    @Override
    public Integer call() throws Exception {
        float v = ColorizeCli.usage(vividness::value);
        source = DataPaths.open(data);
        start = Math.min(from, source.size());
        int n = limit == null ? source.size() - start : Math.min(limit, source.size() - start);
        if (n <= 0) {
            throw new ColorizeCli.UsageException("no images to evaluate in " + data + " from index " + from);
        }
        // Read lazily: one batch of images at a time.
        List<BufferedImage> images = new AbstractList<>() {
            @Override
            public BufferedImage get(int i) {
                try {
                    return source.get(start + i).image().toBufferedImage();
                } catch (Exception e) {
                    throw new IllegalStateException(source.origin(start + i) + ": " + e.getMessage(), e);
                }
            }

            @Override
            public int size() {
                return n;
            }
        };
        EvaluationReport r;
        try (Colorizer c = Colorizer.builder().model(ColorizeCli.loadBundle(model.value())).vividness(v).build()) {
            Evaluation ev = Evaluation.of(c).images(images);
            if (report != null) {
                Files.createDirectories(report);
                ComparisonGrid.Options grid = ComparisonGrid.Options.defaults().images(Math.min(gridImages, n));
                if (source.get(start).image().height() <= SMALL) {
                    ev = ev.grid(report.resolve("grid.png"), grid.scale(3));
                } else {
                    // JPEG pages: the PNG of 42 photos' thumbnails at 256 px is 18.7 MB, the JPEG (4:4:4) a fraction
                    ev = ev.grid(report.resolve("grid.jpg"), grid.columns(1).rowHeight(ROW_HEIGHT).perPage(PER_PAGE))
                            .saveImages(report.resolve("images"));
                    photos = true;
                }
            }
            r = ev.run();
        }
        spec.commandLine().getOut().println(r.toTable());
        spec.commandLine().getOut().flush();
        if (report != null) {
            Files.writeString(report.resolve("evaluation.md"), r.toTable(), StandardCharsets.UTF_8);
            Files.writeString(report.resolve("evaluation.json"), r.toJson(), StandardCharsets.UTF_8);
            Files.writeString(report.resolve("index.html"), html(r), StandardCharsets.UTF_8);
            spec.commandLine().getErr().println("colorize: report written to " + report.toAbsolutePath().resolve("index.html"));
        }
        return 0;
    }

    private String html(EvaluationReport r) {
        StringBuilder t = new StringBuilder();
        int row = 0;
        for (String line : r.toTable().split("\n")) {
            if (line.startsWith("|---") || line.isBlank()) {
                continue;
            }
            String cell = row++ == 0 ? "th" : "td";
            t.append("<tr>");
            for (String c : line.replaceAll("^\\||\\|$", "").split("\\|")) {
                t.append('<').append(cell).append('>').append(escape(c.trim())).append("</").append(cell).append('>');
            }
            t.append("</tr>\n");
        }
        return "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>colorize evaluation</title>"
                + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child{text-align:left}</style>"
                + "</head><body>\n<h1>colorize evaluation</h1>\n<p>Model: <code>" + escape(model.value()) + "</code>; data: <code>"
                + escape(data.toString()) + "</code>; " + r.count() + " images, each fed to the model as its 8-bit gray.</p>\n"
                + "<table>\n" + t + "</table>\n"
                + grid(r)
                + "</body></html>\n";
    }

    /** The grid's pages, and for photos the links to each image at full size. */
    private String grid(EvaluationReport r) {
        if (r.gridPages().isEmpty()) {
            return "";
        }
        StringBuilder h = new StringBuilder("<h2>Ground truth | gray input | colorized</h2>\n");
        Path images = Path.of("images");
        int index = 0;
        for (int p = 0; p < r.gridPages().size(); p++) {
            String page = r.gridPages().get(p).getFileName().toString();
            h.append("<p><img src=\"").append(escape(page)).append("\" alt=\"comparison grid, page ").append(p + 1)
                    .append("\"></p>\n");
            if (!photos) {
                continue;
            }
            h.append("<ol start=\"").append(index + 1).append("\">\n");
            int onPage = Math.min(PER_PAGE, Math.min(gridImages, r.count()) - index);
            for (int k = 0; k < onPage; k++, index++) {
                h.append("<li>").append(escape(source.origin(start + index))).append(':');
                for (String kind : new String[] {"truth", "gray", "colorized"}) {
                    h.append(" <a href=\"").append(escape("images/" + Evaluation.imageFile(images, index, kind).getFileName()))
                            .append("\">").append(kind).append("</a>");
                }
                h.append("</li>\n");
            }
            h.append("</ol>\n");
        }
        return h.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
