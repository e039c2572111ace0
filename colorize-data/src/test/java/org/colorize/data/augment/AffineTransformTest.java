package org.colorize.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AffineTransformTest {

    /** A 3-channel test image whose every value differs. */
    private static float[] image(int w, int h) {
        float[] v = new float[w * h * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((i * 37) % 101) / 100f;
        }
        return v;
    }

    private static float[] warp(AffineTransform t, float[] src, int w, int h, FillMode mode, Interpolation in) {
        float[] out = new float[src.length];
        t.warp(src, w, h, 3, out, w, h, mode, 0.5f, in);
        return out;
    }

    @Test
    void kerasMatrixAndWarpMatchScipyReference() throws IOException {
        List<String> lines = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("keras_reference.txt");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                if (!line.startsWith("#")) {
                    lines.add(line);
                }
            }
        }
        String[] hw = lines.get(0).split(" ");
        int h = Integer.parseInt(hw[0]), w = Integer.parseInt(hw[1]);
        float[] img = floats(lines.get(1), 0);
        int cases = 0;
        for (int i = 2; i < lines.size(); ) {
            double[] p = doubles(lines.get(i++), 1);
            double[] expectedMatrix = doubles(lines.get(i++), 1);
            AffineTransform t = AffineTransform.keras(p[0], p[1], p[2], p[3], p[4], p[5], h, w);
            assertArrayEquals(expectedMatrix, t.matrix(), 1e-12, "matrix of case " + Arrays.toString(p));
            for (int m = 0; m < 4; m++) {
                String[] parts = lines.get(i++).split(" ", 2);
                FillMode mode = FillMode.valueOf(parts[0]);
                float[] expected = floats(parts[1], 0);
                float[] out = new float[w * h];
                t.warp(img, w, h, 1, out, w, h, mode, 0.25f, Interpolation.BILINEAR);
                assertArrayEquals(expected, out, 2e-6f, mode + " warp of case " + Arrays.toString(p));
            }
            cases++;
        }
        assertEquals(6, cases);
    }

    private static double[] doubles(String line, int skip) {
        String[] s = line.trim().split(" ");
        return Arrays.stream(s).skip(skip).mapToDouble(Double::parseDouble).toArray();
    }

    private static float[] floats(String line, int skip) {
        double[] d = doubles(line, skip);
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    @Test
    void identityChangesNothing() {
        float[] src = image(13, 9);
        AffineTransform t = AffineTransform.keras(0, 0, 0, 0, 1, 1, 9, 13);
        assertTrue(t.isIdentity());
        for (FillMode mode : FillMode.values()) {
            for (Interpolation in : Interpolation.values()) {
                assertArrayEquals(src, warp(t, src, 13, 9, mode, in), 0f, mode + "/" + in);
            }
        }
        TransformParameters none = Augmentation.NONE.sampleParameters(new RandomStream(1), 13, 9);
        assertEquals(TransformParameters.IDENTITY, none);
    }

    @Test
    void horizontalFlipIsExact() {
        int w = 11, h = 6;
        float[] src = image(w, h);
        float[] out = warp(AffineTransform.identity().flipHorizontal(w), src, w, h, FillMode.NEAREST, Interpolation.BILINEAR);
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                for (int k = 0; k < 3; k++) {
                    assertEquals(src[(r * w + (w - 1 - c)) * 3 + k], out[(r * w + c) * 3 + k], 0f);
                }
            }
        }
        float[] v = warp(AffineTransform.identity().flipVertical(h), src, w, h, FillMode.NEAREST, Interpolation.BILINEAR);
        assertEquals(src[((h - 1) * w) * 3], v[0], 0f);
    }

    @Test
    void rotationBy90OnSquareIsTheExactRotation() {
        int n = 10;
        float[] src = image(n, n);
        for (Interpolation in : Interpolation.values()) {
            for (FillMode mode : FillMode.values()) {
                float[] cw = warp(AffineTransform.keras(90, 0, 0, 0, 1, 1, n, n), src, n, n, mode, in);
                float[] ccw = warp(AffineTransform.keras(-90, 0, 0, 0, 1, 1, n, n), src, n, n, mode, in);
                float[] half = warp(AffineTransform.keras(180, 0, 0, 0, 1, 1, n, n), src, n, n, mode, in);
                for (int r = 0; r < n; r++) {
                    for (int c = 0; c < n; c++) {
                        for (int k = 0; k < 3; k++) {
                            int o = (r * n + c) * 3 + k;
                            // +90 degrees: clockwise on screen, out(r, c) = in(n-1-c, r)
                            assertEquals(src[((n - 1 - c) * n + r) * 3 + k], cw[o], 0f, "cw " + mode + " " + in);
                            assertEquals(src[(c * n + (n - 1 - r)) * 3 + k], ccw[o], 0f, "ccw " + mode + " " + in);
                            assertEquals(src[((n - 1 - r) * n + (n - 1 - c)) * 3 + k], half[o], 0f, "180 " + mode);
                        }
                    }
                }
            }
        }
    }

    @Test
    void integerShiftsFillAsKerasDocuments() {
        // One row "abcd" (values 1..4) shifted so that 3 outside points appear on each side.
        float[] row = {1, 2, 3, 4};
        float[] out = new float[10];
        // ty moves along columns; output of width 10 samples source columns -3..6 when ty = -3
        AffineTransform t = AffineTransform.of(1, 0, 0, 0, 1, -3);
        t.warp(row, 4, 1, 1, out, 10, 1, FillMode.NEAREST, 9f, Interpolation.BILINEAR);
        assertArrayEquals(new float[] {1, 1, 1, 1, 2, 3, 4, 4, 4, 4}, out, 0f);
        t.warp(row, 4, 1, 1, out, 10, 1, FillMode.REFLECT, 9f, Interpolation.BILINEAR);
        assertArrayEquals(new float[] {3, 2, 1, 1, 2, 3, 4, 4, 3, 2}, out, 0f);
        t.warp(row, 4, 1, 1, out, 10, 1, FillMode.WRAP, 9f, Interpolation.BILINEAR);
        assertArrayEquals(new float[] {2, 3, 4, 1, 2, 3, 4, 1, 2, 3}, out, 0f);
        t.warp(row, 4, 1, 1, out, 10, 1, FillMode.CONSTANT, 9f, Interpolation.BILINEAR);
        assertArrayEquals(new float[] {9, 9, 9, 1, 2, 3, 4, 9, 9, 9}, out, 0f);
    }

    @Test
    void flipsComposeAfterTheAffinePart() {
        int w = 8, h = 5;
        float[] src = image(w, h);
        AffineTransform a = AffineTransform.keras(13, 0.5, -1, 4, 1.1, 0.9, h, w);
        float[] warped = warp(a, src, w, h, FillMode.REFLECT, Interpolation.BILINEAR);
        float[] flippedAfter = warp(AffineTransform.identity().flipHorizontal(w), warped, w, h, FillMode.NEAREST,
                Interpolation.BILINEAR);
        float[] combined = warp(a.flipHorizontal(w), src, w, h, FillMode.REFLECT, Interpolation.BILINEAR);
        assertArrayEquals(flippedAfter, combined, 1e-6f);
    }
}
