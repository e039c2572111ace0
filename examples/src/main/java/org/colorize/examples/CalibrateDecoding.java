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
import org.colorize.core.bundle.ModelMetadata;
import org.colorize.data.source.CifarSource;
import org.colorize.data.source.FolderSource;
import org.colorize.data.source.ImageSource;
import org.colorize.training.EpochRecord;
import org.colorize.training.Trainer;
import org.colorize.training.eval.Evaluation;
import org.colorize.core.Colorizer;
import org.colorize.training.eval.EvaluationReport;
import org.colorize.training.eval.VersusGray;

/**
 * Calibrates the decoding of a classification (lab-bins) model on validation photos: one forward pass per
 * photo, then every pair of default temperature T0 and chroma gain in the grid, reporting colourfulness
 * (ratio to the truth's) and mean per-image PSNR beside the gray floor. It picks nothing by itself; the
 * table shows the trade-off, and {@link AbBinsEncoding#withDecoding(float, float)} stores the chosen pair.
 *
 * <p>DATA is {@code split:FOLDER} for the validation split of {@link PhotoModelTraining} (CRC-32 of the
 * relative path divisible by 16), a CIFAR-10 {@code .bin} file, or any other image folder (all its images);
 * images {@code FROM} to {@code FROM + COUNT - 1} are used, so a calibration set and a check set can be kept
 * apart.
 *
 * <p>Run: {@code java -cp ... org.colorize.examples.CalibrateDecoding MODEL DATA FROM COUNT T0S GAINS}
 * with T0S and GAINS comma-separated, e.g. {@code 1,0.6,0.38} and {@code 0.6,0.8,1}, and MIN_SIDE, if given,
 * the shorter side small images are enlarged to (see {@link org.colorize.core.model.WorkingSize#withMinSide}). Then
 * {@code CalibrateDecoding write MODEL T0 GAIN[/ENLARGED_GAIN] MIN_SIDE OUT [NOTE [METRICS_CSV]]} writes the
 * model to release: no updater or resume state; the chosen decoding (with {@code ENLARGED_GAIN}, a gain of its
 * own for pictures enlarged to MIN_SIDE, see {@link AbBinsEncoding#enlargedChromaGain()}) and
 * {@link org.colorize.core.model.WorkingSize#withMinSide minimum working side} in its metadata; {@code NOTE}
 * (e.g. where the pair was picked) in its provenance under {@code calibration}; and with {@code METRICS_CSV}
 * (the run's {@code metrics.csv}) a summary of the run under {@code run}: epochs, pictures, steps, hours.
 */
public final class CalibrateDecoding {

    private CalibrateDecoding() {
    }

    /**
     * @param args model bundle, photo folder, first validation index, count, temperatures, gains
     * @throws IOException if the model or a photo cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length >= 6 && args[0].equals("write")) {
            String[] gains = args[3].split("/");
            float gain = Float.parseFloat(gains[0]);
            float enlargedGain = gains.length > 1 ? Float.parseFloat(gains[1]) : gain;
            write(Path.of(args[1]), Float.parseFloat(args[2]), gain, enlargedGain, Integer.parseInt(args[4]),
                    Path.of(args[5]), args.length > 6 ? args[6] : null, args.length > 7 ? Path.of(args[7]) : null);
            return;
        }
        if (args.length != 6 && args.length != 7) {
            System.err.println("usage: CalibrateDecoding MODEL DATA FROM COUNT T0S GAINS [MIN_SIDE]\n"
                    + "       CalibrateDecoding write MODEL T0 GAIN[/ENLARGED_GAIN] MIN_SIDE OUT [NOTE [METRICS_CSV]]");
            System.exit(2);
        }
        Path model = Path.of(args[0]);
        int from = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        float[] temps = floats(args[4]);
        float[] gains = floats(args[5]);
        ImageSource source;
        List<Integer> val = new ArrayList<>();
        if (args[1].startsWith("split:")) {
            Path photos = Path.of(args[1].substring("split:".length()));
            FolderSource all = FolderSource.open(photos);
            for (int i = 0; i < all.size(); i++) {
                if (PhotoModelTraining.isValidation(photos, all.file(i))) {
                    val.add(i);
                }
            }
            source = all;
        } else {
            source = args[1].endsWith(".bin") ? CifarSource.open(Path.of(args[1])) : FolderSource.open(Path.of(args[1]));
            for (int i = 0; i < source.size(); i++) {
                val.add(i);
            }
        }
        int to = Math.min(val.size(), from + count);
        int minSide = args.length > 6 ? Integer.parseInt(args[6]) : -1;
        ModelBundle loaded = ModelBundle.load(model, false);
        if (minSide >= 0) {
            loaded = loaded.withMetadata(loaded.metadata().toBuilder()
                    .workingSize(loaded.metadata().workingSize().withMinSide(minSide)).build());
        }
        List<BufferedImage> truths = new ArrayList<>();
        List<ColorizationPipeline.Prediction> predictions = new ArrayList<>();
        ModelMetadata metadata;
        try (ColorizationPipeline c = ColorizationPipeline.of(loaded, 1)) {
            metadata = c.metadata();
            for (int k = from; k < to; k++) {
                BufferedImage colour = source.get(val.get(k)).image().toBufferedImage();
                truths.add(colour);
                predictions.add(c.predict(Evaluation.grayInput(colour)));
            }
        }
        AbBinsEncoding enc = (AbBinsEncoding) metadata.encoding();
        System.out.printf(Locale.ROOT, "%s on %d images of %s (%d..%d)%n", model, to - from, args[1], from, to - 1);
        System.out.println("T0,gain,colourfulness_ratio,psnr_mean,psnr_gray,psnr_minus_gray,share_better");
        for (float t0 : temps) {
            for (float gain : gains) {
                AbBinsEncoding dec = enc.withDecoding(t0, gain);
                List<BufferedImage> rendered = new ArrayList<>(predictions.size());
                for (ColorizationPipeline.Prediction p : predictions) {
                    rendered.add(p.render(dec, 1f));
                }
                EvaluationReport r = Evaluation.of(new Rendered(metadata, rendered)).images(truths).run();
                VersusGray v = r.versusGray().orElseThrow();
                System.out.printf(Locale.ROOT, "%.3f,%.3f,%.4f,%.3f,%.3f,%+.3f,%.3f%n", t0, gain,
                        r.colourfulnessRatio(), v.modelPsnrMean(), v.grayPsnrMean(),
                        v.modelPsnrMean() - v.grayPsnrMean(), v.shareBetterThanGray());
            }
        }
    }

    /** Hands {@link Evaluation} images rendered beforehand, in the order it asks for them. */
    private static final class Rendered implements Colorizer {
        private final ModelMetadata metadata;
        private final List<BufferedImage> images;
        private int next;

