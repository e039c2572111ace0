package org.colorize.pretrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.colorize.core.Colorizer;
import org.colorize.core.bundle.ModelCatalog;
import org.colorize.core.color.Lab;
import org.colorize.core.image.Images;
import org.colorize.core.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * The embedded default model: found by name, loads offline in a fresh JVM, and paints colour on real photos
 * (chroma present, closer to the truth than the gray image is not required of it, but not far below).
 */
class DefaultModelTest {

    /** Run in a child JVM: colorize every photo given with {@code fromPretrained()}, print the sizes. */
    public static void main(String[] args) throws Exception {
        try (Colorizer c = Colorizer.fromPretrained()) {
            for (String a : args) {
                BufferedImage in = Images.read(Path.of(a));
                BufferedImage out = c.colorize(in);
                System.out.println("SIZE " + a + " " + in.getWidth() + "x" + in.getHeight() + " -> "
                        + out.getWidth() + "x" + out.getHeight() + " " + c.metadata().architecture());
            }
        }
    }

    @Test
    void catalogueNamesTheDefaultModelAndItsArchitecture() throws Exception {
        var entry = ModelCatalog.find("default").orElseThrow(() -> new AssertionError("no 'default' in the catalogue"));
        assertTrue(entry.aliases().contains("lab-unet-cifar"), entry.toString());
        try (Colorizer c = Colorizer.fromPretrained("lab-unet-cifar")) {
            assertEquals("lab-unet", c.metadata().architecture());
            assertTrue(c.metadata().provenance().containsKey("trainingData"), "provenance records the training data");
        }
    }

    @Test
    void loadsOfflineInAFreshJvmAndColorizesEveryPhotoAtItsSize() throws Exception {
        List<Path> photos = TestData.photos();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Dcolorize.offline=true", "-Dcolorize.cache.dir=" + new File("target/no-cache").getAbsolutePath(),
                "-cp", System.getProperty("java.class.path"), DefaultModelTest.class.getName()));
        photos.forEach(p -> cmd.add(p.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child JVM finished");
        assertEquals(0, p.exitValue(), out);
        long lines = out.lines().filter(l -> l.startsWith("SIZE ")).count();
        assertEquals(photos.size(), lines, out);
        out.lines().filter(l -> l.startsWith("SIZE ")).forEach(l -> {
            String[] f = l.split(" ");
            assertEquals(f[2], f[4], "output size equals input size: " + l);
        });
    }

    @Test
    void paintsChromaOnGrayPhotosWithoutLosingMuchToTheGrayFloor() throws Exception {
        List<Path> photos = TestData.photos();
        double chroma = 0, psnrModel = 0, psnrGray = 0;
        int n = Math.min(8, photos.size());
        try (Colorizer c = Colorizer.fromPretrained()) {
            for (int i = 0; i < n; i++) {
                BufferedImage truth = Images.read(photos.get(i));
                int w = truth.getWidth(), h = truth.getHeight();
                // 8-bit gray by luma, in sRGB codes (drawing into TYPE_BYTE_GRAY would treat the codes as linear)
                BufferedImage gray = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int p = truth.getRGB(x, y);
                        int v = Math.round(Lab.luma((p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff));
                        gray.setRGB(x, y, v << 16 | v << 8 | v);
                    }
                }
                BufferedImage out = c.colorize(gray);
                double seModel = 0, seGray = 0, ab = 0;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int t = truth.getRGB(x, y), o = out.getRGB(x, y), g = gray.getRGB(x, y);
                        for (int shift = 0; shift <= 16; shift += 8) {
                            int tc = (t >> shift) & 0xff;
                            seModel += sq(tc - ((o >> shift) & 0xff));
                            seGray += sq(tc - ((g >> shift) & 0xff));
                        }
                        double[] lab = Lab.exactRgbToLab(((o >> 16) & 0xff) / 255.0, ((o >> 8) & 0xff) / 255.0,
                                (o & 0xff) / 255.0);
                        ab += Math.hypot(lab[1], lab[2]);
                    }
                }
                double px = (double) w * h;
                chroma += ab / px;
                psnrModel += 10 * Math.log10(255.0 * 255.0 / (seModel / (3 * px)));
                psnrGray += 10 * Math.log10(255.0 * 255.0 / (seGray / (3 * px)));
            }
        }
        chroma /= n;
        psnrModel /= n;
        psnrGray /= n;
        String figures = String.format(java.util.Locale.ROOT, "mean chroma %.2f, PSNR %.2f dB, gray floor %.2f dB on %d photos",
                chroma, psnrModel, psnrGray, n);
        System.out.println("default model: " + figures);
        assertTrue(chroma > 3, "the output has colour: " + figures);
        assertTrue(psnrModel > psnrGray - 1.0, "the colour is not far from the truth: " + figures);
    }

    private static double sq(double v) {
        return v * v;
    }
}
