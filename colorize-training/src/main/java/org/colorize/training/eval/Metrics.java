package org.colorize.training.eval;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/**
 * The quality of a set of colour predictions against their ground truth (one row of an
 * {@link EvaluationReport}). Immutable.
 *
 * <pre>{@code
 * Metrics m = Metrics.of(truthImages, predictedImages);
 * System.out.printf("PSNR %.2f dB, SSIM %.4f, dE00 %.2f%n", m.psnrDataset(), m.ssim(), m.ciede2000());
 * }</pre>
 *
 * @param psnrMean the mean over images of each image's PSNR on RGB in [0,1], in dB (higher is
 *        better); an exactly predicted image counts as {@link Psnr#IMAGE_CAP_DB} (100 dB) so that one
 *        gray photo in a colour dataset does not make the gray baseline's mean infinite; only the
 *        ground-truth row has {@link Double#POSITIVE_INFINITY}
 * @param psnrDataset the PSNR of the mean squared error over every value of every pixel of every
 *        image, in dB; weighs images by their pixel count; {@link Double#POSITIVE_INFINITY} only when
 *        every image is predicted exactly
 * @param ssim the mean over images of the SSIM of each image (mean over the R, G and B channels, see
 *        {@link Ssim}); in [-1, 1], 1 for a perfect prediction
 * @param ciede2000 the mean CIEDE2000 colour difference over all pixels of all images (Lab of the
 *        sRGB values, see {@link Ciede2000}); &gt;= 0, 0 for a perfect prediction
 * @param colourfulness the mean over images of the Hasler &amp; Suesstrunk colourfulness of the
 *        predictions (see {@link Colourfulness}); &gt;= 0, 0 for gray images
 * @param count the number of images
 */
public record Metrics(double psnrMean, double psnrDataset, double ssim, double ciede2000, double colourfulness,
        int count) {

    /**
     * The metrics of predictions against their ground truth, image by image.
     *
     * @param truth the ground-truth colour images
     * @param predictions the predicted images, in the same order, each of its truth's size
     * @return the metrics
     * @throws IllegalArgumentException if the lists are empty or differ in length, or a pair differs in size
     */
    public static Metrics of(List<? extends BufferedImage> truth, List<? extends BufferedImage> predictions) {
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(predictions, "predictions");
        if (truth.size() != predictions.size()) {
            throw new IllegalArgumentException(truth.size() + " truth images but " + predictions.size() + " predictions");
        }
        MetricsAccumulator acc = new MetricsAccumulator();
        for (int i = 0; i < truth.size(); i++) {
            acc.add(truth.get(i), predictions.get(i));
        }
        return acc.metrics();
    }

    /** The metrics of the ground truth against itself: infinite PSNR, SSIM 1, no colour difference. */
    static Metrics ofTruth(double colourfulness, int count) {
        return new Metrics(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1.0, 0.0, colourfulness, count);
    }
}
