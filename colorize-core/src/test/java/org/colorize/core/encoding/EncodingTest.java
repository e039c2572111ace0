package org.colorize.core.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.colorize.core.bundle.BundleFormatException;
import org.colorize.core.bundle.ModelMetadata;
import org.colorize.core.color.Lab;
import org.colorize.core.model.LNormalization;
import org.colorize.core.model.ModelKind;
import org.colorize.core.model.WorkingSize;
import org.colorize.core.testing.TinyModels;
import org.junit.jupiter.api.Test;

/** The encodings: inputs, labels and decoding of each kind, and the classification encoding's maths. */
class EncodingTest {

    @Test
    void labRegressionRoundTripsChromaThroughLabelsAndDecoding() {
        LabRegressionEncoding enc = new LabRegressionEncoding(ModelKind.L_TO_AB, LNormalization.SYMMETRIC, 128f);
        float[] rgb = {0.8f, 0.2f, 0.1f, 0.1f, 0.5f, 0.9f};
        float[] labels = new float[4];
        enc.encodeTarget(rgb, 2, 1, labels, 0);
        Chroma c = enc.decode(labels, 0, 2, 1, 1f);
        float[] lab = new float[6];
        Lab.rgbToLab(rgb, 0, lab, 0, 2);
        assertEquals(lab[1], c.a()[0], 1e-4);
        assertEquals(lab[2], c.b()[0], 1e-4);
        assertEquals(lab[4], c.a()[1], 1e-4);
        Chroma half = enc.decode(labels, 0, 2, 1, 0.5f);
        assertEquals(lab[1] * 0.5f, half.a()[0], 1e-4);
        float[] in = new float[2];
        enc.encodeInput(new float[] {50f, 100f}, in, 0);
        assertArrayEquals(new float[] {0f, 1f}, in, 1e-6f);
    }

    @Test
    void grayRgbReplicatesTheGrayAndKeepsOnlyChroma() {
        GrayRgbEncoding enc = new GrayRgbEncoding(3);
        float[] in = new float[6];
        enc.encodeInput(new float[] {0.25f, 0.5f}, in, 0);
        assertArrayEquals(new float[] {0.25f, 0.5f, 0.25f, 0.5f, 0.25f, 0.5f}, in);
        float[] out = {1.2f, -0.1f, 0.5f}; // one pixel, out of range values clipped
        Chroma c = enc.decode(out, 0, 1, 1, 1f);
        double[] lab = Lab.exactRgbToLab(1.0, 0.0, 0.5);
        assertEquals(lab[1], c.a()[0], 0.05);
        assertEquals(lab[2], c.b()[0], 0.05);
    }

    @Test
    void inputPlaneOfRoundsToEightBitsAsAGrayPhotoDoes() {
        LabRegressionEncoding enc = new LabRegressionEncoding(ModelKind.L_TO_AB, LNormalization.RAW, 128f);
        float[] rgb = {0.3f, 0.6f, 0.2f};
        float gray8 = Math.round(Lab.luma(0.3f, 0.6f, 0.2f) * 255f) / 255f;
        assertEquals(Lab.lightnessOfGray(gray8), enc.inputPlaneOf(rgb, 1, true)[0], 1e-5);
        float[] lab = new float[3];
        Lab.rgbToLab(rgb, 0, lab, 0, 1);
        assertEquals(lab[0], enc.inputPlaneOf(rgb, 1, false)[0], 1e-5);
    }

    @Test
    void binsKeepOnlyCellsSeenAndWeightsFollowRebalancing() {
        AbHistogram h = new AbHistogram(10);
        for (int i = 0; i < 900; i++) {
            h.addAb(0, 0);
        }
        for (int i = 0; i < 100; i++) {
            h.addAb(42, -18); // the cell (40, -20)
        }
        h.addAb(-80, 60);
        AbBinsEncoding enc = AbBinsEncoding.builder(h).sigma(5f).lambda(0.5f).build();
        assertEquals(3, enc.labelChannels());
        float[] w = enc.classWeights(), p = enc.prior();
        double expectation = 0, sum = 0;
        for (int i = 0; i < 3; i++) {
            expectation += p[i] * w[i];
            sum += p[i];
        }
        assertEquals(1.0, sum, 1e-5);
        assertEquals(1.0, expectation, 1e-4);
        int gray = index(enc, 0, 0), rare = index(enc, -80, 60);
        assertTrue(w[rare] > w[gray], "rare colours weigh more");
        // lambda 1 gives every bin the same weight
        AbBinsEncoding uniform = AbBinsEncoding.builder(h).lambda(1f).build();
        for (float v : uniform.classWeights()) {
            assertEquals(1f, v, 1e-5);
        }
    }

