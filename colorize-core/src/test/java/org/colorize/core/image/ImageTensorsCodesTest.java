package org.colorize.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ImageTensors#rgb} (the networks' input) and {@link ImageTensors#codes} (the quality metrics'
 * values) read every kind of image by one rule: {@code rgb = codes / 255}, the codes being the 8-bit
 * sRGB of {@link DecodedImage#packedRgb}, or the full-precision gray of a deeper gray image.
 */
class ImageTensorsCodesTest {

    private static final BufferedImage PHOTO = SyntheticImages.photoLike(37, 23, 5);

    static Map<String, BufferedImage> images() {
        Map<String, BufferedImage> m = new LinkedHashMap<>();
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_ARGB,
            BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_ARGB_PRE, BufferedImage.TYPE_BYTE_GRAY,
            BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_BYTE_INDEXED, BufferedImage.TYPE_BYTE_BINARY,
            BufferedImage.TYPE_USHORT_565_RGB}) {
            m.put("type " + type, redraw(type));
        }
        m.put("16-bit gray, not multiples of 257", deepGray());
        m.put("8-bit gray with alpha", grayAlpha());
        m.put("16-bit RGB", rgb16());
        return m;
    }

    private static BufferedImage redraw(int type) {
        BufferedImage out = new BufferedImage(PHOTO.getWidth(), PHOTO.getHeight(), type);
        Graphics2D g = out.createGraphics();
        g.drawImage(PHOTO, 0, 0, null);
        g.dispose();
        if (out.getColorModel().hasAlpha()) {
            for (int x = 0; x < out.getWidth(); x++) {
                out.setRGB(x, 0, (x * 7 << 24) | (PHOTO.getRGB(x, 0) & 0xFFFFFF));
            }
        }
        return out;
    }

    private static BufferedImage component(ColorSpace cs, boolean alpha, int dataType) {
        ComponentColorModel cm = new ComponentColorModel(cs, alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, dataType);
        return new BufferedImage(cm, cm.createCompatibleWritableRaster(PHOTO.getWidth(), PHOTO.getHeight()), false, null);
    }

    private static BufferedImage deepGray() {
        BufferedImage img = component(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, DataBuffer.TYPE_USHORT);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                r.setSample(x, y, 0, (x * 1771 + y * 913) % 65536);
            }
        }
        return img;
    }

    private static BufferedImage grayAlpha() {
        BufferedImage img = component(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, DataBuffer.TYPE_BYTE);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                r.setSample(x, y, 0, (x * 11 + y * 3) % 256);
                r.setSample(x, y, 1, (x * 5) % 256);
            }
        }
        return img;
    }

    private static BufferedImage rgb16() {
        BufferedImage img = component(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, DataBuffer.TYPE_USHORT);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = PHOTO.getRGB(x, y);
                r.setSample(x, y, 0, ((p >> 16) & 0xff) * 257 + x % 100);
                r.setSample(x, y, 1, ((p >> 8) & 0xff) * 257);
                r.setSample(x, y, 2, (p & 0xff) * 257 + y % 100);
            }
        }
        return img;
    }

    static Iterable<Object[]> cases() {
        return images().entrySet().stream().map(e -> new Object[] {e.getKey(), e.getValue()}).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rgbIsCodesOver255AndCodesAreThePackedPixels(String name, BufferedImage image) {
        float[] rgb = ImageTensors.rgb(image);
        float[] codes = ImageTensors.codes(image);
        int n = image.getWidth() * image.getHeight();
        assertEquals(3 * n, rgb.length);
        assertEquals(3 * n, codes.length);
        float[] deep = DecodedImage.deepGray(image);
        int[] packed = DecodedImage.packedRgb(image);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                float code = codes[3 * i + c];
                assertEquals(code / 255f, rgb[3 * i + c], 1e-6f, name + " pixel " + i);
                if (deep != null) {
                    assertEquals(deep[i] * 255f, code, 0f, name + " keeps the deep gray");
                    assertEquals(deep[i], rgb[3 * i + c], 0f, name + " keeps the deep gray");
                } else {
                    assertEquals((packed[i] >> (16 - 8 * c)) & 0xff, code, 0f, name + " is 8-bit sRGB");
                }
            }
        }
    }

    /** What the two did before they shared the rule: samples for gray, Java2D's sRGB for the rest. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theValuesAreThoseOfTheEarlierRules(String name, BufferedImage image) {
        float[] codes = ImageTensors.codes(image);
        float[] rgb = ImageTensors.rgb(image);
        boolean gray = DecodedImage.isGray(image.getColorModel());
        int bits = image.getColorModel().getComponentSize(0);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int i = y * image.getWidth() + x;
                if (gray) {
                    int s = image.getRaster().getSample(x, y, 0);
                    float v = s * (1f / ((1L << bits) - 1));
                    assertEquals(v, rgb[3 * i + 1], 0f, name);
                    assertEquals(bits <= 8 ? Math.round(v * 255f) : v * 255f, codes[3 * i + 1], 0f, name);
                } else {
                    int p = image.getRGB(x, y);
                    assertEquals(((p >> 8) & 0xff) * (1f / 255f), rgb[3 * i + 1], 0f, name);
                    assertEquals((p >> 8) & 0xff, codes[3 * i + 1], 0f, name);
                }
            }
        }
    }
}
