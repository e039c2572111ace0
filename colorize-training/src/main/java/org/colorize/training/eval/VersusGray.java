package org.colorize.training.eval;

/**
 * The model against doing nothing, image by image, over the images whose ground truth has colour (a
 * gray photo in a colour set says nothing about colour): each image's PSNR capped at
 * {@value #CAP_DB} dB, for the model and for the gray input, and the share of images where the model
 * is closer to the truth than the gray input is.
 *
 * @param images images whose truth has colour (colourfulness at least {@value #GRAY_TRUTH_COLOURFULNESS})
 * @param modelPsnrMean mean per-image PSNR of the model over those images, dB
 * @param grayPsnrMean mean per-image PSNR of the gray input over those images, dB (the floor)
 * @param shareBetterThanGray fraction of those images where the model's PSNR is above the gray input's
 */
public record VersusGray(int images, double modelPsnrMean, double grayPsnrMean, double shareBetterThanGray) {

    /** Per-image PSNR cap, dB. */
    public static final double CAP_DB = 50;

    /** A truth below this colourfulness (Hasler and Suesstrunk, 0..255 scale) counts as gray. */
    public static final double GRAY_TRUTH_COLOURFULNESS = 1.0;

    /** Accumulates pairs of per-image PSNRs. */
    static final class Accumulator {
        private int n;
        private double model;
        private double gray;
        private int better;

        /** Adds one image: its truth's colourfulness and the two squared-error sums on [0,1] values. */
        void add(double truthColourfulness, double modelSse, double graySse, long values) {
            if (truthColourfulness < GRAY_TRUTH_COLOURFULNESS) {
                return;
            }
            double m = Math.min(CAP_DB, Psnr.fromMse(modelSse / values));
            double g = Math.min(CAP_DB, Psnr.fromMse(graySse / values));
            n++;
            model += m;
            gray += g;
            if (m > g) {
                better++;
            }
        }

        VersusGray result() {
            return n == 0 ? new VersusGray(0, Double.NaN, Double.NaN, Double.NaN)
                    : new VersusGray(n, model / n, gray / n, (double) better / n);
        }
    }
}