    @Test
    void softEncodingSpreadsOverTheNearestBinsAndSumsToOne() {
        AbBinsEncoding enc = TinyModels.bins();
        float[] v = enc.softEncode(13f, -7f);
        float sum = 0;
        int nonZero = 0, best = -1;
        for (int i = 0; i < v.length; i++) {
            sum += v[i];
            if (v[i] > 0) {
                nonZero++;
            }
            if (best < 0 || v[i] > v[best]) {
                best = i;
            }
        }
        assertEquals(1f, sum, 1e-5);
        assertEquals(5, nonZero);
        assertEquals(10f, enc.binA()[best]);
        assertEquals(-10f, enc.binB()[best]);
    }

    @Test
    void annealedMeanSharpensTowardsTheModeAsVividnessGrows() {
        AbBinsEncoding enc = TinyModels.bins();
        int q = enc.labelChannels();
        float[] out = redOverGray(enc);
        float mean = enc.decode(out, 0, 1, 1, 0f).a()[0];
        float dflt = enc.decode(out, 0, 1, 1, 1f).a()[0];
        float vivid = enc.decode(out, 0, 1, 1, 3f).a()[0];
        double expectedMean = 0;
        for (int i = 0; i < q; i++) {
            expectedMean += out[i] * enc.binA()[i];
        }
        assertEquals(expectedMean, mean, 1e-3, "vividness 0 is the plain mean (T = 1)");
        assertTrue(mean < dflt && dflt < vivid && vivid <= 40f, mean + " < " + dflt + " < " + vivid + " <= 40");
        assertEquals(0.38f, enc.temperatureFor(1f), 1e-6);
    }

    @Test
    void classificationLabelsAreAreaAveragedToTheOutputStride() {
        AbBinsEncoding enc = TinyModels.bins();
        int q = enc.labelChannels();
        float[] rgb = new float[8 * 4 * 3];
        for (int p = 0; p < 32; p++) { // left 4x4 block red-ish, right block gray
            boolean left = (p % 8) < 4;
            rgb[3 * p] = left ? 0.8f : 0.5f;
            rgb[3 * p + 1] = left ? 0.3f : 0.5f;
            rgb[3 * p + 2] = left ? 0.3f : 0.5f;
        }
        float[] labels = new float[q * 2];
        enc.encodeTarget(rgb, 8, 4, labels, 0);
        float[] left = new float[q], right = new float[q];
        for (int i = 0; i < q; i++) {
            left[i] = labels[i * 2];
            right[i] = labels[i * 2 + 1];
        }
        float[] lab = new float[3];
        Lab.rgbToLab(new float[] {0.8f, 0.3f, 0.3f}, 0, lab, 0, 1);
        assertArrayEquals(enc.softEncode(lab[1], lab[2]), left, 1e-6f);
        assertArrayEquals(enc.softEncode(0f, 0f), right, 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> enc.encodeTarget(new float[6 * 4 * 3], 6, 4, new float[q * 4], 0));
    }

    @Test
    void metadataStoresTheEncodingAndReadsItBack() throws BundleFormatException {
        AbBinsEncoding bins = TinyModels.bins();
        ModelMetadata md = ModelMetadata.builder(ModelKind.L_TO_AB_BINS, WorkingSize.adaptive(4, 64)).bins(bins).build();
        String json = md.toJson();
        assertTrue(json.contains("\"id\" : \"lab-bins\""), json.substring(0, 400));
        ModelMetadata back = ModelMetadata.fromJson(json, "test");
        AbBinsEncoding read = (AbBinsEncoding) back.encoding();
        assertArrayEquals(bins.binA(), read.binA());
        assertArrayEquals(bins.classWeights(), read.classWeights());
        assertEquals(bins.temperature(), read.temperature());
        assertEquals(LabRegressionEncoding.ID, ModelMetadata.builder(ModelKind.L_TO_AB, WorkingSize.fixed(8, 8)).build()
                .encoding().id());
        assertThrows(IllegalArgumentException.class,
                () -> ModelMetadata.builder(ModelKind.L_TO_AB_BINS, WorkingSize.fixed(8, 8)).build());
        assertThrows(IllegalArgumentException.class, () -> AbBinsEncoding.fromParameters(Map.of("grid", 10)));
    }

