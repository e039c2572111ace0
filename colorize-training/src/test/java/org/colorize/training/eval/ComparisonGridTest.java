package org.colorize.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.colorize.core.image.Images;
import org.colorize.core.image.SyntheticImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonGridTest {

    @TempDir
    Path tmp;

    private static BufferedImage filled(int w, int h, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    @Test
    void geometryOfMixedSizesWithoutLabels() {
        // 5 images in rows of 2: 3 rows; the cell is the largest image (7x5), scaled by 2.
        List<BufferedImage> truth = List.of(filled(7, 5, 0xFF0000), filled(3, 2, 0x00FF00), filled(7, 5, 0x0000FF),
                filled(4, 4, 0x123456), filled(1, 1, 0xABCDEF));
        List<BufferedImage> gray = truth.stream().map(Evaluation::grayInput).toList();
        BufferedImage grid = ComparisonGrid.render(truth, gray, truth,
                ComparisonGrid.Options.defaults().columns(2).scale(2).labels(false));
        int cellW = 14, cellH = 10, panelW = 2 * cellW;
        assertEquals(3 * panelW + 2 * ComparisonGrid.GAP, grid.getWidth());
        assertEquals(3 * cellH, grid.getHeight());
        assertEquals(0x123456, grid.getRGB(cellW + 7, cellH + 7) & 0xFFFFFF, "image 3 at row 1, column 1");
        assertEquals(0xFFFFFF, grid.getRGB(cellW + 8, cellH + 8) & 0xFFFFFF, "background beyond a smaller image");
        assertEquals(0xABCDEF, grid.getRGB(1, 2 * cellH + 1) & 0xFFFFFF, "image 4 at row 2");
        assertEquals(0xFFFFFF, grid.getRGB(panelW + 3, 0) & 0xFFFFFF, "the gap is white");
        int g = gray.get(0).getRaster().getSample(0, 0, 0);
        assertEquals(g * 0x010101, grid.getRGB(panelW + ComparisonGrid.GAP, 0) & 0xFFFFFF, "gray panel");
        assertEquals(0x0000FF, grid.getRGB(2 * (panelW + ComparisonGrid.GAP), cellH) & 0xFFFFFF, "colorized panel");
    }

    @Test
    void rejectsTooFewOrMismatchedImages() {
        List<BufferedImage> truth = List.of(filled(4, 4, 0), filled(4, 4, 0));
        assertThrows(IllegalArgumentException.class,
                () -> ComparisonGrid.render(truth, truth.subList(0, 1), truth, ComparisonGrid.Options.defaults()));
        assertThrows(IllegalArgumentException.class, () -> ComparisonGrid.render(truth,
                List.of(filled(4, 4, 0), filled(4, 3, 0)), truth, ComparisonGrid.Options.defaults()));
        assertThrows(IllegalArgumentException.class, () -> new ComparisonGrid.Options(0, 1, 1, true));
    }

    @Test
    void thumbnailsKeepTheAspectAtTheRowHeight() {
        BufferedImage photo = SyntheticImages.photoLike(768, 512, 1);
        BufferedImage t = ComparisonGrid.thumbnail(photo, 256);
        assertEquals(384, t.getWidth());
        assertEquals(256, t.getHeight());
        // area average of a uniform 2x2 block is that colour: a flat picture stays flat
        BufferedImage flat = ComparisonGrid.thumbnail(filled(300, 200, 0x336699), 100);
        assertEquals(150, flat.getWidth());
        assertEquals(0x336699, flat.getRGB(75, 50) & 0xFFFFFF);
        // enlarging replicates pixels: a 32x32 image at 256 is each pixel as an 8x8 block
        BufferedImage small = SyntheticImages.photoLike(32, 32, 2);
        BufferedImage big = ComparisonGrid.thumbnail(small, 256);
        assertEquals(256, big.getWidth());
        assertEquals(small.getRGB(5, 9) & 0xFFFFFF, big.getRGB(5 * 8 + 7, 9 * 8) & 0xFFFFFF);
        // gray images are read from their samples
        BufferedImage gray = new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(0, 0, 0, 128);
        assertEquals(0x808080, ComparisonGrid.thumbnail(gray, 10).getRGB(0, 0) & 0xFFFFFF);
        assertThrows(IllegalArgumentException.class, () -> ComparisonGrid.thumbnail(photo, 0));
    }

    @Test
    void photosArePagedAsRowsOfThumbnails() throws Exception {
        List<BufferedImage> truth = new ArrayList<>(), gray = new ArrayList<>();
        int[][] sizes = {{768, 512}, {512, 768}, {400, 400}, {640, 480}, {300, 200}};
        for (int i = 0; i < 23; i++) {
            int[] wh = sizes[i % sizes.length];
            BufferedImage p = SyntheticImages.photoLike(wh[0], wh[1], i);
            truth.add(p);
            gray.add(SyntheticImages.gray(p));
        }
        ComparisonGrid.Options o = ComparisonGrid.Options.defaults().columns(1).rowHeight(256).perPage(10);
        List<Path> pages = ComparisonGrid.write(truth, gray, truth, tmp.resolve("grid.png"), o);
        assertEquals(List.of(tmp.resolve("grid-1.png"), tmp.resolve("grid-2.png"), tmp.resolve("grid-3.png")), pages);
        assertTrue(Files.notExists(tmp.resolve("grid.png")), "a paged grid writes its pages only");
        BufferedImage first = Images.read(pages.get(0)), last = Images.read(pages.get(2));
        int widest = 384; // 768x512 at 256 px high; 512x768 is 171 wide
        assertEquals(3 * widest + 2 * ComparisonGrid.GAP, first.getWidth());
        assertEquals(10 * 256 + ComparisonGrid.LABEL_HEIGHT, first.getHeight());
        assertEquals(3 * 256 + ComparisonGrid.LABEL_HEIGHT, last.getHeight(), "23 images: 10, 10 and 3");
        // row 2 of page 1 is image 1 (512x768 -> 171x256): its thumbnail in the truth panel, white beyond
        BufferedImage t1 = ComparisonGrid.thumbnail(truth.get(1), 256);
        int y = ComparisonGrid.LABEL_HEIGHT + 256 + 100;
        assertEquals(t1.getRGB(50, 100) & 0xFFFFFF, first.getRGB(50, y) & 0xFFFFFF);
        assertEquals(0xFFFFFF, first.getRGB(200, y) & 0xFFFFFF);
        // the third page starts with image 20
        BufferedImage t20 = ComparisonGrid.thumbnail(truth.get(20), 256);
        assertEquals(t20.getRGB(10, 10) & 0xFFFFFF, last.getRGB(10, ComparisonGrid.LABEL_HEIGHT + 10) & 0xFFFFFF);

        // one page: the file itself; JPEG by extension, still the page's geometry
        List<Path> one = ComparisonGrid.write(truth.subList(0, 4), gray, truth, tmp.resolve("few.jpg"), o);
        assertEquals(List.of(tmp.resolve("few.jpg")), one);
        BufferedImage jpg = Images.read(one.get(0));
        assertEquals(4 * 256 + ComparisonGrid.LABEL_HEIGHT, jpg.getHeight());
        int expected = ComparisonGrid.thumbnail(truth.get(0), 256).getRGB(100, 100), got = jpg.getRGB(100, ComparisonGrid.LABEL_HEIGHT + 100);
        for (int sh = 0; sh <= 16; sh += 8) {
            assertTrue(Math.abs(((expected >> sh) & 0xff) - ((got >> sh) & 0xff)) < 24, "JPEG close to the thumbnail");
        }
        assertThrows(IllegalArgumentException.class, () -> o.rowHeight(-1));
        assertThrows(IllegalArgumentException.class, () -> o.perPage(-1));
    }
}
