package org.colorize.core.image;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Generated colour pictures with photo-like structure (smooth colour fields, hard-edged shapes, fine
 * texture), the same for the same arguments: for tests, demos and benchmarks that must run without
 * any data folder. Real photos are for measuring quality; these are for checking behaviour (sizes,
 * lightness kept, threading, errors).
 *
 * <pre>{@code
 * BufferedImage picture = SyntheticImages.photoLike(320, 200, 7);
 * try (Colorizer c = Colorizer.fromPretrained()) {
 *     BufferedImage colour = c.colorize(SyntheticImages.gray(picture));
 * }
 * }</pre>
 */
public final class SyntheticImages {

    private SyntheticImages() {
    }

    /**
     * A colour picture: a smooth two-colour gradient, a few discs and rectangles of other colours, and
     * a little seeded noise.
     *
     * @param width at least 1
     * @param height at least 1
     * @param seed picks colours, shapes and noise
     * @return a {@code TYPE_INT_RGB} image
     * @throws IllegalArgumentException if a side is below 1
     */
    public static BufferedImage photoLike(int width, int height, long seed) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("width and height must be >= 1, were " + width + "x" + height);
        }
        SplittableRandom r = new SplittableRandom(seed);
        int[] c0 = colour(r), c1 = colour(r);
        int shapes = 3 + r.nextInt(4);
        int[][] shape = new int[shapes][];
        for (int i = 0; i < shapes; i++) {
            int[] c = colour(r);
            shape[i] = new int[] {r.nextInt(2), r.nextInt(width), r.nextInt(height),
                    1 + r.nextInt(Math.max(1, Math.min(width, height) / 3)), 1 + r.nextInt(Math.max(1, width / 3)),
                    c[0], c[1], c[2]};
        }
        double angle = r.nextDouble() * Math.PI;
        double ca = Math.cos(angle), sa = Math.sin(angle);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double t = ((x - width / 2.0) * ca + (y - height / 2.0) * sa) / Math.max(width, height) + 0.5;
                t = Math.max(0, Math.min(1, t));
                double red = c0[0] + (c1[0] - c0[0]) * t, green = c0[1] + (c1[1] - c0[1]) * t, blue = c0[2] + (c1[2] - c0[2]) * t;
                for (int[] s : shape) {
                    boolean inside = s[0] == 0
                            ? (long) (x - s[1]) * (x - s[1]) + (long) (y - s[2]) * (y - s[2]) <= (long) s[3] * s[3]
                            : Math.abs(x - s[1]) <= s[4] && Math.abs(y - s[2]) <= s[3];
                    if (inside) {
                        red = s[5];
                        green = s[6];
                        blue = s[7];
                    }
                }
                double noise = (r.nextDouble() - 0.5) * 12;
                row[x] = clamp(red + noise) << 16 | clamp(green + noise) << 8 | clamp(blue + noise);
            }
            img.setRGB(0, y, width, 1, row, 0, width);
        }
        return img;
    }

    /**
     * The 8-bit luma gray of a picture ({@code 0.299R + 0.587G + 0.114B} of the sRGB codes, rounded), as
     * a user's gray photo stores it.
     *
     * @param colour any image
     * @return a {@code TYPE_BYTE_GRAY} image of the same size
     */
    public static BufferedImage gray(BufferedImage colour) {
        int w = colour.getWidth(), h = colour.getHeight();
        BufferedImage g = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = colour.getRGB(x, y);
                row[x] = clamp(0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff));
            }
            g.getRaster().setSamples(0, y, w, 1, 0, row);
        }
        return g;
    }

    private static int[] colour(SplittableRandom r) {
        return new int[] {r.nextInt(256), r.nextInt(256), r.nextInt(256)};
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