        Rendered(ModelMetadata metadata, List<BufferedImage> images) {
            this.metadata = metadata;
            this.images = images;
        }

        @Override
        public BufferedImage colorize(BufferedImage image) {
            return images.get(next++);
        }

        @Override
        public List<BufferedImage> colorizeAll(List<BufferedImage> batch) {
            List<BufferedImage> out = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                out.add(images.get(next++));
            }
            return out;
        }

        @Override
        public ModelMetadata metadata() {
            return metadata;
        }

        @Override
        public void close() {
        }
    }

    private static void write(Path model, float t0, float gain, float enlargedGain, int minSide, Path out, String note,
            Path metrics) throws IOException {
        String decoding = String.format(Locale.ROOT, "T0 %s, chroma gain %s%s", t0, gain,
                enlargedGain == gain ? "" : ", enlarged-picture gain " + enlargedGain);
        try (ModelBundle checkpoint = ModelBundle.load(model, false)) {
            ModelBundle release = Trainer.release(checkpoint);
            AbBinsEncoding enc = ((AbBinsEncoding) release.metadata().encoding()).withDecoding(t0, gain, enlargedGain);
            ModelMetadata.Builder md = release.metadata().toBuilder().bins(enc)
                    .workingSize(release.metadata().workingSize().withMinSide(minSide));
            md.provenance("calibration", decoding + (note == null ? "" : ": " + note));
            if (metrics != null) {
                var trained = release.metadata().typedProvenance();
                if (trained.epochs() == null || trained.batch() == null) {
                    throw new IllegalArgumentException(model + ": its provenance records no epochs or batch size, "
                            + "needed for the run summary: " + release.metadata().provenance());
                }
                md.provenance("run", runSummary(metrics, trained.epochs(), trained.batch()));
            }
            release.withMetadata(md.build()).save(out, false);
        }
        System.out.println("wrote " + out + " (" + decoding + ")");
    }

    /**
     * What the run's {@code metrics.csv} says of its first {@code epochs} epochs: pictures seen, steps and
     * hours (each epoch's seconds times its images/s).
     */
    static String runSummary(Path metricsCsv, int epochs, int batch) throws IOException {
        List<EpochRecord> rows = Trainer.readMetrics(metricsCsv, epochs);
        if (rows.size() != epochs) {
            throw new IOException(metricsCsv + " has " + rows.size() + " of the model's " + epochs + " epochs");
        }
        double seconds = 0, pictures = 0;
        for (EpochRecord r : rows) {
            seconds += r.seconds();
            pictures += r.seconds() * r.imagesPerSecond();
        }
        return String.format(Locale.ROOT, "%d epochs, %.0f pictures in %.0f steps of batch %d, %.1f h of training",
                epochs, pictures, pictures / batch, batch, seconds / 3600);
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
