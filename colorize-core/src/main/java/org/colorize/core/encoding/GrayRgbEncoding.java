package org.colorize.core.encoding;

import java.util.LinkedHashMap;
import java.util.Map;
import org.colorize.core.color.Lab;
import org.colorize.core.model.ModelKind;

/**
 * {@link ModelKind#GRAY_TO_RGB}, the autoencoders: luma gray in [0,1] in (one channel, or replicated to
 * three), sRGB in [0,1] out. Decoding keeps only the chroma of the predicted colour (clipped to [0,1]
 * first), so the output keeps the input's own lightness. Vividness multiplies a and b.
 */
public final class GrayRgbEncoding implements Encoding {

    /** The id in bundle metadata. */
    public static final String ID = "gray-rgb";

    private final int inputChannels;

    /**
     * @param inputChannels 1, or 3 for the gray replicated to RGB
     * @throws IllegalArgumentException if inputChannels is not 1 or 3
     */
    public GrayRgbEncoding(int inputChannels) {
        if (inputChannels != 1 && inputChannels != 3) {
            throw new IllegalArgumentException("inputChannels must be 1 or 3, was " + inputChannels);
        }
        this.inputChannels = inputChannels;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ModelKind kind() {
        return ModelKind.GRAY_TO_RGB;
    }

    @Override
    public InputPlane inputPlane() {
        return InputPlane.GRAY;
    }

    @Override
    public int inputChannels() {
        return inputChannels;
    }

    @Override
    public int labelChannels() {
        return 3;
    }

    @Override
    public int outputStride() {
        return 1;
    }

    @Override
    public void encodeInput(float[] plane, float[] dest, int offset) {
        for (int c = 0; c < inputChannels; c++) {
            System.arraycopy(plane, 0, dest, offset + c * plane.length, plane.length);
        }
    }

    @Override
    public void encodeTarget(float[] rgb, int w, int h, float[] dest, int offset) {
        int hw = w * h;
        for (int p = 0, s = 0; p < hw; p++, s += 3) {
            dest[offset + p] = rgb[s];
            dest[offset + hw + p] = rgb[s + 1];
            dest[offset + 2 * hw + p] = rgb[s + 2];
        }
    }

    @Override
    public Chroma decode(float[] output, int offset, int width, int height, float vividness) {
        Encoding.checkVividness(vividness);
        int op = width * height;
        float[] a = new float[op], b = new float[op];
        float[] rgb = new float[3], lab = new float[3];
        for (int p = 0; p < op; p++) {
            rgb[0] = clip01(output[offset + p]);
            rgb[1] = clip01(output[offset + op + p]);
            rgb[2] = clip01(output[offset + 2 * op + p]);
            Lab.rgbToLab(rgb, 0, lab, 0, 1);
            a[p] = lab[1] * vividness;
            b[p] = lab[2] * vividness;
        }
        return new Chroma(a, b, width, height);
    }

    private static float clip01(float v) {
        return v < 0f ? 0f : Math.min(v, 1f);
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("inputChannels", inputChannels);
        return p;
    }

    @Override
    public String toString() {
        return ID + parameters();
    }
}
