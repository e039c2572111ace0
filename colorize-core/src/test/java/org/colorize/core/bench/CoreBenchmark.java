package org.colorize.core.bench;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;
import org.colorize.core.Colorizer;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.color.ColorSpace;
import org.colorize.core.image.DecodedImage;
import org.colorize.core.image.Images;
import org.colorize.core.image.Resize;
import org.colorize.core.internal.Networks;
import org.colorize.core.testing.TinyModels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Benchmark of colorize-core on a 12-megapixel photo (a Kodak image enlarged to 4000x3000):
 * single-thread colour conversion throughput, and the pipeline's own time (everything but the
 * network). Not a test: run it by hand, alone on the machine, e.g.
 * {@code java -cp <test classpath> org.colorize.core.bench.CoreBenchmark ../shared/data/photos/kodak/kodim03.png}.
 * Prints one JSON line per measurement (the best and the median of the repetitions).
 */
public final class CoreBenchmark {

    private CoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path src = Path.of(args.length > 0 ? args[0] : "../shared/data/photos/kodak/kodim03.png");
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        BufferedImage small = Images.read(src);
        BufferedImage big = new BufferedImage(4000, 3000, BufferedImage.TYPE_INT_RGB);
        var g = big.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(small, 0, 0, 4000, 3000, null);
        g.dispose();
        int n = 4000 * 3000;
        float[] rgb = new float[3 * n];
        int[] px = big.getRGB(0, 0, 4000, 3000, null, 0, 4000);
        for (int i = 0; i < n; i++) {
            rgb[3 * i] = ((px[i] >> 16) & 0xff) / 255f;
            rgb[3 * i + 1] = ((px[i] >> 8) & 0xff) / 255f;
            rgb[3 * i + 2] = (px[i] & 0xff) / 255f;
        }
        float[] lab = new float[3 * n];
        float[] back = new float[3 * n];
        double[] t = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            ColorSpace.RGB.convert(ColorSpace.LAB, rgb, 0, lab, 0, n);
            t[r] = (System.nanoTime() - t0) / 1e9;
        }
        report("rgb_to_lab_12mp", n / 1e6, t, "Mpixel/s");
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            ColorSpace.LAB.convert(ColorSpace.RGB, lab, 0, back, 0, n);
            t[r] = (System.nanoTime() - t0) / 1e9;
        }
        report("lab_to_rgb_12mp", n / 1e6, t, "Mpixel/s");
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            DecodedImage.of(big);
            t[r] = (System.nanoTime() - t0) / 1e9;
        }
        report("decode_L_gray_12mp", n / 1e6, t, "Mpixel/s");

        // The pipeline on a 12 MP photo with a tiny fully convolutional network (working size <= 64):
        // total time, the network's own time on the same input, and the difference.
        ModelBundle bundle = TinyModels.lToAb();
        try (Colorizer c = Colorizer.of(bundle)) {
            double[] total = new double[reps];
            double[] net = new double[reps];
            int[] ws = bundle.metadata().workingSize().resolve(4000, 3000);
            float[] in = Resize.plane(DecodedImage.of(big).lightness(), 4000, 3000, ws[0], ws[1]);
            var x = Nd4j.create(in, new long[] {1, 1, ws[1], ws[0]}, DataType.FLOAT);
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                c.colorize(big);
                total[r] = (System.nanoTime() - t0) / 1e9;
                t0 = System.nanoTime();
                Networks.output(bundle.network(), x);
                net[r] = (System.nanoTime() - t0) / 1e9;
            }
            double[] overhead = new double[reps];
            for (int r = 0; r < reps; r++) {
                overhead[r] = total[r] - net[r];
            }
            java.util.Arrays.sort(total);
            java.util.Arrays.sort(net);
            java.util.Arrays.sort(overhead);
            System.out.printf(Locale.ROOT, "{\"bench\":\"pipeline_12mp\",\"working_size\":\"%dx%d\",\"total_s_median\":%.3f,"
                    + "\"network_s_median\":%.4f,\"overhead_s_median\":%.3f,\"overhead_s_best\":%.3f,\"reps\":%d}%n",
                    ws[0], ws[1], total[reps / 2], net[reps / 2], overhead[reps / 2], overhead[0], reps);
        }
    }

    private static void report(String name, double mpix, double[] seconds, String unit) {
        double[] s = seconds.clone();
        java.util.Arrays.sort(s);
        System.out.printf(Locale.ROOT, "{\"bench\":\"%s\",\"best\":%.1f,\"median\":%.1f,\"unit\":\"%s\",\"threads\":1}%n",
                name, mpix / s[0], mpix / s[s.length / 2], unit);
    }
}
