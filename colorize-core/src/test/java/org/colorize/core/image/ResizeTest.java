package org.colorize.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ResizeTest {

    private static double mean(float[] p) {
        double s = 0;
        for (float v : p) {
            s += v;
        }
        return s / p.length;
    }

    @Test
    void areaAveragingKeepsTheMeanForAnyFactor() {
        Random r = new Random(1);
        float[] src = new float[97 * 61];
        for (int i = 0; i < src.length; i++) {
            src[i] = r.nextFloat();
        }
        for (int[] size : new int[][] {{48, 30}, {13, 7}, {1, 1}, {96, 60}}) {
            float[] out = Resize.plane(src, 97, 61, size[0], size[1]);
            assertEquals(mean(src), mean(out), 1e-5, "mean at " + size[0] + "x" + size[1]);
        }
    }

    @Test
    void integerShrinkIsTheBlockMean() {
        float[] src = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        float[] out = Resize.plane(src, 4, 4, 2, 2);
        assertArrayEquals(new float[] {3.5f, 5.5f, 11.5f, 13.5f}, out, 1e-6f);
    }

    @Test
    void bilinearEnlargingInterpolatesAndClampsEdges() {
        float[] src = {0, 1};
        float[] out = Resize.plane(src, 2, 1, 4, 1);
        // half-pixel centres: source coordinates -0.25, 0.25, 0.75, 1.25
        assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f}, out, 1e-6f);
    }

    @Test
    void rowStreamEqualsWholePlaneResize() {
        Random r = new Random(2);
        float[] src = new float[20 * 10];
        for (int i = 0; i < src.length; i++) {
            src[i] = r.nextFloat();
        }
        float[] whole = Resize.plane(src, 20, 10, 53, 37);
        Resize.RowStream rs = new Resize.RowStream(src, 20, 10, 53, 37);
        float[] row = new float[53];
        for (int y = 0; y < 37; y++) {
            rs.row(y, row);
            for (int x = 0; x < 53; x++) {
                assertEquals(whole[y * 53 + x], row[x], 1e-6f);
            }
        }
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat();
        }
        return v;
    }

    @Test
    void rowSourceEqualsWholePlaneResizeBitForBit() {
        int w = 37, h = 23;
        float[] src = random(w * h, 3);
        int[] asked = new int[1];
        for (int[] size : new int[][] {{37, 23}, {10, 7}, {80, 50}, {10, 50}, {80, 7}, {37, 5}, {1, 1}}) {
            asked[0] = 0;
            float[] rows = Resize.plane((y, dst) -> {
                assertEquals(asked[0]++, y, "rows in order, each once");
                System.arraycopy(src, y * w, dst, 0, w);
            }, w, h, size[0], size[1]);
            assertEquals(h, asked[0]);
            assertArrayEquals(Resize.plane(src, w, h, size[0], size[1]), rows, 0f, size[0] + "x" + size[1]);
        }
    }

    @Test
    void rowSourceResizesARegionWithoutCopyingIt() {
        int w = 40, h = 30;
        float[] src = random(w * h, 4);
        // the 20x10 region at (5, 3)
        float[] region = new float[20 * 10];
        for (int y = 0; y < 10; y++) {
            System.arraycopy(src, (3 + y) * w + 5, region, y * 20, 20);
        }
        for (int[] size : new int[][] {{20, 10}, {7, 4}, {33, 21}}) {
            float[] out = Resize.plane((y, dst) -> System.arraycopy(src, (3 + y) * w + 5, dst, 0, 20), 20, 10,
                    size[0], size[1]);
            assertArrayEquals(Resize.plane(region, 20, 10, size[0], size[1]), out, 0f);
        }
        assertThrows(IllegalArgumentException.class, () -> Resize.plane((y, dst) -> { }, 0, 10, 5, 5));
        assertThrows(IllegalArgumentException.class, () -> Resize.plane((y, dst) -> { }, 10, 10, 5, 0));
    }
}
