package org.colorize.core.encoding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.colorize.core.model.LNormalization;
import org.colorize.core.model.ModelKind;

/**
 * {@link ModelKind#L_TO_AB} and {@link ModelKind#L_EMBEDDING_TO_AB}, the Lab regression networks: L
 * normalised by an {@link LNormalization} in, a/scale and b/scale out (the scale is 128 for the
 * reference networks, whose tanh output spans [-1,1]). Vividness multiplies a and b.
 */
public final class LabRegressionEncoding implements Encoding {

    /** The id in bundle metadata. */
    public static final String ID = "lab-regression";

    private final ModelKind kind;
    private final LNormalization lNormalization;
    private final float abScale;

    /**
     * @param kind {@link ModelKind#L_TO_AB} or {@link ModelKind#L_EMBEDDING_TO_AB}
     * @param lNormalization how L is scaled for the input
     * @param abScale what a and b are divided by in the labels; positive and finite
     * @throws IllegalArgumentException if the kind is not a regression Lab kind or abScale is not positive
     */
    public LabRegressionEncoding(ModelKind kind, LNormalization lNormalization, float abScale) {
        if (kind != ModelKind.L_TO_AB && kind != ModelKind.L_EMBEDDING_TO_AB) {
            throw new IllegalArgumentException("a lab-regression encoding is for L_TO_AB or L_EMBEDDING_TO_AB, not " + kind);
        }
        if (!(abScale > 0f) || Float.isInfinite(abScale)) {
            throw new IllegalArgumentException("abScale must be a positive finite number, was " + abScale);
        }
        this.kind = kind;
        this.lNormalization = Objects.requireNonNull(lNormalization, "lNormalization");
        this.abScale = abScale;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ModelKind kind() {
        return kind;
    }

    /** @return how L is scaled for the input */
    public LNormalization lNormalization() {
        return lNormalization;
    }

    /** @return what a and b are divided by in the labels */
    public float abScale() {
        return abScale;
    }

    @Override
    public InputPlane inputPlane() {
        return InputPlane.LIGHTNESS;
    }

    @Override
    public int inputChannels() {
        return 1;
    }

    @Override
    public int labelChannels() {
        return 2;
    }

    @Override
    public int outputStride() {
        return 1;
    }

    @Override
    public void encodeInput(float[] plane, float[] dest, int offset) {
        normalize(lNormalization, plane, dest, offset);
    }

    static void normalize(LNormalization n, float[] plane, float[] dest, int offset) {
        float inv = 1f / n.scale(), off = n.offset();
        for (int i = 0; i < plane.length; i++) {
            dest[offset + i] = (plane[i] - off) * inv;
        }
    }

    @Override
    public void encodeTarget(float[] rgb, int w, int h, float[] dest, int offset) {
        int hw = w * h;
        float[] lab = new float[3];
        for (int p = 0, s = 0; p < hw; p++, s += 3) {
            org.colorize.core.color.Lab.rgbToLab(rgb, s, lab, 0, 1);
            dest[offset + p] = lab[1] / abScale;
            dest[offset + hw + p] = lab[2] / abScale;
        }
    }

    @Override
    public Chroma decode(float[] output, int offset, int width, int height, float vividness) {
        float scale = abScale * Encoding.checkVividness(vividness);
        int op = width * height;
        float[] a = new float[op], b = new float[op];
        for (int p = 0; p < op; p++) {
            a[p] = output[offset + p] * scale;
            b[p] = output[offset + op + p] * scale;
        }
        return new Chroma(a, b, width, height);
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("lNormalization", List.of(lNormalization.offset(), lNormalization.scale()));
        p.put("abScale", abScale);
        return p;
    }

    @Override
    public String toString() {
        return ID + parameters();
    }
}
