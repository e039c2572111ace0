package org.colorize.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.util.Objects;
import org.colorize.core.color.Lab;

/**
 * The planes of an input image that the pipeline needs, at the image's own resolution: CIE L*
 * (0..100), luma gray (0..1) and alpha (0..255, or none). Reads any {@link BufferedImage}: 8- and
 * 16-bit gray, packed and byte-interleaved RGB(A), indexed (palette) images, and the custom types
 * {@code ImageIO.read} returns for PNG, JPEG, BMP and GIF. Colour images in another colour space than
 * sRGB (CMYK, an ICC profile) are converted to sRGB first ({@link Images#toSrgb}).
 *
 * <p>Gray images are read from their raster samples as sRGB-encoded gray (what a PNG or JPEG gray
 * value means), not through Java2D's linear-gray colour conversion, so a gray value of 128 stays 128.
 *
 * <p>This is the one decoder of pixels in the library: {@link #packedRgb} and {@link #deepGray} read an
 * image by the same rules for those who need its colours (colorize-data's training pictures), so a
 * picture means the same thing to training as to colorizing.
 */
public final class DecodedImage {

    private final int width;
    private final int height;
    private final float[] lightness;
    private final float[] gray;
    private final int[] alpha;

    private DecodedImage(int width, int height, float[] lightness, float[] gray, int[] alpha) {
        this.width = width;
        this.height = height;
        this.lightness = lightness;
        this.gray = gray;
        this.alpha = alpha;
    }

    /** @return the width in pixels */
    public int width() {
        return width;
    }

    /** @return the height in pixels */
    public int height() {
        return height;
    }

    /** @return L* of every pixel, row-major, in [0,100] (the array itself, not a copy) */
    public float[] lightness() {
        return lightness;
    }

    /** @return luma gray of every pixel, row-major, in [0,1] (the array itself, not a copy) */
    public float[] gray() {
        return gray;
    }

    /** @return alpha of every pixel (0..255), or null when the image has no alpha */
    public int[] alpha() {
        return alpha;
    }

