package org.colorize.data;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.colorize.core.Embedder;
import org.colorize.core.LNormalization;
import org.colorize.core.ModelKind;
import org.colorize.core.color.Lab;
import org.colorize.data.augment.AffineTransform;
import org.colorize.data.augment.Augmentation;
import org.colorize.data.augment.RandomStream;
import org.colorize.data.augment.Resize;
import org.colorize.data.source.ImageReadException;
import org.colorize.data.source.ImageSource;
import org.colorize.data.source.RgbImage;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns the pictures of one batch into the arrays a network wants: read, fit, augment, convert.
 * Stateless apart from its configuration; safe to call from several threads at once.
 */
final class BatchAssembler {

    private final ImageSource source;
    private final ModelKind kind;
    private final LNormalization norm;
    private final float abScale;
    private final int grayChannels;
    private final boolean grayInput;
    private final int width;
    private final int height;
    private final Fit fit;
    private final Augmentation augmentation;
    private final long seed;
    private final Embedder embedder;

    BatchAssembler(ColorizationData data) {
        source = data.source();
        kind = data.encoding();
        norm = data.lNormalization();
        abScale = data.abScale();
        grayChannels = data.grayChannels();
        grayInput = data.grayInput();
        width = data.width();
        height = data.height();
        fit = data.fit();
        augmentation = data.augmentation();
        seed = data.seed();
        embedder = data.embedder();
    }

    /**
     * @param epoch the epoch (for the random streams)
     * @param indices the source indices of the batch, in batch order
     * @param cancelled polled between pictures; when true the work stops and null is returned
     * @return the batch (unreadable pictures left out), or null if cancelled
     */
    Batch assemble(int epoch, int[] indices, BooleanSupplier cancelled) {
        int n = indices.length;
        int hw = width * height;
        int fc = kind == ModelKind.GRAY_TO_RGB ? grayChannels : 1;
        int lc = kind == ModelKind.GRAY_TO_RGB ? 3 : 2;
        float[] features = new float[n * fc * hw];
        float[] labels = new float[n * lc * hw];
        int ew = 0, eh = 0;
        float[] embedInput = null;
        float[] gray = null;
        if (embedder != null) {
            ew = embedder.inputWidth();
            eh = embedder.inputHeight();
            embedInput = new float[n * 3 * ew * eh];
            gray = new float[hw];
        }
        float[] warped = augmentation.isNone() ? null : new float[hw * 3];
        int k = 0;
        for (int index : indices) {
            if (cancelled.getAsBoolean()) {
                return null;
            }
            RgbImage image;
            try {
                image = source.get(index).image();
            } catch (ImageReadException e) {
                continue; // the source has logged it and counted it
            }
            float[] rgb = prepare(image, epoch, index, warped);
            switch (kind) {
                case GRAY_TO_RGB -> encodeGray(rgb, hw, features, labels, k);
                case L_TO_AB -> encodeLab(rgb, hw, features, labels, k);
                case L_EMBEDDING_TO_AB -> {
                    for (int p = 0, s = 0; p < hw; p++, s += 3) {
                        gray[p] = Lab.luma(rgb[s], rgb[s + 1], rgb[s + 2]);
                    }
                    // the same resizing as the colorize-core pipeline's embedder input
                    float[] resized = org.colorize.core.image.Resize.plane(gray, width, height, ew, eh);
                    int plane = ew * eh, o = k * 3 * plane;
                    System.arraycopy(resized, 0, embedInput, o, plane);
                    System.arraycopy(resized, 0, embedInput, o + plane, plane);
                    System.arraycopy(resized, 0, embedInput, o + 2 * plane, plane);
                    encodeLab(rgb, hw, features, labels, k);
                }
                default -> throw new AssertionError(kind);
            }
            k++;
        }
        if (k == 0) {
            return Batch.EMPTY;
        }
        INDArray f = array(features, k * fc * hw, k, fc, height, width);
        INDArray l = array(labels, k * lc * hw, k, lc, height, width);
        if (embedder == null) {
            return new Batch(new INDArray[] {f}, new INDArray[] {l}, k);
        }
        INDArray e = embedder.embed(array(embedInput, k * 3 * ew * eh, k, 3, eh, ew)).castTo(DataType.FLOAT);
        long[] shape = e.shape();
        if (shape.length != 2 || shape[0] != k || shape[1] != embedder.embeddingSize()) {
            throw new IllegalStateException("embedder returned shape " + Arrays.toString(shape) + " for " + k
                    + " images; expected [" + k + ", " + embedder.embeddingSize() + "]");
        }
        return new Batch(new INDArray[] {f, e}, new INDArray[] {l}, k);
    }

    /** The picture fitted to the input size and augmented: interleaved RGB in [0,1]. */
    float[] prepare(RgbImage image, int epoch, int index, float[] scratch) {
        RandomStream random = RandomStream.of(seed, epoch, index);
        int[] r = fit.region(image.width(), image.height(), width, height, random);
        float[] rgb = Resize.packedRgb(image.pixels(), image.width(), image.height(), r[0], r[1], r[2], r[3],
                width, height);
        if (scratch == null) {
            return rgb;
        }
        AffineTransform t = augmentation.sample(random, width, height);
        if (t.isIdentity()) {
            return rgb;
        }
        t.warp(rgb, width, height, 3, scratch, width, height, augmentation.fillMode(), augmentation.fillValue(),
                augmentation.interpolation());
        return scratch;
    }

    private void encodeGray(float[] rgb, int hw, float[] features, float[] labels, int k) {
        int fo = k * grayChannels * hw, lo = k * 3 * hw;
        for (int p = 0, s = 0; p < hw; p++, s += 3) {
            float r = rgb[s], g = rgb[s + 1], b = rgb[s + 2];
            float y = Lab.luma(r, g, b);
            features[fo + p] = grayInput ? gray8(y) : y;
            labels[lo + p] = r;
            labels[lo + hw + p] = g;
            labels[lo + 2 * hw + p] = b;
        }
        if (grayChannels == 3) {
            System.arraycopy(features, fo, features, fo + hw, hw);
            System.arraycopy(features, fo, features, fo + 2 * hw, hw);
        }
    }

    /** Luma rounded to 8 bits, as a gray PNG or JPEG stores it. */
    private static float gray8(float y) {
        return Math.round(Math.min(1f, Math.max(0f, y)) * 255f) / 255f;
    }

    private void encodeLab(float[] rgb, int hw, float[] features, float[] labels, int k) {
        int fo = k * hw, lo = k * 2 * hw;
        if (grayInput) {
            for (int p = 0, s = 0; p < hw; p++, s += 3) {
                features[fo + p] = norm.normalize(Lab.lightnessOfGray(gray8(Lab.luma(rgb[s], rgb[s + 1], rgb[s + 2]))));
            }
        }
        Lab.rgbToLab(rgb, 0, rgb, 0, hw); // in place: rgb now holds L, a, b
        for (int p = 0, s = 0; p < hw; p++, s += 3) {
            if (!grayInput) {
                features[fo + p] = norm.normalize(rgb[s]);
            }
            labels[lo + p] = rgb[s + 1] / abScale;
            labels[lo + hw + p] = rgb[s + 2] / abScale;
        }
    }

    private static INDArray array(float[] data, int length, long... shape) {
        float[] exact = data.length == length ? data : Arrays.copyOf(data, length);
        return Nd4j.create(exact, shape, 'c');
    }
}
