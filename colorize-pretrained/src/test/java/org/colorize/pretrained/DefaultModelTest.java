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
import org.colorize.core.bundle.ModelMetadata;
import org.colorize.core.encoding.AbBinsEncoding;
import org.colorize.core.model.ModelKind;
import org.colorize.core.color.Lab;
import org.colorize.core.image.Images;
import org.colorize.core.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * The embedded default model: found by name with its calibrated decoding, loads offline in a fresh JVM,
 * and paints colour on real photos (chroma present, closer to the truth than the gray input on average,
 * more colour at a higher vividness).
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
        assertTrue(entry.aliases().contains("lab-unet-bins-photos"), entry.toString());
        try (Colorizer c = Colorizer.fromPretrained("lab-unet-bins-photos")) {
            ModelMetadata md = c.metadata();
            assertEquals("lab-unet", md.architecture());
            assertEquals(ModelKind.L_TO_AB_BINS, md.kind());
            AbBinsEncoding enc = (AbBinsEncoding) md.encoding();
            assertEquals(0.8f, enc.temperature(), "the calibrated default temperature");
            assertEquals(0.68f, enc.chromaGain(), "the calibrated chroma gain");
            assertEquals(0.76f, enc.enlargedChromaGain(), "the calibrated gain of enlarged pictures");
            assertEquals(256, md.workingSize().maxSide());
            assertEquals(64, md.workingSize().minSide());
            for (String key : new String[] {"trainingData", "validationData", "run", "calibration", "seed"}) {
                assertTrue(md.provenance().containsKey(key), "provenance records " + key + ": " + md.provenance());
            }
            String json = md.toJson();
            assertTrue(!json.contains("/work/") && !json.contains("plateauWait"),
                    "a released model holds no machine paths and no resume state");
        }
    }

    @Test
    void vividnessMovesTheColourfulnessOfRealPhotos() throws Exception {
        BufferedImage gray = grayOf(Images.read(TestData.photos().get(0)));
        double[] chroma = new double[3];
        float[] values = {0f, 1f, 3f};
        for (int i = 0; i < values.length; i++) {
            try (Colorizer c = Colorizer.builder().vividness(values[i]).build()) {
                chroma[i] = meanChroma(c.colorize(gray));
            }
        }
        assertTrue(chroma[0] < chroma[1] && chroma[1] < chroma[2],
                "mean chroma at vividness 0, 1, 3: " + java.util.Arrays.toString(chroma));
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
                BufferedImage gray = grayOf(truth);
                BufferedImage out = c.colorize(gray);
                double seModel = 0, seGray = 0;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int t = truth.getRGB(x, y), o = out.getRGB(x, y), g = gray.getRGB(x, y);
                        for (int shift = 0; shift <= 16; shift += 8) {
                            int tc = (t >> shift) & 0xff;
                            seModel += sq(tc - ((o >> shift) & 0xff));
                            seGray += sq(tc - ((g >> shift) & 0xff));
                        }
                    }
                }
                double px = (double) w * h;
                chroma += meanChroma(out);
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
        // measured 2026-12-03: mean chroma 15.75, PSNR 21.94 dB against a gray floor of 21.04 dB
        assertTrue(chroma > 8, "the output has colour: " + figures);
        assertTrue(psnrModel > psnrGray, "the colour is closer to the truth than the gray input is: " + figures);
    }

    /** 8-bit gray by luma, in sRGB codes (drawing into TYPE_BYTE_GRAY would treat the codes as linear). */
    private static BufferedImage grayOf(BufferedImage truth) {
        int w = truth.getWidth(), h = truth.getHeight();
        BufferedImage gray = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = truth.getRGB(x, y);
                int v = Math.round(Lab.luma((p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff));
                gray.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return gray;
    }

    /** Mean chroma (sqrt(a^2 + b^2), CIE Lab) over the image's pixels. */
    private static double meanChroma(BufferedImage img) {
        double ab = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int o = img.getRGB(x, y);
                double[] lab = Lab.exactRgbToLab(((o >> 16) & 0xff) / 255.0, ((o >> 8) & 0xff) / 255.0, (o & 0xff) / 255.0);
                ab += Math.hypot(lab[1], lab[2]);
            }
        }
        return ab / ((double) img.getWidth() * img.getHeight());
    }

    private static double sq(double v) {
        return v * v;
    }
}
