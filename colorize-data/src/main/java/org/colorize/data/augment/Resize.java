package org.colorize.data.augment;

import java.util.Objects;
import org.colorize.data.source.RgbImage;

/**
 * Resizing of a rectangular region of an image to a new size, for the layouts colorize-data keeps
 * pictures in (packed {@code 0xRRGGBB} pixels, interleaved float channels). The resampling itself is
 * colorize-core's {@link org.colorize.core.image.Resize}, channel by channel: area averaging along an
 * axis that shrinks, bilinear interpolation with half-pixel centres along an axis that grows, and a
 * plain copy along an axis that keeps its length, so that a region of the target size comes out
 * bit-exact. Each output channel equals, bit for bit, core's
 * {@link org.colorize.core.image.Resize#plane(float[], int, int, int, int)} of that channel of the
 * region.
 *
 * <p>Outputs are interleaved float values, row-major; packed inputs are scaled to [0,1] ({@code v / 255f}).
 * Only one row of the region is unpacked at a time. Stateless and thread-safe.
 */
public final class Resize {

    private Resize() {
    }

    /**
     * Resizes a region of a picture to interleaved float RGB in [0,1]. A picture with an
     * {@link RgbImage#exactGray() exact gray} (read from a 16-bit gray image) is resized from that gray,
     * at full precision, into three equal channels; any other from its packed pixels.
     *
     * @param image the picture
     * @param x left of the region
     * @param y top of the region
     * @param w region width, at least 1
     * @param h region height, at least 1
     * @param outWidth output width, at least 1
     * @param outHeight output height, at least 1
     * @return {@code outHeight * outWidth * 3} values
     * @throws IllegalArgumentException if the region is not inside the picture or a size is below 1
     */
    public static float[] rgb(RgbImage image, int x, int y, int w, int h, int outWidth, int outHeight) {
        Objects.requireNonNull(image, "image");
        float[] gray = image.exactGray();
        if (gray == null) {
            return packedRgb(image.pixels(), image.width(), image.height(), x, y, w, h, outWidth, outHeight);
        }
        float[] g = floats(gray, image.width(), image.height(), 1, x, y, w, h, outWidth, outHeight);
        float[] out = new float[g.length * 3];
        for (int i = 0, o = 0; i < g.length; i++, o += 3) {
            out[o] = g[i];
            out[o + 1] = g[i];
            out[o + 2] = g[i];
        }
        return out;
    }

    /**
     * Resizes a region of a packed {@code 0xRRGGBB} image to interleaved float RGB in [0,1].
     *
     * @param pixels packed pixels, row-major
     * @param width image width
     * @param height image height
     * @param x left of the region
     * @param y top of the region
     * @param w region width, at least 1
     * @param h region height, at least 1
     * @param outWidth output width, at least 1
     * @param outHeight output height, at least 1
     * @return {@code outHeight * outWidth * 3} values
     * @throws IllegalArgumentException if the region is not inside the image or a size is below 1
     */
    public static float[] packedRgb(int[] pixels, int width, int height, int x, int y, int w, int h,
            int outWidth, int outHeight) {
        checkRegion(pixels.length, width, height, 1, x, y, w, h, outWidth, outHeight);
        float[] out = new float[outWidth * outHeight * 3];
        for (int c = 0; c < 3; c++) {
            int shift = 16 - 8 * c;
            float[] plane = org.colorize.core.image.Resize.plane((r, dst) -> {
                int o = (y + r) * width + x;
                for (int i = 0; i < w; i++) {
                    dst[i] = ((pixels[o + i] >> shift) & 0xff) / 255f; // correctly rounded, as a user would compute it
                }
            }, w, h, outWidth, outHeight);
            interleave(plane, out, 3, c);
        }
        return out;
    }

    /**
     * Resizes a region of an interleaved float image.
     *
     * @param src interleaved values, row-major
     * @param width image width
     * @param height image height
     * @param channels values per pixel
     * @param x left of the region
     * @param y top of the region
     * @param w region width, at least 1
     * @param h region height, at least 1
     * @param outWidth output width, at least 1
     * @param outHeight output height, at least 1
     * @return {@code outHeight * outWidth * channels} values
     * @throws IllegalArgumentException if the region is not inside the image or a size is below 1
     */
    public static float[] floats(float[] src, int width, int height, int channels, int x, int y, int w, int h,
            int outWidth, int outHeight) {
        checkRegion(src.length, width, height, channels, x, y, w, h, outWidth, outHeight);
        float[] out = new float[outWidth * outHeight * channels];
        for (int c = 0; c < channels; c++) {
            int ch = c;
            float[] plane = org.colorize.core.image.Resize.plane((r, dst) -> {
                int o = ((y + r) * width + x) * channels + ch;
                for (int i = 0; i < w; i++, o += channels) {
                    dst[i] = src[o];
                }
            }, w, h, outWidth, outHeight);
            interleave(plane, out, channels, c);
        }
        return out;
    }

    private static void interleave(float[] plane, float[] out, int channels, int c) {
        for (int i = 0, o = c; i < plane.length; i++, o += channels) {
            out[o] = plane[i];
        }
    }

    private static void checkRegion(int length, int width, int height, int channels, int x, int y, int w, int h,
            int outWidth, int outHeight) {
        if (width < 1 || height < 1 || channels < 1 || length < (long) width * height * channels) {
            throw new IllegalArgumentException("image of " + width + "x" + height + "x" + channels + " has only "
                    + length + " values");
        }
        if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > width || y + h > height) {
            throw new IllegalArgumentException("region " + w + "x" + h + " at (" + x + ", " + y
                    + ") is not inside the " + width + "x" + height + " image");
        }
        if (outWidth < 1 || outHeight < 1) {
            throw new IllegalArgumentException("output size must be positive, was " + outWidth + "x" + outHeight);
        }
    }
}
