package org.colorize.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.colorize.core.Colorizer;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.training.eval.Evaluation;
import org.colorize.training.eval.EvaluationReport;
import org.colorize.data.source.CifarSource;
import org.colorize.data.source.ImageSource;

/**
 * How confident the default model's colours are: evaluates a trained Lab model on the validation
 * records (8,000-8,999 of CIFAR-10 batch 2, never the held-out test records) with its predicted ab
 * scaled by several factors (the metadata's {@code abScale}), and prints the metrics of each, so that
 * the factor can be chosen on validation data. An MSE-trained network predicts the mean of the
 * plausible colours, which is less saturated than any of them; a factor above 1 restores some
 * colourfulness at a cost in PSNR.
 *
 * <p>Run: {@code java -cp ... org.colorize.examples.DefaultModelCalibration MODEL.zip CIFAR_DIR 1.0 1.2 1.4}
 */
public final class DefaultModelCalibration {

    private DefaultModelCalibration() {
    }

    /**
     * @param args model bundle, CIFAR-10 folder, then the factors to try
     * @throws IOException if the model or data cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path model = Path.of(args[0]);
        Path cifar = Path.of(args[1]);
        CifarSource all = CifarSource.open(cifar.resolve("data_batch_1.bin"), cifar.resolve("data_batch_2.bin"));
        int n = all.size();
        ImageSource validation = all.range(n - 2000, n - 1000);
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < validation.size(); i++) {
            images.add(validation.get(i).image().toBufferedImage());
        }
        ModelBundle bundle = ModelBundle.load(model);
        float base = bundle.metadata().abScale();
        for (int i = 2; i < args.length; i++) {
            float factor = Float.parseFloat(args[i]);
            ModelBundle scaled = ModelBundle.of(bundle.network(), bundle.metadata().toBuilder().abScale(base * factor).build());
            EvaluationReport r = Evaluation.of(new NonClosing(Colorizer.of(scaled))).images(images).run();
            System.out.printf(Locale.ROOT, "factor %.2f: PSNR mean %.3f (gray %.3f), dataset %.3f (gray %.3f), "
                    + "colourfulness %.2f (truth %.2f, ratio %.3f)%n", factor, r.model().psnrMean(), r.gray().psnrMean(),
                    r.model().psnrDataset(), r.gray().psnrDataset(), r.model().colourfulness(), r.truth().colourfulness(),
                    r.model().colourfulness() / r.truth().colourfulness());
        }
    }

    /** Shares one network between the scaled colorizers: closing one must not close the network. */
    private record NonClosing(Colorizer delegate) implements Colorizer {
        @Override
        public BufferedImage colorize(BufferedImage image) {
            return delegate.colorize(image);
        }

        @Override
        public List<BufferedImage> colorizeAll(List<BufferedImage> images) {
            return delegate.colorizeAll(images);
        }

        @Override
        public org.colorize.core.bundle.ModelMetadata metadata() {
            return delegate.metadata();
        }

        @Override
        public void close() {
        }
    }
}
