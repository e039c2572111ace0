package org.colorize.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DecodedImage#packedRgb} and {@link DecodedImage#deepGray} read an image as {@link DecodedImage#of} does. */
class PackedRgbTest {

    private static final BufferedImage PHOTO = SyntheticImages.photoLike(61, 43, 11);

    @TempDir
    static Path tmp;

    /** A custom-type image of {@code bands} samples of {@code dataType}, from the photo's 8-bit codes. */
    private static BufferedImage component(ColorSpace cs, boolean alpha, int dataType) {
        ColorModel cm = new ComponentColorModel(cs, alpha, false, alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE,
                dataType);
        WritableRaster r = cm.createCompatibleWritableRaster(PHOTO.getWidth(), PHOTO.getHeight());
        int scale = dataType == DataBuffer.TYPE_USHORT ? 257 : 1;
        for (int y = 0; y < PHOTO.getHeight(); y++) {
            for (int x = 0; x < PHOTO.getWidth(); x++) {
                int p = PHOTO.getRGB(x, y);
                int[] s = {(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff};
                int band = 0;
                for (int c = 0; c < cs.getNumComponents(); c++) {
                    // a 16-bit sample that is not a multiple of 257, so that rounding matters
                    r.setSample(x, y, band++, Math.min(65535, s[c] * scale + (scale > 1 ? (x * 37 + y) % 128 : 0)));
                }
                if (alpha) {
                    r.setSample(x, y, band, (x * 255 / PHOTO.getWidth()) * scale);
                }
            }
        }
        return new BufferedImage(cm, r, false, null);
    }

    private static BufferedImage intRgb(int[] packed, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.getRaster().setDataElements(0, 0, w, h, packed);
        return out;
    }

    private static Map<String, BufferedImage> colourTypes() throws Exception {
        Map<String, BufferedImage> m = new LinkedHashMap<>();
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_BGR,
            BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_ARGB_PRE,
            BufferedImage.TYPE_4BYTE_ABGR_PRE, BufferedImage.TYPE_USHORT_565_RGB, BufferedImage.TYPE_BYTE_INDEXED}) {
            m.put("type " + type, ImageTypesTest.convert(PHOTO, type));
        }
        ColorSpace srgb = ColorSpace.getInstance(ColorSpace.CS_sRGB);
        m.put("byte RGB", component(srgb, false, DataBuffer.TYPE_BYTE));
        m.put("byte RGBA", component(srgb, true, DataBuffer.TYPE_BYTE));
        m.put("16-bit RGB", component(srgb, false, DataBuffer.TYPE_USHORT));
        m.put("16-bit RGBA", component(srgb, true, DataBuffer.TYPE_USHORT));
        m.put("linear RGB", component(ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB), false, DataBuffer.TYPE_BYTE));
        Path png = tmp.resolve("photo.png");
        ImageIO.write(ImageTypesTest.convert(PHOTO, BufferedImage.TYPE_3BYTE_BGR), "png", png.toFile());
        m.put("png", Images.read(png));
        Path jpg = tmp.resolve("photo.jpg");
        ImageIO.write(ImageTypesTest.convert(PHOTO, BufferedImage.TYPE_3BYTE_BGR), "jpg", jpg.toFile());
        m.put("jpeg", Images.read(jpg));
        return m;
    }

    @Test
    void colourImagesGiveTheSRgbOfJava2DAndTheSamePlanesAsOf() throws Exception {
        for (Map.Entry<String, BufferedImage> e : colourTypes().entrySet()) {
            BufferedImage img = e.getValue();
            int w = img.getWidth(), h = img.getHeight();
            int[] packed = DecodedImage.packedRgb(img);
            BufferedImage srgb = Images.toSrgb(img);
            for (int i = 0; i < packed.length; i++) {
                assertEquals(srgb.getRGB(i % w, i / w) & 0xFFFFFF, packed[i], e.getKey() + " pixel " + i);
            }
            DecodedImage direct = DecodedImage.of(img), viaPacked = DecodedImage.of(intRgb(packed, w, h));
            assertArrayEquals(direct.lightness(), viaPacked.lightness(), 0f, e.getKey() + " lightness");
            assertArrayEquals(direct.gray(), viaPacked.gray(), 0f, e.getKey() + " gray");
            assertNull(DecodedImage.deepGray(img), e.getKey());
        }
    }

    @Test
    void grayIsReadFromItsSamplesAndSixteenBitsKeptByDeepGray() {
        BufferedImage g8 = SyntheticImages.gray(PHOTO);
        int[] p8 = DecodedImage.packedRgb(g8);
        float[] gray8 = DecodedImage.of(g8).gray();
        for (int i = 0; i < p8.length; i++) {
            int v = g8.getRaster().getSample(i % g8.getWidth(), i / g8.getWidth(), 0);
            assertEquals(v * 0x010101, p8[i], "8-bit gray is the sample, not linear gray");
            assertEquals(v, Math.round(gray8[i] * 255f));
        }
        assertNull(DecodedImage.deepGray(g8), "8-bit values are exact in packedRgb");

        BufferedImage g16 = new BufferedImage(300, 200, BufferedImage.TYPE_USHORT_GRAY);
        for (int i = 0; i < 300 * 200; i++) {
            g16.getRaster().setSample(i % 300, i / 300, 0, (i * 7919 + 13) & 0xffff);
        }
        float[] deep = DecodedImage.deepGray(g16);
        assertNotNull(deep);
        assertArrayEquals(DecodedImage.of(g16).gray(), deep, 0f, "the pipeline's gray, bit for bit");
        int[] p16 = DecodedImage.packedRgb(g16);
        int distinct = 0;
        for (int i = 0; i < p16.length; i++) {
            int v = g16.getRaster().getSample(i % 300, i / 300, 0);
            int v8 = (int) Math.round(v * 255.0 / 65535);
            assertEquals(v8 * 0x010101, p16[i]);
            distinct += v % 257 != 0 ? 1 : 0;
        }
        assertTrue(distinct > 1000, "the test covers 16-bit values that 8 bits do not hold");

        // gray + alpha, 16 bits: the gray samples, alpha dropped
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        WritableRaster r = cm.createCompatibleWritableRaster(2, 1);
        r.setSample(0, 0, 0, 257 * 100);
        r.setSample(0, 0, 1, 0);
        r.setSample(1, 0, 0, 40_000);
        r.setSample(1, 0, 1, 65535);
        BufferedImage ga = new BufferedImage(cm, r, false, null);
        assertArrayEquals(new int[] {0x646464, 156 * 0x010101}, DecodedImage.packedRgb(ga));
        assertArrayEquals(DecodedImage.of(ga).gray(), DecodedImage.deepGray(ga), 0f);
    }
}
