package org.colorize.core.image;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;
import org.colorize.core.color.ColorSpace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conversion between {@link BufferedImage}s of any type and NCHW float tensors in a
 * {@link ColorSpace} (RGB [0,1], LAB with L in [0,100], or GRAY [0,1]).
 *
 * <pre>{@code
 * INDArray x = ImageTensors.toTensor(List.of(img1, img2), ColorSpace.LAB);   // [2, 3, H, W]
 * BufferedImage back = ImageTensors.toImage(x, 0, ColorSpace.LAB);
 * }</pre>
 */
public final class ImageTensors {

    private ImageTensors() {
    }

    /**
     * The pixels of an image as interleaved sRGB values in [0,1], alpha dropped: {@link #codes} / 255,
     * by the one decoding rule of {@link DecodedImage#packedRgb} and {@link DecodedImage#deepGray}.
     *
     * @param image any BufferedImage
     * @return {@code 3 * width * height} values
     */
    public static float[] rgb(BufferedImage image) {
        return interleaved(image, false);
    }

    /**
     * The pixels of an image as interleaved sRGB values on the 0-255 scale, alpha dropped, as an 8-bit
     * file holds them (the values the quality metrics compare): whole numbers, read by
     * {@link DecodedImage#packedRgb} (colour in another space converted to sRGB; gray from its samples;
     * indexed, 16-bit RGB and other types through Java2D's conversion to 8-bit sRGB), except for gray of
     * more than 8 bits a sample, which keeps its full precision ({@link DecodedImage#deepGray} x 255).
     *
     * @param image any BufferedImage
     * @return {@code 3 * width * height} values in [0,255]
     */
    public static float[] codes(BufferedImage image) {
        return interleaved(image, true);
    }

    private static float[] interleaved(BufferedImage image, boolean codes) {
        Objects.requireNonNull(image, "image");
        int n = image.getWidth() * image.getHeight();
        float[] out = new float[3 * n];
        float[] deep = DecodedImage.deepGray(image);
        if (deep != null) {
            for (int i = 0; i < n; i++) {
                float g = codes ? deep[i] * 255f : deep[i];
                out[3 * i] = g;
                out[3 * i + 1] = g;
                out[3 * i + 2] = g;
            }
            return out;
        }
        int[] px = DecodedImage.packedRgb(image);
        float scale = codes ? 1f : 1f / 255f;
        for (int i = 0; i < n; i++) {
            int c = px[i];
            out[3 * i] = ((c >> 16) & 0xff) * scale;
            out[3 * i + 1] = ((c >> 8) & 0xff) * scale;
            out[3 * i + 2] = (c & 0xff) * scale;
        }
        return out;
    }

    /**
     * One image as a tensor of shape [1, C, H, W].
     *
     * @param image any BufferedImage
     * @param space the colour space of the tensor
     * @return the tensor (FLOAT)
     */
    public static INDArray toTensor(BufferedImage image, ColorSpace space) {
        return toTensor(List.of(image), space);
    }

    /**
     * Images of one size as a tensor of shape [N, C, H, W].
     *
     * @param images images of equal width and height
     * @param space the colour space of the tensor
     * @return the tensor (FLOAT)
     * @throws IllegalArgumentException if the list is empty or the sizes differ
     */
    public static INDArray toTensor(List<BufferedImage> images, ColorSpace space) {
        Objects.requireNonNull(space, "space");
        if (images.isEmpty()) {
            throw new IllegalArgumentException("images must not be empty");
        }
        int w = images.get(0).getWidth(), h = images.get(0).getHeight();
        int c = space.channels(), n = w * h;
        float[] data = new float[images.size() * c * n];
        float[] px = new float[3 * n];
        for (int i = 0; i < images.size(); i++) {
            BufferedImage img = images.get(i);
            if (img.getWidth() != w || img.getHeight() != h) {
                throw new IllegalArgumentException("image " + i + " is " + img.getWidth() + "x" + img.getHeight()
                        + ", image 0 is " + w + "x" + h + ": a tensor needs images of one size");
            }
            float[] rgb = rgb(img);
            ColorSpace.RGB.convert(space, rgb, 0, px, 0, n);
            interleavedToPlanar(px, c, n, data, i * c * n);
        }
        return Nd4j.create(data, new long[] {images.size(), c, h, w}, DataType.FLOAT);
    }

    /**
     * Image {@code index} of an NCHW tensor as an opaque sRGB image ({@code TYPE_INT_RGB}); values are
     * converted from {@code space} and clipped to the sRGB gamut.
     *
     * @param tensor shape [N, C, H, W] with C = {@code space.channels()}
     * @param index which image
     * @param space the colour space of the tensor
     * @return the image
     */
    public static BufferedImage toImage(INDArray tensor, int index, ColorSpace space) {
        long[] s = tensor.shape();
        if (s.length != 4 || s[1] != space.channels()) {
            throw new IllegalArgumentException("tensor must have shape [N, " + space.channels() + ", H, W] for "
                    + space + ", was " + java.util.Arrays.toString(s));
        }
        int c = (int) s[1], h = (int) s[2], w = (int) s[3], n = w * h;
        float[] planar = tensor.get(org.nd4j.linalg.indexing.NDArrayIndex.point(index))
                .castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] px = new float[c * n];
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < n; p++) {
                px[p * c + ch] = planar[ch * n + p];
            }
        }
        float[] rgb = space == ColorSpace.RGB ? px : space.to(ColorSpace.RGB, px);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = 3 * (y * w + x);
                row[x] = (to8(rgb[p]) << 16) | (to8(rgb[p + 1]) << 8) | to8(rgb[p + 2]);
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    static int to8(float v) {
        return v <= 0f ? 0 : v >= 1f ? 255 : (int) (v * 255f + 0.5f);
    }

    private static void interleavedToPlanar(float[] px, int c, int n, float[] dst, int off) {
        for (int ch = 0; ch < c; ch++) {
            int base = off + ch * n;
            for (int p = 0; p < n; p++) {
                dst[base + p] = px[p * c + ch];
            }
        }
    }
}
