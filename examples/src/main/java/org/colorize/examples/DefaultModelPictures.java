package org.colorize.examples;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.colorize.core.ColorizationPipeline;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.image.Images;
import org.colorize.training.eval.Evaluation;

/**
 * The pictures of {@code docs/default-model.md} and the README: a grid of photos (gray input, old model,
 * new model, truth) and a strip of one photo at several vividness values. Every picture is made from the
 * models and photos given, never edited by hand.
 *
 * <p>Run: {@code java -cp ... org.colorize.examples.DefaultModelPictures OLD_MODEL NEW_MODEL OUT_DIR STRIP_PHOTO
 * PHOTO...}; writes {@code OUT_DIR/default-model-grid.jpg} and {@code OUT_DIR/vividness-strip.jpg}.
 */
public final class DefaultModelPictures {

    private static final int ROW = 150;
    private static final int LABEL = 22;

    private DefaultModelPictures() {
    }

    /**
     * @param args old model, new model, output folder, the strip's photo, the grid's photos
     * @throws IOException if a model or photo cannot be read or a picture written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 5) {
            System.err.println("usage: DefaultModelPictures OLD_MODEL NEW_MODEL OUT_DIR STRIP_PHOTO PHOTO...");
            System.exit(2);
        }
        Path out = Files.createDirectories(Path.of(args[2]));
        List<BufferedImage[]> rows = new ArrayList<>();
        try (ColorizationPipeline old = ColorizationPipeline.of(ModelBundle.load(Path.of(args[0])), 1);
                ColorizationPipeline neu = ColorizationPipeline.of(ModelBundle.load(Path.of(args[1])), 1)) {
            for (int i = 4; i < args.length; i++) {
                BufferedImage truth = Images.read(Path.of(args[i]));
                BufferedImage gray = Evaluation.grayInput(truth);
                rows.add(new BufferedImage[] {gray, old.colorize(gray), neu.colorize(gray), truth});
            }
            Images.write(grid(rows, new String[] {"gray input", "old default (CIFAR, MSE)", "new default",
                "original"}), out.resolve("default-model-grid.jpg"));
            BufferedImage truth = Images.read(Path.of(args[3]));
            BufferedImage gray = Evaluation.grayInput(truth);
            ColorizationPipeline.Prediction p = neu.predict(gray);
            float[] values = {0f, 1f, 2f, 3f, 4f};
            BufferedImage[] strip = new BufferedImage[values.length + 2];
            String[] labels = new String[values.length + 2];
            strip[0] = gray;
            labels[0] = "gray input";
            for (int i = 0; i < values.length; i++) {
                strip[i + 1] = p.render(values[i]);
                labels[i + 1] = String.format(Locale.ROOT, "vividness %.1f%s", values[i], values[i] == 1f ? " (default)" : "");
            }
            strip[values.length + 1] = truth;
            labels[values.length + 1] = "original";
            Images.write(grid(List.<BufferedImage[]>of(strip), labels), out.resolve("vividness-strip.jpg"));
        }
        System.out.println("wrote " + out.resolve("default-model-grid.jpg") + " and " + out.resolve("vividness-strip.jpg"));
    }

    /** Rows of pictures scaled to one height, with a label over each column. */
    private static BufferedImage grid(List<BufferedImage[]> rows, String[] labels) {
        int cols = labels.length;
        int[] colWidth = new int[cols];
        for (BufferedImage[] r : rows) {
            for (int c = 0; c < cols; c++) {
                colWidth[c] = Math.max(colWidth[c], Math.round((float) r[c].getWidth() * ROW / r[c].getHeight()));
            }
        }
        int width = 4;
        for (int w : colWidth) {
            width += w + 4;
        }
        int height = LABEL + rows.size() * (ROW + 4) + 4;
        BufferedImage g = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D gr = g.createGraphics();
        gr.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        gr.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        gr.setColor(Color.WHITE);
        gr.fillRect(0, 0, width, height);
        gr.setColor(Color.DARK_GRAY);
        gr.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int x = 4;
        for (int c = 0; c < cols; c++) {
            gr.drawString(labels[c], x, LABEL - 7);
            x += colWidth[c] + 4;
        }
        int y = LABEL;
        for (BufferedImage[] r : rows) {
            x = 4;
            for (int c = 0; c < cols; c++) {
                int w = Math.round((float) r[c].getWidth() * ROW / r[c].getHeight());
                gr.drawImage(r[c], x, y, w, ROW, null);
                x += colWidth[c] + 4;
            }
            y += ROW + 4;
        }
        gr.dispose();
        return g;
    }
}