    /**
     * Decodes an image.
     *
     * @param image any BufferedImage; colour in another space than sRGB is converted to sRGB
     * @return its L, gray and alpha planes
     */
    public static DecodedImage of(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        // CMYK, YCCK, linear RGB, ICC-profiled colour: to sRGB first, so that L is the photo's lightness.
        image = Images.toSrgb(image);
        int w = image.getWidth(), h = image.getHeight();
        int n = w * h;
        float[] light = new float[n];
        float[] gray = new float[n];
        ColorModel cm = image.getColorModel();
        int[] alpha = cm.hasAlpha() ? new int[n] : null;
        Raster raster = image.getRaster();
        int type = image.getType();
        if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB) {
            if (raster.getDataBuffer() instanceof DataBufferInt db && raster.getParent() == null
                    && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
                    && db.getNumBanks() == 1 && db.getData().length == n) {
                int[] px = db.getData();
                for (int i = 0; i < n; i++) {
                    putRgb(px[i], i, light, gray, alpha);
                }
                return new DecodedImage(w, h, light, gray, alpha);
            }
        } else if (type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_4BYTE_ABGR) {
            if (raster.getDataBuffer() instanceof DataBufferByte db && raster.getParent() == null
                    && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
                    && db.getNumBanks() == 1) {
                byte[] px = db.getData();
                int step = type == BufferedImage.TYPE_3BYTE_BGR ? 3 : 4;
                if (px.length == (long) n * step) {
                    for (int i = 0, p = 0; i < n; i++, p += step) {
                        int rgb;
                        if (step == 3) {
                            rgb = ((px[p + 2] & 0xff) << 16) | ((px[p + 1] & 0xff) << 8) | (px[p] & 0xff);
                        } else {
                            rgb = ((px[p] & 0xff) << 24) | ((px[p + 3] & 0xff) << 16) | ((px[p + 2] & 0xff) << 8) | (px[p + 1] & 0xff);
                        }
                        putRgb(rgb, i, light, gray, alpha);
                    }
                    return new DecodedImage(w, h, light, gray, alpha);
                }
            }
        }
        if (isGray(cm)) {
            // 8- or 16-bit gray (with or without alpha): raster samples are sRGB-encoded gray.
            int bits = cm.getComponentSize(0);
            float scale = 1f / ((1L << bits) - 1);
            int[] row = new int[w];
            int[] arow = alpha == null ? null : new int[w];
            float ascale = alpha == null ? 0f : 255f / ((1L << cm.getComponentSize(1)) - 1);
            float[] lightLut = bits <= 8 ? grayLightnessTable(bits) : null;
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                if (arow != null) {
                    raster.getSamples(0, y, w, 1, 1, arow);
                }
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    float g = row[x] * scale;
                    gray[i] = g;
                    light[i] = lightLut != null ? lightLut[row[x]] : Lab.lightnessOfGray(g);
                    if (arow != null) {
                        alpha[i] = Math.round(arow[x] * ascale);
                    }
                }
            }
            return new DecodedImage(w, h, light, gray, alpha);
        }
        // Everything else (indexed, BGR ints, premultiplied, custom): Java2D's own conversion to sRGB.
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                putRgb(row[x], y * w + x, light, gray, alpha);
            }
        }
        return new DecodedImage(w, h, light, gray, alpha);
    }

    /**
     * The colours of an image as 8-bit sRGB, read by the rules of {@link #of}: colour in another space
     * than sRGB is converted to sRGB ({@link Images#toSrgb}); gray images (8- or 16-bit, with or without
     * alpha) are read from their samples as sRGB-encoded gray, rounded to 8 bits when deeper (the full
     * precision is {@link #deepGray}); everything else (16-bit RGB, indexed, premultiplied, custom
     * types) through Java2D's conversion to sRGB. Alpha is dropped. For an opaque 8-bit image,
     * {@code of(image)} and {@code of} of these pixels as a {@code TYPE_INT_RGB} image give the same
     * planes.
     *
     * @param image any BufferedImage
     * @return {@code width * height} packed {@code 0xRRGGBB} pixels, row-major
     */
    public static int[] packedRgb(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        image = Images.toSrgb(image);
        int w = image.getWidth(), h = image.getHeight();
        int[] out = new int[w * h];
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int type = image.getType();
        if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB) {
            raster.getDataElements(0, 0, w, h, out);
            for (int i = 0; i < out.length; i++) {
                out[i] &= 0xFFFFFF;
            }
            return out;
        }
        if (isGray(cm)) {
            int bits = cm.getComponentSize(0);
            double max = (1L << bits) - 1;
            int[] to8 = null;
            if (bits != 8 && bits <= 16) {
                to8 = new int[1 << bits];
                for (int v = 0; v < to8.length; v++) {
                    to8[v] = (int) Math.round(v * 255.0 / max);
                }
            }
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0, o = y * w; x < w; x++) {
                    int v = bits == 8 ? row[x] : to8 != null ? to8[row[x]] : (int) Math.round(row[x] * 255.0 / max);
                    out[o + x] = v * 0x010101;
                }
            }
            return out;
        }
        if (isByteSrgb(cm, raster)) {
            // 3BYTE_BGR, 4BYTE_ABGR, the RGB(A) of PNG and JPEG readers: the samples are the sRGB codes.
            int bands = raster.getNumBands();
            int[] row = new int[w * bands];
            for (int y = 0; y < h; y++) {
                raster.getPixels(0, y, w, 1, row);
                for (int x = 0, s = 0, o = y * w; x < w; x++, s += bands) {
                    out[o + x] = (row[s] << 16) | (row[s + 1] << 8) | row[s + 2];
                }
            }
            return out;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0, o = y * w; x < w; x++) {
                out[o + x] = row[x] & 0xFFFFFF;
            }
        }
        return out;
    }

    /**
     * The gray of a gray image whose samples have more than 8 bits (a 16-bit gray PNG or TIFF) at their
     * full precision: exactly {@link #gray()} of {@link #of}. {@link #packedRgb} holds every other image
     * exactly.
     *
     * @param image any BufferedImage
     * @return {@code width * height} gray values in [0,1], row-major, or null if the image is not gray
     *     in its raster or has at most 8 bits a sample
     */
    public static float[] deepGray(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        ColorModel cm = image.getColorModel();
        if (!isGray(cm) || cm.getComponentSize(0) <= 8) {
            return null;
        }
        int w = image.getWidth(), h = image.getHeight();
        float scale = 1f / ((1L << cm.getComponentSize(0)) - 1);
        float[] gray = new float[w * h];
        int[] row = new int[w];
        Raster raster = image.getRaster();
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0, o = y * w; x < w; x++) {
                gray[o + x] = row[x] * scale; // as of() computes it
            }
        }
        return gray;
    }

    /** Whether the raster holds non-premultiplied 8-bit sRGB samples, red, green, blue first. */
    private static boolean isByteSrgb(ColorModel cm, Raster raster) {
        if (!(cm instanceof ComponentColorModel) || !cm.getColorSpace().isCS_sRGB() || cm.isAlphaPremultiplied()
                || cm.getNumColorComponents() != 3 || raster.getDataBuffer().getDataType() != DataBuffer.TYPE_BYTE) {
            return false;
        }
        for (int bits : cm.getComponentSize()) {
            if (bits != 8) {
                return false;
            }
        }
        return true;
    }

    private static float[] grayLightnessTable(int bits) {
        int levels = 1 << bits;
        float[] t = new float[levels];
        for (int v = 0; v < levels; v++) {
            t[v] = Lab.lightnessOfGray(v / (float) (levels - 1));
        }
        return t;
    }

    /** Whether the image is gray in its raster (not indexed): its samples are the gray values. */
    static boolean isGray(ColorModel cm) {
        return !(cm instanceof IndexColorModel) && cm instanceof ComponentColorModel
                && cm.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY
                && cm.getNumColorComponents() == 1 && !cm.isAlphaPremultiplied();
    }

    private static final float INV255 = 1f / 255f;

    private static void putRgb(int argb, int i, float[] light, float[] gray, int[] alpha) {
        light[i] = Lab.lightnessOfRgb8(argb);
        gray[i] = (Lab.LUMA_R * ((argb >> 16) & 0xff) + Lab.LUMA_G * ((argb >> 8) & 0xff) + Lab.LUMA_B * (argb & 0xff)) * INV255;
        if (alpha != null) {
            alpha[i] = argb >>> 24;
        }
    }
}
