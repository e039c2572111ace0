package org.colorize.data.source;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.color.ColorSpace;
import java.util.Objects;

/**
 * An 8-bit sRGB image as packed {@code 0xRRGGBB} ints, row-major: the compact form in which sources
 * hand pictures to the iterators. Alpha is not kept (training pictures are opaque).
 *
 * <p>For speed the pixel array is shared, not copied: the constructor takes ownership of it and
 * {@link #pixels()} returns it; neither side may modify it afterwards.
 */
public final class RgbImage {

    private final int width;
    private final int height;
    private final int[] pixels;

    /**
     * @param width at least 1
     * @param height at least 1
     * @param pixels {@code width * height} packed pixels (bits above 0xFFFFFF are ignored); owned by
     *     the image from now on
     * @throws IllegalArgumentException if the sizes do not match
     */
    public RgbImage(int width, int height, int[] pixels) {
        Objects.requireNonNull(pixels, "pixels");
        if (width < 1 || height < 1 || (long) width * height != pixels.length) {
            throw new IllegalArgumentException("an RgbImage of " + width + "x" + height + " needs "
                    + (long) width * height + " pixels, got " + pixels.length);
        }
        this.width = width;
        this.height = height;
        this.pixels = pixels;
    }

    /** @return the width in pixels */
    public int width() {
        return width;
    }

    /** @return the height in pixels */
    public int height() {
        return height;
    }

    /** @return the packed pixels, row-major (the shared backing array: do not modify) */
    public int[] pixels() {
        return pixels;
    }

    /**
     * @param x column
     * @param y row
     * @return the packed pixel {@code 0xRRGGBB}
     */
    public int rgb(int x, int y) {
        return pixels[y * width + x] & 0xFFFFFF;
    }

    /**
     * Reads any {@link BufferedImage}: 8-bit and 16-bit RGB(A), gray and gray+alpha (sample values
     * taken as sRGB-encoded gray, as image files mean them), indexed and packed types. Alpha is
     * dropped; 16-bit samples are rounded to 8 bits.
     *
     * @param image the image
     * @return its pixels
     */
    public static RgbImage of(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        int w = image.getWidth(), h = image.getHeight();
        int[] out = new int[w * h];
        int type = image.getType();
        Raster raster = image.getRaster();
        ColorModel cm = image.getColorModel();
        if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB) {
            raster.getDataElements(0, 0, w, h, out);
            if (type == BufferedImage.TYPE_INT_ARGB) {
                for (int i = 0; i < out.length; i++) {
                    out[i] &= 0xFFFFFF;
                }
            }
        } else if (cm instanceof ComponentColorModel && isByteOrUshort(raster.getDataBuffer().getDataType())
                && (cm.getColorSpace().isCS_sRGB() || cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY)) {
            readComponents(raster, cm, w, h, out);
        } else {
            image.getRGB(0, 0, w, h, out, 0, w);
        }
        return new RgbImage(w, h, out);
    }

    private static boolean isByteOrUshort(int dataType) {
        return dataType == DataBuffer.TYPE_BYTE || dataType == DataBuffer.TYPE_USHORT;
    }

    /** Raw samples of sRGB or gray component images, scaled to 8 bits (no colour-space conversion). */
    private static void readComponents(Raster raster, ColorModel cm, int w, int h, int[] out) {
        int bands = raster.getNumBands();
        int colours = cm.getNumColorComponents();
        int bits = cm.getComponentSize(0);
        int[] row = new int[w * bands];
        double max = (1L << bits) - 1;
        int[] scale8 = null;
        if (bits != 8) {
            scale8 = new int[1 << bits];
            for (int v = 0; v < scale8.length; v++) {
                scale8[v] = (int) Math.round(v * 255.0 / max);
            }
        }
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            int o = y * w;
            for (int x = 0, s = 0; x < w; x++, s += bands) {
                int r, g, b;
                if (colours >= 3) {
                    r = row[s];
                    g = row[s + 1];
                    b = row[s + 2];
                } else {
                    r = g = b = row[s];
                }
                if (scale8 != null) {
                    r = scale8[r];
                    g = scale8[g];
                    b = scale8[b];
                }
                out[o + x] = (r << 16) | (g << 8) | b;
            }
        }
    }

    /** @return a new {@link BufferedImage#TYPE_INT_RGB} image with these pixels */
    public BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.getRaster().setDataElements(0, 0, width, height, pixels);
        return image;
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
