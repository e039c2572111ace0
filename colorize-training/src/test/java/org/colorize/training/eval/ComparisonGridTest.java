package org.colorize.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonGridTest {

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
}
