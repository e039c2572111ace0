package org.colorize.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.colorize.core.Colorizer;
import org.colorize.core.image.ImageTensors;
import org.colorize.core.image.Images;
import org.colorize.core.image.SyntheticImages;
import org.colorize.core.testing.TestData;
import org.colorize.core.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baselines and a full evaluation on 50 real CIFAR-10 images (skipped without the data folder), and the
 * evaluation's bookkeeping, grids and errors on generated pictures.
 */
class EvaluationTest {

    private static final int N = 50;
    private static List<BufferedImage> cifar;

    @TempDir
    Path tmp;

    /** The first {@link #N} real CIFAR-10 images, read once; skips the calling test without the data folder. */
    private static synchronized List<BufferedImage> cifar() throws IOException {
        if (cifar == null) {
            cifar = readCifar10(TestData.cifar("data_batch_2.bin"), N);
        }
        return cifar;
    }

    /** {@code n} generated 32x32 colour pictures: for the tests of behaviour, which need no data folder. */
    static List<BufferedImage> generated(int n) {
        List<BufferedImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(SyntheticImages.photoLike(32, 32, 300 + i));
        }
        return out;
    }

    /**
     * Reads the first {@code n} images of a CIFAR-10 binary batch: records of 3,073 bytes, a label byte
     * then 1,024 R, 1,024 G and 1,024 B bytes, each plane row-major 32x32.
     */
    static List<BufferedImage> readCifar10(Path file, int n) throws IOException {
        List<BufferedImage> out = new ArrayList<>();
        byte[] rec = new byte[3073];
        try (InputStream in = Files.newInputStream(file)) {
            for (int i = 0; i < n; i++) {
                assertEquals(rec.length, in.readNBytes(rec, 0, rec.length), "record " + i);
                BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
                for (int p = 0; p < 1024; p++) {
                    int r = rec[1 + p] & 0xff, g = rec[1025 + p] & 0xff, b = rec[2049 + p] & 0xff;
                    img.setRGB(p % 32, p / 32, (r << 16) | (g << 8) | b);
                }
                out.add(img);
            }
        }
        return out;
    }

    @Test
    void baselinesOnRealImages() throws IOException {
        List<BufferedImage> cifar = cifar();
        try (Colorizer colorizer = Colorizer.of(TinyModels.lToAb())) {
            EvaluationReport report = Evaluation.of(colorizer).images(cifar).batchSize(16).run();
            Metrics gray = report.gray();
            assertEquals(N, gray.count());
            assertTrue(gray.psnrMean() > 15 && gray.psnrMean() < 40, "gray baseline PSNR " + gray.psnrMean());
            assertTrue(gray.psnrDataset() > 15 && gray.psnrDataset() < 40, "gray dataset PSNR " + gray.psnrDataset());
            assertTrue(gray.ssim() > 0.5 && gray.ssim() < 1, "gray SSIM " + gray.ssim());
            assertTrue(gray.ciede2000() > 0.5 && gray.ciede2000() < 50, "gray dE00 " + gray.ciede2000());
            assertEquals(0.0, gray.colourfulness(), 0.0);
            assertTrue(report.truth().colourfulness() > 5, "truth colourfulness " + report.truth().colourfulness());
            assertEquals(Double.POSITIVE_INFINITY, report.truth().psnrMean());
            assertEquals(1.0, report.truth().ssim());

            // The baseline equals the metrics of the gray inputs computed through the public API.
            List<BufferedImage> grays = cifar.stream().map(Evaluation::grayInput).toList();
            assertEquals(BufferedImage.TYPE_BYTE_GRAY, grays.get(0).getType());
            Metrics direct = Metrics.of(cifar, grays);
            assertEquals(direct, gray);

            // L with ab = 0 keeps the true lightness: almost gray, and close to the luma gray.
            Metrics lz = report.lZeroAb();
            assertTrue(lz.colourfulness() < 1, "L with ab = 0 colourfulness " + lz.colourfulness());
            assertTrue(Math.abs(lz.psnrDataset() - gray.psnrDataset()) < 3, lz + " vs " + gray);

            Metrics model = report.model();
            assertEquals(N, model.count());
            for (double v : new double[] {model.psnrMean(), model.psnrDataset(), model.ssim(), model.ciede2000(),
                    model.colourfulness()}) {
                assertTrue(Double.isFinite(v), "model metrics " + model);
            }
            assertTrue(model.psnrDataset() > 5 && model.ssim() <= 1 && model.ciede2000() > 0, model.toString());
            // The pipeline keeps the gray input's lightness: a random network's colours are no better than gray.
            assertTrue(model.ciede2000() >= gray.ciede2000() * 0.5, model + " vs " + gray);

            // Image by image against gray, computed here independently: per-image PSNR capped at 50 dB.
            List<BufferedImage> outs = new java.util.ArrayList<>();
            for (int i = 0; i < N; i += 16) {
                outs.addAll(colorizer.colorizeAll(grays.subList(i, Math.min(N, i + 16)))); // as the evaluation batches
            }
            int better = 0, coloured = 0;
            double sumModel = 0, sumGray = 0;
            for (int i = 0; i < N; i++) {
                if (Colourfulness.of(ImageTensors.codes(cifar.get(i)), 1.0) < VersusGray.GRAY_TRUTH_COLOURFULNESS) {
                    continue; // a gray photo among the colour ones says nothing about colour
                }
                coloured++;
                double pm = Math.min(50, psnr8(cifar.get(i), outs.get(i))), pg = Math.min(50, psnr8(cifar.get(i), grays.get(i)));
                sumModel += pm;
                sumGray += pg;
                better += pm > pg ? 1 : 0;
            }
            VersusGray vg = report.versusGray().orElseThrow();
            assertTrue(coloured >= N - 2 && coloured < N, "CIFAR's " + N + " images here hold one gray one: " + coloured);
            assertEquals(coloured, vg.images());
            assertEquals(sumModel / coloured, vg.modelPsnrMean(), 1e-6);
            assertEquals(sumGray / coloured, vg.grayPsnrMean(), 1e-6);
            assertEquals((double) better / coloured, vg.shareBetterThanGray(), 1e-12);
            assertEquals(model.colourfulness() / report.truth().colourfulness(), report.colourfulnessRatio(), 1e-12);

            String table = report.toTable();
            assertEquals(6, table.split("\n\n")[0].split("\n").length, table);
            assertTrue(table.contains("closer to the truth than gray on"), table);
            assertTrue(table.contains("| gray (baseline) |") && table.contains("| L with ab = 0 (baseline) |")
                    && table.contains("| model: tiny-l-to-ab |") && table.contains("| ground truth | ∞ | ∞ | 1.0000 | 0.00 |"),
                    table);
            JsonNode json = new ObjectMapper().readTree(report.toJson());
            assertEquals(N, json.get("images").asInt());
            assertEquals("tiny-l-to-ab", json.get("model").asText());
            assertEquals(gray.psnrDataset(), json.at("/rows/gray/psnrDataset").asDouble(), 0.0);
            assertEquals(model.ssim(), json.at("/rows/model/ssim").asDouble(), 0.0);
            assertTrue(json.at("/rows/truth/psnrMean").isNull());
            assertTrue(report.grid().isEmpty());
            assertEquals(vg.shareBetterThanGray(), json.at("/versusGray/shareBetterThanGray").asDouble(), 0.0);
        }
    }

    /** The report's bookkeeping, which holds for any pictures: counts, the baselines' definitions, table and JSON. */
    @Test
    void reportOnGeneratedImages() throws IOException {
        List<BufferedImage> pictures = generated(20);
        try (Colorizer colorizer = Colorizer.of(TinyModels.lToAb())) {
            EvaluationReport report = Evaluation.of(colorizer).images(pictures).batchSize(8).run();
            assertEquals(20, report.count());
            List<BufferedImage> grays = pictures.stream().map(Evaluation::grayInput).toList();
            assertEquals(Metrics.of(pictures, grays), report.gray(), "the gray baseline is the metrics of the gray inputs");
            assertEquals(0.0, report.gray().colourfulness(), 0.0);
            assertEquals(Double.POSITIVE_INFINITY, report.truth().psnrMean());
            assertEquals(1.0, report.truth().ssim());
            assertTrue(report.truth().colourfulness() > 5, "generated pictures are colourful: " + report.truth());
            assertTrue(report.lZeroAb().colourfulness() < 1, "L with ab = 0 is almost gray: " + report.lZeroAb());
            assertEquals(report.model().colourfulness() / report.truth().colourfulness(), report.colourfulnessRatio(), 1e-12);
            JsonNode json = new ObjectMapper().readTree(report.toJson());
            assertEquals(20, json.get("images").asInt());
            assertEquals(report.model().ssim(), json.at("/rows/model/ssim").asDouble(), 0.0);
            assertTrue(json.at("/rows/truth/psnrMean").isNull());
            assertTrue(report.toTable().contains("| model: tiny-l-to-ab |"), report.toTable());
            assertTrue(report.grid().isEmpty());
        }
    }

    /** PSNR of two 8-bit images over R, G and B, in dB. */
    private static double psnr8(BufferedImage a, BufferedImage b) {
        double se = 0;
        int w = a.getWidth(), h = a.getHeight();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = a.getRGB(x, y);
                // a TYPE_BYTE_GRAY image's getRGB goes through a linear gray colour space: read its samples
                int q = b.getType() == BufferedImage.TYPE_BYTE_GRAY ? b.getRaster().getSample(x, y, 0) * 0x010101 : b.getRGB(x, y);
                for (int sh = 0; sh <= 16; sh += 8) {
                    double d = ((p >> sh) & 0xff) - ((q >> sh) & 0xff);
                    se += d * d;
                }
            }
        }
        double mse = se / (3.0 * w * h) / (255.0 * 255.0);
        return 10 * Math.log10(1 / mse);
    }

    @Test
    void gridOfTruthGrayAndColorized() throws IOException {
        List<BufferedImage> pictures = generated(N);
        Path png = tmp.resolve("out").resolve("grid.png");
        int shown = 20, scale = 3;
        try (Colorizer colorizer = Colorizer.of(TinyModels.lToAb())) {
            EvaluationReport report = Evaluation.of(colorizer).images(pictures)
                    .grid(png, ComparisonGrid.Options.defaults().images(shown).columns(10).scale(scale))
                    .run();
            assertEquals(png, report.grid().orElseThrow());
            assertEquals(N, report.count());
        }
        assertTrue(Files.isRegularFile(png));
        BufferedImage grid = Images.read(png);
        int cell = 32 * scale, panelW = 10 * cell;
        assertEquals(3 * panelW + 2 * ComparisonGrid.GAP, grid.getWidth());
        assertEquals(2 * cell + ComparisonGrid.LABEL_HEIGHT, grid.getHeight());
        for (int i = 0; i < shown; i++) {
            BufferedImage truth = pictures.get(i);
            BufferedImage gray = Evaluation.grayInput(truth);
            int x0 = (i % 10) * cell, y0 = ComparisonGrid.LABEL_HEIGHT + (i / 10) * cell;
            for (int y = 0; y < 32 * scale; y++) {
                for (int x = 0; x < 32 * scale; x++) {
                    int t = truth.getRGB(x / scale, y / scale) & 0xFFFFFF;
                    assertEquals(t, grid.getRGB(x0 + x, y0 + y) & 0xFFFFFF, "truth panel, image " + i + " at " + x + "," + y);
                    int g = gray.getRaster().getSample(x / scale, y / scale, 0);
                    assertEquals(g * 0x010101, grid.getRGB(panelW + ComparisonGrid.GAP + x0 + x, y0 + y) & 0xFFFFFF,
                            "gray panel, image " + i);
                }
            }
        }
        // the label strip has text in it
        int dark = 0;
        for (int y = 0; y < ComparisonGrid.LABEL_HEIGHT; y++) {
            for (int x = 0; x < panelW; x++) {
                dark += (grid.getRGB(x, y) & 0xFF) < 128 ? 1 : 0;
            }
        }
        assertTrue(dark > 10, "label pixels " + dark);
    }

    /** Photo-sized pictures: a paged grid of thumbnails, and every shown image saved at full size. */
    @Test
    void pagedThumbnailGridAndFullImages() throws IOException {
        List<BufferedImage> photos = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            photos.add(SyntheticImages.photoLike(i % 2 == 0 ? 300 : 200, i % 2 == 0 ? 200 : 300, 40 + i));
        }
        Path dir = tmp.resolve("report");
        try (Colorizer colorizer = Colorizer.of(TinyModels.lToAb())) {
            EvaluationReport report = Evaluation.of(colorizer).images(photos).batchSize(2)
                    .grid(dir.resolve("grid.png"), ComparisonGrid.Options.defaults().images(4).columns(1).rowHeight(64).perPage(3))
                    .saveImages(dir.resolve("images")).run();
            assertEquals(5, report.count());
            assertEquals(List.of(dir.resolve("grid-1.png"), dir.resolve("grid-2.png")), report.gridPages());
            assertEquals(dir.resolve("grid-1.png"), report.grid().orElseThrow());
            assertEquals(2, new ObjectMapper().readTree(report.toJson()).get("gridPages").size());
            assertEquals(3 * 64 + ComparisonGrid.LABEL_HEIGHT, Images.read(report.gridPages().get(0)).getHeight());
            assertEquals(64 + ComparisonGrid.LABEL_HEIGHT, Images.read(report.gridPages().get(1)).getHeight(), "4 shown: 3 + 1");
            for (int i = 0; i < 4; i++) {
                BufferedImage truth = Images.read(Evaluation.imageFile(dir.resolve("images"), i, "truth"));
                BufferedImage out = Images.read(Evaluation.imageFile(dir.resolve("images"), i, "colorized"));
                assertEquals(photos.get(i).getRGB(17, 23) & 0xFFFFFF, truth.getRGB(17, 23) & 0xFFFFFF, "the truth, lossless");
                assertEquals(photos.get(i).getWidth(), out.getWidth());
                assertEquals(photos.get(i).getHeight(), out.getHeight());
                assertTrue(Files.isRegularFile(Evaluation.imageFile(dir.resolve("images"), i, "gray")));
            }
            assertTrue(Files.notExists(Evaluation.imageFile(dir.resolve("images"), 4, "truth")), "only the images the grid shows");
        }
    }

    /** Photos of different sizes, one at a time, with a grid of mixed cell contents. */
    @Test
    void photosOfDifferentSizes() throws IOException {
        List<BufferedImage> photos = List.of(Images.read(TestData.photo("skimage/chelsea.png")),
                Images.read(TestData.photo("kodak/kodim03.png")));
        Path png = tmp.resolve("photos.png");
        try (Colorizer colorizer = Colorizer.of(TinyModels.lToAb())) {
            EvaluationReport report = Evaluation.of(colorizer).images(photos).batchSize(1)
                    .grid(png, ComparisonGrid.Options.defaults().labels(false)).run();
            assertEquals(2, report.count());
            assertTrue(report.gray().psnrDataset() > 15 && report.gray().psnrDataset() < 40, report.toTable());
            assertTrue(Double.isFinite(report.model().psnrMean()) && report.model().ssim() < 1, report.toTable());
            assertEquals(0.0, report.gray().colourfulness(), 0.0);
        }
        BufferedImage grid = Images.read(png);
        assertEquals(3 * 2 * 768 + 2 * ComparisonGrid.GAP, grid.getWidth());
        assertEquals(512, grid.getHeight());
        assertEquals(photos.get(0).getRGB(450, 299) & 0xFFFFFF, grid.getRGB(450, 299) & 0xFFFFFF);
        assertEquals(photos.get(1).getRGB(767, 511) & 0xFFFFFF, grid.getRGB(768 + 767, 511) & 0xFFFFFF);
    }

    @Test
    void optionsAndErrors() {
        try (Colorizer colorizer = Colorizer.of(TinyModels.lToAb())) {
            Evaluation e = Evaluation.of(colorizer);
            IllegalStateException noImages = assertThrows(IllegalStateException.class, e::run);
            assertTrue(noImages.getMessage().contains("images("), noImages.getMessage());
            assertThrows(IllegalStateException.class, () -> e.images(List.of()).run());
            IllegalArgumentException batch = assertThrows(IllegalArgumentException.class, () -> e.batchSize(0));
            assertTrue(batch.getMessage().contains("batchSize") && batch.getMessage().contains("0"), batch.getMessage());
        }
        IllegalArgumentException scale = assertThrows(IllegalArgumentException.class,
                () -> ComparisonGrid.Options.defaults().scale(0));
        assertTrue(scale.getMessage().contains("scale"), scale.getMessage());
    }
}
