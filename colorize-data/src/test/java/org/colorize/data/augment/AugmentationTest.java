package org.colorize.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.colorize.data.source.RgbImage;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    @Test
    void drawsFollowKerasRanges() {
        Augmentation a = Augmentation.builder().rotation(20).shear(0.2).zoom(0.2).widthShift(0.1).heightShift(3)
                .horizontalFlip().build();
        int flips = 0, differentZooms = 0;
        for (int i = 0; i < 2000; i++) {
            TransformParameters p = a.sampleParameters(RandomStream.of(7, 0, i), 40, 30);
            assertTrue(Math.abs(p.theta()) <= 20);
            assertTrue(Math.abs(p.shear()) <= 0.2);
            assertTrue(p.zx() >= 0.8 && p.zx() <= 1.2 && p.zy() >= 0.8 && p.zy() <= 1.2);
            assertTrue(Math.abs(p.ty()) <= 0.1 * 40, "width shift is a fraction of the width");
            assertTrue(Math.abs(p.tx()) <= 3, "height shift >= 1 is in pixels");
            assertFalse(p.flipVertical());
            flips += p.flipHorizontal() ? 1 : 0;
            differentZooms += p.zx() != p.zy() ? 1 : 0;
        }
        assertTrue(flips > 900 && flips < 1100, "about half flipped: " + flips);
        assertEquals(2000, differentZooms, "zx and zy are drawn independently");
    }

    @Test
    void sameStreamSameTransformOtherStreamOther() {
        Augmentation a = Augmentation.of(b -> b.rotation(40).shear(0.4).zoom(0.4).horizontalFlip());
        assertEquals(a.sample(RandomStream.of(1, 2, 3), 32, 32), a.sample(RandomStream.of(1, 2, 3), 32, 32));
        assertNotEquals(a.sample(RandomStream.of(1, 2, 3), 32, 32), a.sample(RandomStream.of(1, 2, 4), 32, 32));
        assertNotEquals(a.sample(RandomStream.of(1, 2, 3), 32, 32), a.sample(RandomStream.of(2, 2, 3), 32, 32));
        assertTrue(Augmentation.NONE.isNone());
        assertTrue(Augmentation.NONE.sample(RandomStream.of(1, 2, 3), 32, 32).isIdentity());
        assertEquals(a, a.toBuilder().build());
    }

    @Test
    void invalidOptionsFailWithTheirNameAndValue() {
        assertMessage(() -> Augmentation.builder().rotation(-1).build(), "rotation", "-1.0");
        assertMessage(() -> Augmentation.builder().rotation(181).build(), "rotation", "181.0");
        assertMessage(() -> Augmentation.builder().shear(90).build(), "shear", "90.0");
        assertMessage(() -> Augmentation.builder().zoom(1).build(), "zoom", "0.0");
        assertMessage(() -> Augmentation.builder().zoom(1.2, 1.1).build(), "zoom", "1.2");
        assertMessage(() -> Augmentation.builder().widthShift(-0.1).build(), "widthShift", "-0.1");
        assertMessage(() -> Augmentation.builder().heightShift(Double.NaN).build(), "heightShift", "NaN");
        assertMessage(() -> Augmentation.builder().fillValue(2).build(), "fillValue", "2.0");
        assertThrows(NullPointerException.class, () -> Augmentation.builder().fillMode(null).build());
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String option, String value) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(option) && x.getMessage().contains(value), x.getMessage());
    }

    @Test
    void fillModeIndices() {
        assertEquals(0, FillMode.NEAREST.index(-5, 4));
        assertEquals(3, FillMode.NEAREST.index(9, 4));
        assertEquals(0, FillMode.REFLECT.index(-1, 4));
        assertEquals(3, FillMode.REFLECT.index(4, 4));
        assertEquals(2, FillMode.REFLECT.index(5, 4));
        assertEquals(0, FillMode.REFLECT.index(8, 4));
        assertEquals(3, FillMode.WRAP.index(-1, 4));
        assertEquals(1, FillMode.WRAP.index(9, 4));
        assertEquals(0, FillMode.REFLECT.index(-7, 1));
    }

    @Test
    void resizeKeepsExactSizesAndAveragesAreas() {
        int[] px = new int[16];
        for (int i = 0; i < 16; i++) {
            px[i] = (i * 16) << 8; // green ramp
        }
        float[] same = Resize.packedRgb(px, 4, 4, 0, 0, 4, 4, 4, 4);
        assertEquals(px[5] >> 8 & 0xff, Math.round(same[5 * 3 + 1] * 255));
        float[] half = Resize.packedRgb(px, 4, 4, 0, 0, 4, 4, 2, 2);
        // top-left output = mean of pixels 0, 1, 4, 5
        assertEquals((0 + 16 + 64 + 80) / 4f / 255f, half[1], 1e-6f);
        float[] crop = Resize.packedRgb(px, 4, 4, 1, 2, 2, 2, 2, 2);
        assertEquals((px[9] >> 8) / 255f, crop[1], 0f);
        float[] up = Resize.floats(new float[] {0, 1}, 2, 1, 1, 0, 0, 2, 1, 4, 1);
        assertEquals(0f, up[0], 0f);
        assertEquals(0.25f, up[1], 1e-6f);
        assertEquals(0.75f, up[2], 1e-6f);
        assertEquals(1f, up[3], 0f);
        float[] odd = Resize.floats(new float[] {1, 2, 3}, 3, 1, 1, 0, 0, 3, 1, 1, 1);
        assertEquals(2f, odd[0], 1e-6f);
    }

    /** One channel of a region as its own plane, the input core's Resize takes. */
    private static float[] channelOfRegion(float[] interleaved, int width, int channels, int c, int x, int y, int w,
            int h) {
        float[] plane = new float[w * h];
        for (int r = 0; r < h; r++) {
            for (int i = 0; i < w; i++) {
                plane[r * w + i] = interleaved[((y + r) * width + x + i) * channels + c];
            }
        }
        return plane;
    }

    private static float[] channel(float[] interleaved, int channels, int c) {
        float[] plane = new float[interleaved.length / channels];
        for (int i = 0; i < plane.length; i++) {
            plane[i] = interleaved[i * channels + c];
        }
        return plane;
    }

    @Test
    void resizeIsCoresResizeBitForBit() {
        Random random = new Random(5);
        int width = 23, height = 17;
        int[] px = new int[width * height];
        float[] rgb = new float[px.length * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = random.nextInt() | 0xFF000000; // alpha bits are ignored
            rgb[3 * i] = ((px[i] >> 16) & 0xff) / 255f;
            rgb[3 * i + 1] = ((px[i] >> 8) & 0xff) / 255f;
            rgb[3 * i + 2] = (px[i] & 0xff) / 255f;
        }
        // {x, y, w, h, outWidth, outHeight}: whole, crops, shrinking, enlarging, one axis each way
        int[][] cases = {{0, 0, 23, 17, 23, 17}, {0, 0, 23, 17, 8, 5}, {3, 2, 11, 9, 11, 9}, {3, 2, 11, 9, 30, 25},
            {1, 4, 20, 12, 7, 40}, {0, 0, 23, 17, 1, 1}, {5, 5, 1, 1, 4, 3}};
        for (int[] k : cases) {
            String what = java.util.Arrays.toString(k);
            float[] packed = Resize.packedRgb(px, width, height, k[0], k[1], k[2], k[3], k[4], k[5]);
            float[] floats = Resize.floats(rgb, width, height, 3, k[0], k[1], k[2], k[3], k[4], k[5]);
            float[] image = Resize.rgb(new RgbImage(width, height, px), k[0], k[1], k[2], k[3], k[4], k[5]);
            for (int c = 0; c < 3; c++) {
                float[] core = org.colorize.core.image.Resize.plane(
                        channelOfRegion(rgb, width, 3, c, k[0], k[1], k[2], k[3]), k[2], k[3], k[4], k[5]);
                assertArrayEquals(core, channel(packed, 3, c), 0f, what + " packed channel " + c);
                assertArrayEquals(core, channel(floats, 3, c), 0f, what + " floats channel " + c);
                assertArrayEquals(core, channel(image, 3, c), 0f, what + " image channel " + c);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Resize.packedRgb(px, width, height, 20, 0, 4, 1, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Resize.floats(rgb, width, height, 3, 0, 0, 4, 4, 0, 2));
    }
}
