package org.colorize.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.colorize.core.Colorizer;
import org.colorize.core.color.Lab;
import org.colorize.core.testing.ImageFiles;
import org.colorize.core.testing.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Photos as users have them, every file made here: JPEGs with each EXIF orientation, Adobe CMYK and
 * YCCK JPEGs, a JPEG with an embedded Adobe RGB (ClayRGB1998) ICC profile, a lossless WebP. Each must
 * read upright, in sRGB, with the lightness it really has, and colorize keeping that lightness.
 */
class PhotosAsUsersHaveThemTest {

    @TempDir
    static Path tmp;
    private static Colorizer colorizer;

    @BeforeAll
    static void setUp() throws Exception {
        colorizer = Colorizer.builder().model(TinyModels.lToAb()).build();
    }

    @AfterAll
    static void tearDown() {
        if (colorizer != null) {
            colorizer.close();
        }
    }

    // ---------------------------------------------------------------- EXIF orientation

    /** An upright 64x40 picture with four flat quadrants of distinct colours (JPEG keeps their centres). */
    private static BufferedImage upright() {
        BufferedImage u = new BufferedImage(64, 40, BufferedImage.TYPE_INT_RGB);
        int[] colours = {0xD02020, 0x20B040, 0x2040D0, 0xE0E020};
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 64; x++) {
                u.setRGB(x, y, colours[(y < 20 ? 0 : 2) + (x < 32 ? 0 : 1)]);
            }
        }
        return u;
    }

    /**
     * Where the displayed pixel (x, y) of an upright image of size {@code w x h} is stored, for each
     * orientation (TIFF 6.0 / EXIF 2.3 tag 274: "the 0th row is the visual top/bottom/left/right...").
     */
    private static int[] stored(int o, int x, int y, int w, int h) {
        // w, h: the upright (displayed) size. For 5..8 the stored image is h wide and w high.
        return switch (o) {
            case 1 -> new int[] {x, y};
            case 2 -> new int[] {w - 1 - x, y};
            case 3 -> new int[] {w - 1 - x, h - 1 - y};
            case 4 -> new int[] {x, h - 1 - y};
            case 5 -> new int[] {y, x};
            case 6 -> new int[] {y, w - 1 - x};   // stored row 0 is the visual right side
            case 7 -> new int[] {h - 1 - y, w - 1 - x};
            case 8 -> new int[] {h - 1 - y, x};   // stored row 0 is the visual left side
            default -> throw new IllegalArgumentException();
        };
    }

    /** The image a camera stores for an upright picture shown with orientation {@code o}. */
    private static BufferedImage storedFor(BufferedImage u, int o) {
        int w = u.getWidth(), h = u.getHeight();
        boolean swap = o >= 5;
        BufferedImage s = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] p = stored(o, x, y, w, h);
                s.setRGB(p[0], p[1], u.getRGB(x, y));
            }
        }
        return s;
    }

    private static void assertColourNear(int expected, int actual, String what) {
        for (int shift = 0; shift <= 16; shift += 8) {
            int e = (expected >> shift) & 0xff, a = (actual >> shift) & 0xff;
            assertTrue(Math.abs(e - a) <= 24, what + ": expected " + Integer.toHexString(expected & 0xffffff)
                    + ", was " + Integer.toHexString(actual & 0xffffff));
        }
    }

    @Test
    void everyExifOrientationReadsUpright() throws Exception {
        BufferedImage u = upright();
        for (int o = 1; o <= 8; o++) {
            for (boolean le : new boolean[] {false, true}) {
                Path file = tmp.resolve("orientation-" + o + (le ? "-ii" : "-mm") + ".jpg");
                Files.write(file, ImageFiles.insertSegment(ImageFiles.jpeg(storedFor(u, o)), ImageFiles.exifApp1(o, le)));
                BufferedImage read = Images.read(file);
                assertEquals(64, read.getWidth(), file + " width");
                assertEquals(40, read.getHeight(), file + " height");
                // the centre of each quadrant
                for (int[] p : new int[][] {{16, 10}, {48, 10}, {16, 30}, {48, 30}}) {
                    assertColourNear(u.getRGB(p[0], p[1]), read.getRGB(p[0], p[1]), file + " at " + p[0] + "," + p[1]);
                }
            }
        }
    }

    @Test
    void aPortraitPhoneJpegIsColorizedUprightWithItsLightness() throws Exception {
        // A phone holds a portrait photo as a landscape JPEG with orientation 6 (rotate 90 clockwise).
        BufferedImage portrait = new BufferedImage(40, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 40; x++) {
                int g = y < 16 ? 235 : 30 + x * 3; // a bright top band: "the sky is up"
                portrait.setRGB(x, y, (g << 16) | (g << 8) | g);
            }
        }
        BufferedImage stored = storedFor(portrait, 6);
        assertEquals(64, stored.getWidth());
        Path file = tmp.resolve("portrait.jpg");
        Files.write(file, ImageFiles.insertSegment(ImageFiles.jpeg(stored), ImageFiles.exifApp1(6, false)));
        BufferedImage out = colorizer.colorize(file);
        assertEquals(40, out.getWidth(), "upright: width and height swapped back");
        assertEquals(64, out.getHeight());
        double top = 0, bottom = 0;
        for (int x = 0; x < 40; x++) {
            top += Lab.lightnessOfRgb8(out.getRGB(x, 4));
            bottom += Lab.lightnessOfRgb8(out.getRGB(x, 60));
        }
        assertTrue(top / 40 > 85 && bottom / 40 < 60, "bright band on top: top L " + top / 40 + ", bottom L " + bottom / 40);
        // the lightness contract, against the upright input
        assertLightnessWithin(lightness(portrait), lightness(out), 1.0, "colorized portrait");
    }

    // ---------------------------------------------------------------- CMYK, YCCK, ICC

    /** A colourful 96x64 sRGB picture: hue across, value down, a few saturated patches. */
    private static BufferedImage colourful() {
        return colourful(0.25f);
    }

    /** As {@link #colourful()}, with the low saturation of its checkerboard at {@code minSat}. */
    private static BufferedImage colourful(float minSat) {
        BufferedImage img = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                float hue = x / 96f, sat = minSat + (1 - minSat) * ((x / 24 + y / 16) % 2), val = 0.25f + 0.75f * (64 - y) / 64f;
                img.setRGB(x, y, java.awt.Color.HSBtoRGB(hue, sat, val) & 0xffffff);
            }
        }
        return img;
    }

    /** Naive CMYK ink amounts (0..1) of an sRGB pixel: K = 1 - max(R,G,B), CMY from what remains. */
    private static double[] ink(int rgb) {
        double r = ((rgb >> 16) & 0xff) / 255.0, g = ((rgb >> 8) & 0xff) / 255.0, b = (rgb & 0xff) / 255.0;
        double k = 1 - Math.max(r, Math.max(g, b));
        if (k >= 1) {
            return new double[] {0, 0, 0, 1};
        }
        return new double[] {(1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k};
    }

    private static byte[] adobe(int transform) {
        byte[] a = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform};
        return a;
    }

    /** An Adobe (Photoshop) CMYK JPEG: inverted ink values, APP14 transform 0. */
    private static byte[] adobeCmykJpeg(BufferedImage srgb) throws IOException {
        int w = srgb.getWidth(), h = srgb.getHeight();
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double[] k = ink(srgb.getRGB(x, y));
                r.setPixel(x, y, new int[] {inv(k[0]), inv(k[1]), inv(k[2]), inv(k[3])});
            }
        }
        return ImageFiles.insertSegment(ImageFiles.jpeg(r), adobe(0));
    }

    /** An Adobe YCCK JPEG: the inks C, M, Y as YCbCr, K inverted; APP14 transform 2. */
    private static byte[] adobeYcckJpeg(BufferedImage srgb) throws IOException {
        int w = srgb.getWidth(), h = srgb.getHeight();
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double[] k = ink(srgb.getRGB(x, y));
                double c = k[0] * 255, m = k[1] * 255, ye = k[2] * 255;
                double yy = 0.299 * c + 0.587 * m + 0.114 * ye;
                double cb = -0.168736 * c - 0.331264 * m + 0.5 * ye + 128;
                double cr = 0.5 * c - 0.418688 * m - 0.081312 * ye + 128;
                r.setPixel(x, y, new int[] {clamp(yy), clamp(cb), clamp(cr), inv(k[3])});
            }
        }
        return ImageFiles.insertSegment(ImageFiles.jpeg(r), adobe(2));
    }

    private static int inv(double ink) {
        return clamp(255 - ink * 255);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    @Test
    void adobeCmykAndYcckJpegsKeepTheirLightness() throws Exception {
        BufferedImage truth = colourful();
        double[] truthL = lightness(truth);
        for (String kind : new String[] {"cmyk", "ycck"}) {
            Path file = tmp.resolve(kind + ".jpg");
            Files.write(file, kind.equals("cmyk") ? adobeCmykJpeg(truth) : adobeYcckJpeg(truth));
            BufferedImage read = Images.read(file);
            assertTrue(read.getColorModel().getColorSpace().isCS_sRGB(), kind + " is read into sRGB");
            assertEquals(96, read.getWidth());
            double readErr = assertLightnessWithin(truthL, lightness(read), 1.0, kind + " as read");
            double outErr = assertLightnessWithin(truthL, lightness(colorizer.colorize(file)), 1.0, kind + " colorized");
            System.out.printf("%s JPEG: mean |L - truth| %.3f as read, %.3f colorized%n", kind, readErr, outErr);
        }
    }

    @Test
    void anEmbeddedAdobeRgbProfileIsConvertedToSrgb() throws Exception {
        byte[] profileBytes;
        try (InputStream in = PhotosAsUsersHaveThemTest.class.getResourceAsStream("/profiles/ClayRGB1998.icc")) {
            assertNotNull(in, "the Adobe RGB compatible profile that TwelveMonkeys ships");
            profileBytes = in.readAllBytes();
        }
        ICC_Profile adobeRgb = ICC_Profile.getInstance(profileBytes);
        BufferedImage pixels = colourful(1f); // saturated: these values are Adobe RGB values in the file
        byte[] app2 = new byte[4 + 14 + profileBytes.length];
        int len = app2.length - 2;
        app2[0] = (byte) 0xFF;
        app2[1] = (byte) 0xE2;
        app2[2] = (byte) (len >> 8);
        app2[3] = (byte) len;
        byte[] id = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, app2, 4, id.length);
        app2[16] = 1;
        app2[17] = 1;
        System.arraycopy(profileBytes, 0, app2, 18, profileBytes.length);
        Path file = tmp.resolve("adobe-rgb.jpg");
        Files.write(file, ImageFiles.insertSegment(ImageFiles.jpeg(pixels), app2));

        // the truth: the file's values converted from Adobe RGB to sRGB by Java2D's colour management
        BufferedImage inAdobe = new BufferedImage(new java.awt.image.ComponentColorModel(new ICC_ColorSpace(adobeRgb),
                false, false, java.awt.Transparency.OPAQUE, DataBuffer.TYPE_BYTE),
                Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 96, 64, 3, null), false, null);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                int c = pixels.getRGB(x, y);
                inAdobe.getRaster().setPixel(x, y, new int[] {(c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff});
            }
        }
        BufferedImage truth = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        new ColorConvertOp(null).filter(inAdobe, truth);
        double[] truthL = lightness(truth);
        double naive = meanAbs(truthL, lightness(pixels));
        assertTrue(naive > 1.5, "the test needs colours whose lightness differs between Adobe RGB and sRGB: " + naive);

        BufferedImage read = Images.read(file);
        double readErr = assertLightnessWithin(truthL, lightness(read), 0.5, "Adobe RGB JPEG as read");
        double outErr = assertLightnessWithin(truthL, lightness(colorizer.colorize(file)), 0.5, "Adobe RGB JPEG colorized");
        System.out.printf("Adobe RGB JPEG: mean |L - truth| %.3f as read, %.3f colorized (%.3f if read as sRGB)%n",
                readErr, outErr, naive);
    }

    @Test
    void aColourImageInAnotherColourSpaceIsConvertedBeforeItsLightnessIsTaken() {
        // TYPE_3BYTE_BGR in linear RGB: the pipeline's fast path must not read its bytes as sRGB
        java.awt.color.ColorSpace linear = java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_LINEAR_RGB);
        var cm = new java.awt.image.ComponentColorModel(linear, false, false, java.awt.Transparency.OPAQUE,
                DataBuffer.TYPE_BYTE);
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 8, 48, 3, new int[] {2, 1, 0}, null);
        BufferedImage img = new BufferedImage(cm, r, false, null);
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, img.getType());
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                r.setPixel(x, y, new int[] {x * 16, 40, 200 - y * 20});
            }
        }
        DecodedImage d = DecodedImage.of(img);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                double expected = Lab.lightnessOfRgb8(img.getRGB(x, y)); // Java2D's own conversion
                assertEquals(expected, d.lightness()[y * 16 + x], 0.6, "L at " + x + "," + y);
            }
        }
    }

    // ---------------------------------------------------------------- WebP

    @Test
    void aLosslessWebpReadsExactlyAndColorizes() throws Exception {
        Path file = tmp.resolve("picture.webp");
        Files.write(file, ImageFiles.losslessWebp(24, 16));
        BufferedImage read = Images.read(file);
        assertEquals(24, read.getWidth());
        assertEquals(16, read.getHeight());
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 24; x++) {
                assertEquals(Integer.toHexString(ImageFiles.webpPixel(x, y)), Integer.toHexString(read.getRGB(x, y) & 0xffffff),
                        "pixel " + x + "," + y);
            }
        }
        BufferedImage out = colorizer.colorize(file);
        assertEquals(24, out.getWidth());
        assertLightnessWithin(lightness(read), lightness(out), 1.0, "colorized WebP");
    }

    // ---------------------------------------------------------------- helpers

    static double[] lightness(BufferedImage img) {
        return HostileImagesTest.lightness(img);
    }

    private static double meanAbs(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        return s / a.length;
    }

    /** Asserts the mean absolute L difference is within {@code tol}; returns it. */
    private static double assertLightnessWithin(double[] truth, double[] actual, double tol, String what) {
        double err = meanAbs(truth, actual);
        assertTrue(err <= tol, what + ": mean |L - truth| = " + err + " > " + tol);
        return err;
    }
}
