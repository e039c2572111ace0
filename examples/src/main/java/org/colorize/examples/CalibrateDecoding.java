package org.colorize.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.colorize.core.ColorizationPipeline;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.encoding.AbBinsEncoding;
import org.colorize.data.source.FolderSource;
import org.colorize.training.eval.Evaluation;
import org.colorize.training.eval.Metrics;
import org.colorize.training.eval.MetricsAccumulator;

/**
 * Calibrates the decoding of a classification (lab-bins) model on validation photos: one forward pass per
 * photo, then every pair of default temperature T0 and chroma gain in the grid, reporting colourfulness
 * (ratio to the truth's) and mean per-image PSNR beside the gray floor. It picks nothing by itself; the
 * table shows the trade-off, and {@link AbBinsEncoding#withDecoding(float, float)} stores the chosen pair.
 *
 * <p>Photos: the validation split of {@link PhotoModelTraining} (CRC-32 of the relative path divisible by
 * 16), from index {@code FROM}, {@code COUNT} of them, so a calibration set and a check set can be kept
 * apart.
 *
 * <p>Run: {@code java -cp ... org.colorize.examples.CalibrateDecoding MODEL PHOTOS FROM COUNT T0S GAINS}
 * with T0S and GAINS comma-separated, e.g. {@code 1,0.6,0.38} and {@code 0.6,0.8,1}.
 */
public final class CalibrateDecoding {

    private CalibrateDecoding() {
    }

    /**
     * @param args model bundle, photo folder, first validation index, count, temperatures, gains
     * @throws IOException if the model or a photo cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            System.err.println("usage: CalibrateDecoding MODEL PHOTOS FROM COUNT T0S GAINS");
            System.exit(2);
        }
        Path model = Path.of(args[0]);
        Path photos = Path.of(args[1]);
        int from = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        float[] temps = floats(args[4]);
        float[] gains = floats(args[5]);
        FolderSource all = FolderSource.open(photos);
        List<Integer> val = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (PhotoModelTraining.isValidation(photos, all.file(i))) {
                val.add(i);
            }
        }
        int to = Math.min(val.size(), from + count);
        MetricsAccumulator gray = new MetricsAccumulator();
        MetricsAccumulator truth = new MetricsAccumulator();
        MetricsAccumulator[][] acc = new MetricsAccumulator[temps.length][gains.length];
        AbBinsEncoding[][] dec = new AbBinsEncoding[temps.length][gains.length];
        try (ColorizationPipeline c = ColorizationPipeline.of(ModelBundle.load(model, false), 1)) {
            AbBinsEncoding enc = (AbBinsEncoding) c.metadata().encoding();
            for (int t = 0; t < temps.length; t++) {
                for (int g = 0; g < gains.length; g++) {
                    acc[t][g] = new MetricsAccumulator();
                    dec[t][g] = enc.withDecoding(temps[t], gains[g]);
                }
            }
            for (int k = from; k < to; k++) {
                BufferedImage colour = all.get(val.get(k)).image().toBufferedImage();
                BufferedImage input = Evaluation.grayInput(colour);
                ColorizationPipeline.Prediction p = c.predict(input);
                gray.add(colour, input);
                truth.add(colour, colour);
                for (int t = 0; t < temps.length; t++) {
                    for (int g = 0; g < gains.length; g++) {
                        acc[t][g].add(colour, p.render(dec[t][g], 1f));
                    }
                }
            }
        }
        Metrics floor = gray.metrics();
        double truthColour = truth.metrics().colourfulness();
        System.out.printf(Locale.ROOT, "%s on %d validation photos (%d..%d): gray floor %.3f dB%n", model, to - from,
                from, to - 1, floor.psnrMean());
        System.out.println("T0,gain,colourfulness_ratio,psnr_mean,psnr_minus_gray");
        for (int t = 0; t < temps.length; t++) {
            for (int g = 0; g < gains.length; g++) {
                Metrics m = acc[t][g].metrics();
                System.out.printf(Locale.ROOT, "%.3f,%.3f,%.4f,%.3f,%+.3f%n", temps[t], gains[g],
                        m.colourfulness() / truthColour, m.psnrMean(), m.psnrMean() - floor.psnrMean());
            }
        }
    }

    private static float[] floats(String csv) {
        String[] parts = csv.split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Float.parseFloat(parts[i].trim());
        }
        return v;
    }
}
