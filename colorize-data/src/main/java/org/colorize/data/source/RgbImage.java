package org.colorize.data.source;

import java.awt.image.BufferedImage;
import java.util.Objects;
import org.colorize.core.image.DecodedImage;

/**
 * An 8-bit sRGB image as packed {@code 0xRRGGBB} ints, row-major: the compact form in which sources
 * hand pictures to the iterators. Alpha is not kept (training pictures are opaque). A picture read from
 * a gray image of more than 8 bits also keeps its {@link #exactGray() gray at full precision}.
 *
 * <p>For speed the pixel array is shared, not copied: the constructor takes ownership of it and
 * {@link #pixels()} returns it; neither side may modify it afterwards.
 */
public final class RgbImage {

    private final int width;
    private final int height;
    private final int[] pixels;
    private final float[] exactGray;

    /**
     * @param width at least 1
     * @param height at least 1
     * @param pixels {@code width * height} packed pixels (bits above 0xFFFFFF are ignored); owned by
     *     the image from now on
     * @throws IllegalArgumentException if the sizes do not match
     */
    public RgbImage(int width, int height, int[] pixels) {
        this(width, height, pixels, null);
    }

    private RgbImage(int width, int height, int[] pixels, float[] exactGray) {
        Objects.requireNonNull(pixels, "pixels");
        if (width < 1 || height < 1 || (long) width * height != pixels.length) {
            throw new IllegalArgumentException("an RgbImage of " + width + "x" + height + " needs "
                    + (long) width * height + " pixels, got " + pixels.length);
        }
        this.width = width;
        this.height = height;
        this.pixels = pixels;
        this.exactGray = exactGray;
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
     * The gray of a picture read from a gray image of more than 8 bits a sample (a 16-bit gray PNG or
     * TIFF), at that full precision: the values colorize-core's pipeline reads
     * ({@link DecodedImage#gray()}). {@link #pixels()} holds them rounded to 8 bits; training batches
     * are made from these instead.
     *
     * @return {@code width * height} gray values in [0,1], row-major (the shared array: do not modify),
     *     or null for every other picture, whose {@link #pixels()} are exact
     */
    public float[] exactGray() {
        return exactGray;
    }

    /**
     * Reads any {@link BufferedImage} with colorize-core's decoder ({@link DecodedImage#packedRgb} and
     * {@link DecodedImage#deepGray}), so a training picture means what the same image means to the
     * pipeline: 8- and 16-bit RGB(A), gray and gray+alpha (sample values taken as sRGB-encoded gray, as
     * image files mean them), indexed and packed types, colour in other colour spaces converted to sRGB.
     * Alpha is dropped; the pixels of deeper images are rounded to 8 bits, and the gray of a gray image of
     * more than 8 bits is also kept at full precision ({@link #exactGray()}).
     *
     * @param image the image
     * @return its pixels
     */
    public static RgbImage of(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        return new RgbImage(image.getWidth(), image.getHeight(), DecodedImage.packedRgb(image),
                DecodedImage.deepGray(image));
    }

    /**
     * @return a new {@link BufferedImage#TYPE_INT_RGB} image with these pixels (8 bits a channel: an
     *     {@link #exactGray()} is not kept)
     */
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
