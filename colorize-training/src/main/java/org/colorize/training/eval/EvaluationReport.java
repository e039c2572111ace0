package org.colorize.training.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of an {@link Evaluation}: the {@link Metrics} of the model next to those of the
 * do-nothing baselines and of the ground truth, on the same images. Immutable.
 *
 * <pre>{@code
 * EvaluationReport report = Evaluation.of(colorizer).images(truth).run();
 * System.out.println(report.toTable());
 * Files.writeString(Path.of("report.json"), report.toJson());
 * }</pre>
 */
public final class EvaluationReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String modelName;
    private final Metrics model;
    private final Metrics gray;
    private final Metrics lZeroAb;
    private final Metrics truth;
    private final List<Path> gridPages;
    private final VersusGray versusGray;

    /**
     * A report from its rows.
     *
     * @param modelName the model's architecture id, shown in the table
     * @param model the colorizer's metrics
     * @param gray the metrics of the gray input replicated to RGB
     * @param lZeroAb the metrics of the truth's L with a = b = 0
     * @param truth the metrics of the ground truth itself
     * @param grid the comparison grid written, or null
     */
    public EvaluationReport(String modelName, Metrics model, Metrics gray, Metrics lZeroAb, Metrics truth, Path grid) {
        this(modelName, model, gray, lZeroAb, truth, grid, null);
    }

    /**
     * A report from its rows and the image-by-image comparison with the gray input.
     *
     * @param modelName the model's architecture id, shown in the table
     * @param model the colorizer's metrics
     * @param gray the metrics of the gray input replicated to RGB
     * @param lZeroAb the metrics of the truth's L with a = b = 0
     * @param truth the metrics of the ground truth itself
     * @param grid the comparison grid written, or null
     * @param versusGray the model against the gray input, image by image, or null when not measured
     */
    public EvaluationReport(String modelName, Metrics model, Metrics gray, Metrics lZeroAb, Metrics truth, Path grid,
            VersusGray versusGray) {
        this(modelName, model, gray, lZeroAb, truth, grid == null ? List.of() : List.of(grid), versusGray);
    }

    /**
     * A report from its rows, the image-by-image comparison with the gray input, and a grid of several pages.
     *
     * @param modelName the model's architecture id, shown in the table
     * @param model the colorizer's metrics
     * @param gray the metrics of the gray input replicated to RGB
     * @param lZeroAb the metrics of the truth's L with a = b = 0
     * @param truth the metrics of the ground truth itself
     * @param gridPages the comparison grid's files, in page order (empty when none was written)
     * @param versusGray the model against the gray input, image by image, or null when not measured
     */
    public EvaluationReport(String modelName, Metrics model, Metrics gray, Metrics lZeroAb, Metrics truth,
            List<Path> gridPages, VersusGray versusGray) {
        this.gridPages = List.copyOf(Objects.requireNonNull(gridPages, "gridPages"));
        this.versusGray = versusGray;
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.model = Objects.requireNonNull(model, "model");
        this.gray = Objects.requireNonNull(gray, "gray");
        this.lZeroAb = Objects.requireNonNull(lZeroAb, "lZeroAb");
        this.truth = Objects.requireNonNull(truth, "truth");
    }

    /** @return the evaluated model's architecture id (from its metadata) */
    public String modelName() {
        return modelName;
    }

    /** @return the model against the gray input image by image, when measured ({@link Evaluation} does) */
    public Optional<VersusGray> versusGray() {
        return Optional.ofNullable(versusGray);
    }

    /** @return the model's colourfulness over the ground truth's (1 = as colourful as the truth) */
    public double colourfulnessRatio() {
        return model.colourfulness() / truth.colourfulness();
    }

    /** @return the metrics of the colorizer's outputs */
    public Metrics model() {
        return model;
    }

    /** @return the metrics of the "gray" baseline: the gray input replicated to R = G = B */
    public Metrics gray() {
        return gray;
    }

    /** @return the metrics of the "L with ab = 0" baseline: the truth's L* with a* = b* = 0, as 8-bit sRGB */
    public Metrics lZeroAb() {
        return lZeroAb;
    }

    /**
     * @return the metrics of the ground truth against itself: its colourfulness, PSNR
     *         {@link Double#POSITIVE_INFINITY}, SSIM 1, CIEDE2000 0
     */
    public Metrics truth() {
        return truth;
    }

    /** @return the number of images evaluated */
    public int count() {
        return model.count();
    }

    /** @return the comparison grid PNG written by the evaluation (its first page), if one was asked for */
    public Optional<Path> grid() {
        return gridPages.stream().findFirst();
    }

    /** @return every page of the comparison grid, in order (empty when none was written) */
    public List<Path> gridPages() {
        return gridPages;
    }

    /**
     * The report as a Markdown table: one row per baseline, the model, and the ground truth; PSNR in
     * dB with 2 decimals (infinite shown as ∞), SSIM with 4, CIEDE2000 and colourfulness with 2.
     *
     * @return the table, lines ending in {@code \n}
     */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(count()).append(count() == 1 ? " image" : " images")
                .append(" | PSNR mean (dB) | PSNR dataset (dB) | SSIM | CIEDE2000 | colourfulness |\n");
        sb.append("|---|---:|---:|---:|---:|---:|\n");
        row(sb, "gray (baseline)", gray);
        row(sb, "L with ab = 0 (baseline)", lZeroAb);
        row(sb, "model: " + modelName.replace("|", "\\|"), model);
        row(sb, "ground truth", truth);
        sb.append(String.format(Locale.ROOT, "%nColourfulness of the model over the truth's: %.3f%n", colourfulnessRatio()));
        if (versusGray != null && versusGray.images() > 0) {
            sb.append(String.format(Locale.ROOT, "Over the %d images whose truth has colour (per-image PSNR capped at %.0f dB): "
                    + "model %.2f dB, gray %.2f dB (%+.2f dB); the model is closer to the truth than gray on %.1f%% of them.%n",
                    versusGray.images(), VersusGray.CAP_DB, versusGray.modelPsnrMean(), versusGray.grayPsnrMean(),
                    versusGray.modelPsnrMean() - versusGray.grayPsnrMean(), 100 * versusGray.shareBetterThanGray()));
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, Metrics m) {
        sb.append("| ").append(name)
                .append(" | ").append(format(m.psnrMean(), 2))
                .append(" | ").append(format(m.psnrDataset(), 2))
                .append(" | ").append(format(m.ssim(), 4))
                .append(" | ").append(format(m.ciede2000(), 2))
                .append(" | ").append(format(m.colourfulness(), 2))
                .append(" |\n");
    }

    private static String format(double v, int decimals) {
        if (v == Double.POSITIVE_INFINITY) {
            return "∞";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /**
     * The report as JSON: {@code images}, {@code model} (the architecture id), {@code rows} with the
     * metrics of {@code gray}, {@code lZeroAb}, {@code model} and {@code truth} (fields named as in
     * {@link Metrics}), and {@code grid} (the first page) and {@code gridPages} when a grid was written.
     * JSON has no infinity: an infinite PSNR is written as {@code null}.
     *
     * @return pretty-printed JSON
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("images", count());
        root.put("model", modelName);
        ObjectNode rows = root.putObject("rows");
        json(rows.putObject("gray"), gray);
        json(rows.putObject("lZeroAb"), lZeroAb);
        json(rows.putObject("model"), model);
        json(rows.putObject("truth"), truth);
        number(root, "colourfulnessRatio", colourfulnessRatio());
        if (versusGray != null) {
            ObjectNode v = root.putObject("versusGray");
            v.put("images", versusGray.images());
            number(v, "modelPsnrMean", versusGray.modelPsnrMean());
            number(v, "grayPsnrMean", versusGray.grayPsnrMean());
            number(v, "shareBetterThanGray", versusGray.shareBetterThanGray());
            v.put("capDb", VersusGray.CAP_DB);
        }
        if (!gridPages.isEmpty()) {
            root.put("grid", gridPages.get(0).toString());
            com.fasterxml.jackson.databind.node.ArrayNode pages = root.putArray("gridPages");
            gridPages.forEach(p -> pages.add(p.toString()));
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }

    private static void json(ObjectNode node, Metrics m) {
        number(node, "psnrMean", m.psnrMean());
        number(node, "psnrDataset", m.psnrDataset());
        number(node, "ssim", m.ssim());
        number(node, "ciede2000", m.ciede2000());
        number(node, "colourfulness", m.colourfulness());
        node.put("count", m.count());
    }

    private static void number(ObjectNode node, String name, double v) {
        if (Double.isFinite(v)) {
            node.put(name, v);
        } else {
            node.putNull(name);
        }
    }

    /** @return {@link #toTable()} */
    @Override
    public String toString() {
        return toTable();
    }
}
