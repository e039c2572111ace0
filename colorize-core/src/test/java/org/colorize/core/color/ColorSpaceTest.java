package org.colorize.core.color;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.colorize.core.color.ColorSpace;
import org.junit.jupiter.api.Test;

class ColorSpaceTest {

    private static void assertLab(float[] rgb, double l, double a, double b) {
        float[] lab = ColorSpace.RGB.to(ColorSpace.LAB, rgb);
        assertEquals(l, lab[0], 1e-3, "L of " + java.util.Arrays.toString(rgb));
        assertEquals(a, lab[1], 1e-3, "a of " + java.util.Arrays.toString(rgb));
        assertEquals(b, lab[2], 1e-3, "b of " + java.util.Arrays.toString(rgb));
    }

    @Test
    void publishedReferenceValues() {
        assertLab(new float[] {1, 0, 0}, 53.2408, 80.0925, 67.2032);
        assertLab(new float[] {0, 1, 0}, 87.7347, -86.1827, 83.1793);
        assertLab(new float[] {0, 0, 1}, 32.2970, 79.1875, -107.8602);
        assertLab(new float[] {1, 1, 1}, 100, 0, 0);
        assertLab(new float[] {0, 0, 0}, 0, 0, 0);
        // and back
        float[] rgb = ColorSpace.LAB.to(ColorSpace.RGB, new float[] {53.2408f, 80.0925f, 67.2032f});
        assertArrayEquals(new float[] {1, 0, 0}, rgb, 1e-4f);
    }

    @Test
    void everyEightBitColourRoundTripsWithinHalfACodeValue() {
        int block = 1 << 16;
        float[] px = new float[3 * block];
        float[] lab = new float[3 * block];
        float[] back = new float[3 * block];
        double worst = 0, worstLabErr = 0;
        for (int start = 0; start < (1 << 24); start += block) {
            for (int i = 0; i < block; i++) {
                int c = start + i;
                px[3 * i] = ((c >> 16) & 0xff) / 255f;
                px[3 * i + 1] = ((c >> 8) & 0xff) / 255f;
                px[3 * i + 2] = (c & 0xff) / 255f;
            }
            ColorSpace.RGB.convert(ColorSpace.LAB, px, 0, lab, 0, block);
            ColorSpace.LAB.convert(ColorSpace.RGB, lab, 0, back, 0, block);
            for (int i = 0; i < 3 * block; i++) {
                worst = Math.max(worst, Math.abs(back[i] - px[i]) * 255.0);
            }
            // The table-driven forward transform against the exact double formula, on a sample.
            for (int i = 0; i < block; i += 97) {
                double[] exact = Lab.exactRgbToLab(px[3 * i], px[3 * i + 1], px[3 * i + 2]);
                for (int k = 0; k < 3; k++) {
                    worstLabErr = Math.max(worstLabErr, Math.abs(exact[k] - lab[3 * i + k]));
                }
            }
        }
        assertTrue(worst < 0.5, "worst round-trip error " + worst + " code values");
        assertTrue(worstLabErr < 1e-3, "worst table error against the exact formula " + worstLabErr);
    }

    @Test
    void grayIsLumaAndGrayToLabIsNeutral() {
        float[] gray = ColorSpace.RGB.to(ColorSpace.GRAY, new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 0.5f, 0.5f, 0.5f});
        assertArrayEquals(new float[] {0.299f, 0.587f, 0.114f, 0.5f}, gray, 1e-6f);
        float[] lab = ColorSpace.GRAY.to(ColorSpace.LAB, new float[] {0.5f});
        double[] exact = Lab.exactRgbToLab(0.5, 0.5, 0.5);
        assertEquals(exact[0], lab[0], 1e-3);
        assertEquals(0f, lab[1], 0f);
        assertEquals(0f, lab[2], 0f);
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f}, ColorSpace.GRAY.to(ColorSpace.RGB, new float[] {0.25f}));
        float[] g2 = ColorSpace.LAB.to(ColorSpace.GRAY, lab);
        assertEquals(0.5f, g2[0], 1e-4f);
    }

    @Test
    void labToRgbClipsOutOfGamut() {
        float[] rgb = ColorSpace.LAB.to(ColorSpace.RGB, new float[] {50, 120, -120});
        for (float v : rgb) {
            assertTrue(v >= 0f && v <= 1f, "clipped to [0,1]: " + v);
        }
    }

    @Test
    void labToRgb8KeepsLightnessOutOfGamut() {
        for (float l = 5; l <= 95; l += 10) {
            int rgb = Lab.labToRgb8(l, 127f, -127f);
            float back = Lab.lightnessOfRgb8(rgb);
            assertEquals(l, back, 0.6, "L kept for L=" + l);
        }
    }

    @Test
    void wrongLengthIsRefusedWithTheCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ColorSpace.RGB.to(ColorSpace.LAB, new float[4]));
        assertTrue(e.getMessage().contains("4"), e.getMessage());
    }
}