    @Test
    void chromaGainScalesTheDecodedAbAndIsStoredWithTheModel() throws BundleFormatException {
        AbBinsEncoding enc = TinyModels.bins();
        float[] out = redOverGray(enc);
        AbBinsEncoding calibrated = enc.withDecoding(0.5f, 0.75f);
        assertEquals(0.5f, calibrated.temperatureFor(1f), 1e-6);
        assertEquals(1f, enc.chromaGain());
        for (float v : new float[] {0f, 1f, 2f}) {
            Chroma plain = enc.withDecoding(0.5f, 1f).decode(out, 0, 1, 1, v);
            Chroma scaled = calibrated.decode(out, 0, 1, 1, v);
            assertEquals(0.75f * plain.a()[0], scaled.a()[0], 1e-4f, "a at vividness " + v);
            assertEquals(0.75f * plain.b()[0], scaled.b()[0], 1e-4f, "b at vividness " + v);
        }
        ModelMetadata md = ModelMetadata.builder(ModelKind.L_TO_AB_BINS, WorkingSize.adaptive(4, 64)).bins(calibrated)
                .build();
        AbBinsEncoding read = (AbBinsEncoding) ModelMetadata.fromJson(md.toJson(), "test").encoding();
        assertEquals(0.75f, read.chromaGain());
        assertEquals(0.5f, read.temperature());
        java.util.Map<String, Object> old = new java.util.LinkedHashMap<>(enc.parameters());
        old.remove("chromaGain");
        assertEquals(1f, AbBinsEncoding.fromParameters(old).chromaGain(), "bundles without a gain decode as before");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> enc.withDecoding(0.4f, 0f));
        assertTrue(e.getMessage().contains("chromaGain"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> enc.withDecoding(1.5f, 1f));
    }

    @Test
    void enlargedPicturesHaveAGainOfTheirOwnStoredOnlyWhenItDiffers() throws BundleFormatException {
        AbBinsEncoding enc = TinyModels.bins();
        float[] out = redOverGray(enc);
        AbBinsEncoding same = enc.withDecoding(0.5f, 0.6f);
        assertEquals(0.6f, same.enlargedChromaGain());
        assertTrue(same.forEnlargedInput() == same, "one gain: enlarged pictures decode alike");
        assertTrue(!same.parameters().containsKey("enlargedChromaGain"), "older readers see the same parameters");
        AbBinsEncoding apart = enc.withDecoding(0.5f, 0.6f, 0.9f);
        Chroma photo = apart.decode(out, 0, 1, 1, 1f);
        Chroma enlarged = apart.forEnlargedInput().decode(out, 0, 1, 1, 1f);
        assertEquals(0.9f / 0.6f * photo.a()[0], enlarged.a()[0], 1e-4f);
        assertEquals(0.9f / 0.6f * photo.b()[0], enlarged.b()[0], 1e-4f);
        assertEquals(photo.a()[0], same.decode(out, 0, 1, 1, 1f).a()[0], 1e-6f, "the chroma gain is unchanged");
        ModelMetadata md = ModelMetadata.builder(ModelKind.L_TO_AB_BINS, WorkingSize.adaptive(4, 64).withMinSide(32))
                .bins(apart).build();
        AbBinsEncoding read = (AbBinsEncoding) ModelMetadata.fromJson(md.toJson(), "test").encoding();
        assertEquals(0.6f, read.chromaGain());
        assertEquals(0.9f, read.enlargedChromaGain());
        assertTrue(read.toString().contains("enlarged gain 0.9"), read.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> enc.withDecoding(0.5f, 1f, 5f));
        assertTrue(e.getMessage().contains("enlargedChromaGain"), e.getMessage());
        java.util.Map<String, Object> bad = new java.util.LinkedHashMap<>(apart.parameters());
        bad.put("enlargedChromaGain", -1);
        e = assertThrows(IllegalArgumentException.class, () -> AbBinsEncoding.fromParameters(bad));
        assertTrue(e.getMessage().contains("enlargedChromaGain"), e.getMessage());
    }

    /** One pixel's output: 0.5 on the bin (40, 30), 0.3 on gray, the rest spread evenly. */
    private static float[] redOverGray(AbBinsEncoding enc) {
        int q = enc.labelChannels();
        float[] out = new float[q];
        java.util.Arrays.fill(out, 0.2f / (q - 2));
        out[index(enc, 40, 30)] = 0.5f;
        out[index(enc, 0, 0)] = 0.3f;
        return out;
    }

    private static int index(AbBinsEncoding enc, float a, float b) {
        float[] ba = enc.binA(), bb = enc.binB();
        for (int i = 0; i < ba.length; i++) {
            if (ba[i] == a && bb[i] == b) {
                return i;
            }
        }
        throw new AssertionError("no bin " + a + "," + b);
    }
}
