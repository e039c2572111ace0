package org.colorize.data;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.colorize.core.color.Lab;
import org.colorize.core.encoding.Encoding;
import org.colorize.core.model.Embedder;
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
    private final Encoding encoding;
    private final boolean grayInput;
    private final int width;
    private final int height;
    private final Fit fit;
    private final Augmentation augmentation;
    private final long seed;
    private final Embedder embedder;

    BatchAssembler(ColorizationData data) {
        source = data.source();
        encoding = data.modelEncoding();
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
        int stride = encoding.outputStride();
        int lw = width / stride, lh = height / stride;
        int fc = encoding.inputChannels();
        int lc = encoding.labelChannels();
        float[] features = new float[n * fc * hw];
        float[] labels = new float[n * lc * lw * lh];
        int ew = 0, eh = 0;
        float[] embedInput = null;
        if (embedder != null) {
            ew = embedder.inputWidth();
            eh = embedder.inputHeight();
            embedInput = new float[n * 3 * ew * eh];
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
            encoding.encodeInput(encoding.inputPlaneOf(rgb, hw, grayInput), features, k * fc * hw);
            encoding.encodeTarget(rgb, width, height, labels, k * lc * lw * lh);
            if (embedder != null) {
                float[] gray = new float[hw];
                for (int p = 0, s = 0; p < hw; p++, s += 3) {
                    gray[p] = Lab.luma(rgb[s], rgb[s + 1], rgb[s + 2]);
                }
                // the same resizing as the colorize-core pipeline's embedder input
                float[] resized = org.colorize.core.image.Resize.plane(gray, width, height, ew, eh);
                int plane = ew * eh, o = k * 3 * plane;
                System.arraycopy(resized, 0, embedInput, o, plane);
                System.arraycopy(resized, 0, embedInput, o + plane, plane);
                System.arraycopy(resized, 0, embedInput, o + 2 * plane, plane);
            }
            k++;
        }
        if (k == 0) {
            return Batch.EMPTY;
        }
        INDArray f = array(features, k * fc * hw, k, fc, height, width);
        INDArray l = array(labels, k * lc * lw * lh, k, lc, lh, lw);
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
        float[] rgb = Resize.rgb(image, r[0], r[1], r[2], r[3], width, height);
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

    private static INDArray array(float[] data, int length, long... shape) {
        float[] exact = data.length == length ? data : Arrays.copyOf(data, length);
        return Nd4j.create(exact, shape, 'c');
    }
}
