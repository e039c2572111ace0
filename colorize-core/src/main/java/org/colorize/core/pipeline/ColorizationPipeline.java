package org.colorize.core.pipeline;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.colorize.core.Colorizer;
import org.colorize.core.Embedder;
import org.colorize.core.ModelKind;
import org.colorize.core.WorkingSize;
import org.colorize.core.Networks;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.bundle.ModelMetadata;
import org.colorize.core.color.Lab;
import org.colorize.core.encoding.Chroma;
import org.colorize.core.encoding.Encoding;
import org.colorize.core.image.DecodedImage;
import org.colorize.core.image.ImageReadOptions;
import org.colorize.core.image.Resize;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@link Colorizer} over a {@link ModelBundle}: preprocess, predict, postprocess, for every
 * {@link ModelKind}.
 *
 * <ol>
 *   <li>Preprocess: the input's L (and luma gray) at its own resolution; the network's input at the
 *       working size the metadata resolves for the image (area-averaged when shrinking).</li>
 *   <li>Predict: one forward pass per batch of images that share a working size; for fusion models,
 *       the embedder's vector of the gray image first.</li>
 *   <li>Postprocess: the predicted chroma (ab, or the ab of a predicted RGB image) resized bilinearly
 *       to the input's resolution, joined to the input's own L, converted to sRGB and clipped to gamut;
 *       alpha restored untouched. The output has the input's width, height and alpha, and its exact
 *       luminance up to 8-bit rounding.</li>
 * </ol>
 *
 * <p>Thread-safe: pre- and postprocessing run in the calling thread, forward passes on the shared
 * network are serialised.
 */
public final class ColorizationPipeline implements Colorizer {

    /** The default largest number of images in one forward pass of {@link #colorizeAll(List)}. */
    public static final int DEFAULT_MAX_BATCH = 16;

    private final ModelBundle bundle;
    private final ModelMetadata metadata;
    private final Embedder embedder;
    private final int maxBatch;
    private final Encoding encoding;
    private final float vividness;
    private final WorkingSize workingSize;
    private final ImageReadOptions readOptions;
    private volatile boolean closed;

    /**
     * @param bundle the model
     * @param maxBatch the largest number of images in one forward pass (at least 1)
     * @throws IllegalArgumentException if a fusion model's bundle has no embedder
     */
    public ColorizationPipeline(ModelBundle bundle, int maxBatch) {
        this(bundle, maxBatch, 1f);
    }

    /**
     * @param bundle the model
     * @param maxBatch the largest number of images in one forward pass (at least 1)
     * @param vividness 1 for the model's default colour, lower more muted, higher more saturated (see
     *     {@link Encoding#decode}); at least 0
     * @throws IllegalArgumentException if a fusion model's bundle has no embedder, or an option is out of range
     */
    public ColorizationPipeline(ModelBundle bundle, int maxBatch, float vividness) {
        this(bundle, maxBatch, vividness, 0);
    }

    /**
     * @param bundle the model
     * @param maxBatch the largest number of images in one forward pass (at least 1)
     * @param vividness 1 for the model's default colour (see {@link Encoding#decode}); at least 0
     * @param maxWorkingSide for a model with an adaptive working size, the longest side the network sees
     *     instead of the model's own (rounded down to the model's multiple); 0 keeps the model's. Fixed
     *     working sizes are never changed.
     * @throws IllegalArgumentException if a fusion model's bundle has no embedder, or an option is out of range
     */
    public ColorizationPipeline(ModelBundle bundle, int maxBatch, float vividness, int maxWorkingSide) {
        this(bundle, maxBatch, vividness, maxWorkingSide, ImageReadOptions.defaults());
    }

    /**
     * @param bundle the model
     * @param maxBatch the largest number of images in one forward pass (at least 1)
     * @param vividness 1 for the model's default colour (see {@link Encoding#decode}); at least 0
     * @param maxWorkingSide for a model with an adaptive working size, the longest side the network sees
     *     instead of the model's own; 0 keeps the model's
     * @param readOptions how {@link #colorize(java.nio.file.Path)} reads files (pixel limit, partial images)
     * @throws IllegalArgumentException if a fusion model's bundle has no embedder, or an option is out of range
     */
    public ColorizationPipeline(ModelBundle bundle, int maxBatch, float vividness, int maxWorkingSide,
            ImageReadOptions readOptions) {
        this.readOptions = Objects.requireNonNull(readOptions, "readOptions");
        this.bundle = Objects.requireNonNull(bundle, "bundle");
        this.metadata = bundle.metadata();
        WorkingSize own = metadata.workingSize();
        if (maxWorkingSide < 0) {
            throw new IllegalArgumentException("maxWorkingSide must be >= 0, was " + maxWorkingSide);
        }
        if (maxWorkingSide > 0 && own.adaptive()) {
            int side = Math.max(own.multiple(), maxWorkingSide / own.multiple() * own.multiple());
            this.workingSize = WorkingSize.adaptive(own.multiple(), side);
        } else {
            this.workingSize = own;
        }
        this.encoding = metadata.encoding();
        this.vividness = Encoding.checkVividness(vividness);
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
        }
        this.maxBatch = maxBatch;
        this.embedder = bundle.embedder().orElse(null);
        if (metadata.kind() == ModelKind.L_EMBEDDING_TO_AB && embedder == null) {
            throw new IllegalArgumentException("a " + metadata.kind() + " model needs its embedding network in the bundle "
                    + "(ModelBundle.withEmbedder)");
        }
    }

    @Override
    public ImageReadOptions readOptions() {
        return readOptions;
    }

    @Override
    public ModelMetadata metadata() {
        return metadata;
    }

    @Override
    public BufferedImage colorize(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        return colorizeAll(List.of(image)).get(0);
    }

    @Override
    public List<BufferedImage> colorizeAll(List<BufferedImage> images) {
        Objects.requireNonNull(images, "images");
        ensureOpen();
        int count = images.size();
        DecodedImage[] decoded = new DecodedImage[count];
        Map<Long, List<Integer>> bySize = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            BufferedImage img = Objects.requireNonNull(images.get(i), () -> "images contains null");
            decoded[i] = DecodedImage.of(img);
            int[] ws = workingSize.resolve(img.getWidth(), img.getHeight());
            bySize.computeIfAbsent(((long) ws[0] << 32) | ws[1], k -> new ArrayList<>()).add(i);
        }
        BufferedImage[] out = new BufferedImage[count];
        for (Map.Entry<Long, List<Integer>> group : bySize.entrySet()) {
            int ww = (int) (group.getKey() >>> 32), wh = (int) (long) group.getKey();
            List<Integer> idx = group.getValue();
            for (int from = 0; from < idx.size(); from += maxBatch) {
                List<Integer> chunk = idx.subList(from, Math.min(idx.size(), from + maxBatch));
                DecodedImage[] batch = chunk.stream().map(i -> decoded[i]).toArray(DecodedImage[]::new);
                Chroma[] ab = predictAb(batch, ww, wh);
                for (int k = 0; k < chunk.size(); k++) {
                    int i = chunk.get(k);
                    out[i] = compose(decoded[i], ab[k]);
                }
            }
        }
        return List.of(out);
    }

    /** Network input for a batch at the working size, the forward pass, and the chroma the encoding reads. */
    private Chroma[] predictAb(DecodedImage[] batch, int ww, int wh) {
        int n = batch.length, plane = ww * wh;
        int channels = encoding.inputChannels();
        float[] input = new float[n * channels * plane];
        for (int k = 0; k < n; k++) {
            DecodedImage d = batch[k];
            float[] src = encoding.inputPlane() == Encoding.InputPlane.GRAY ? d.gray() : d.lightness();
            encoding.encodeInput(Resize.plane(src, d.width(), d.height(), ww, wh), input, k * channels * plane);
        }
        INDArray x = Nd4j.create(input, new long[] {n, channels, wh, ww}, DataType.FLOAT);
        INDArray y;
        if (metadata.kind() == ModelKind.L_EMBEDDING_TO_AB) {
            y = Networks.output(bundle.network(), x, embed(batch))[0];
        } else {
            y = Networks.output(bundle.network(), x)[0];
        }
        long[] s = y.shape();
        int expectC = encoding.labelChannels();
        if (s.length != 4 || s[0] != n || s[1] != expectC) {
            throw new IllegalStateException("the " + metadata.architecture() + " network returned shape "
                    + java.util.Arrays.toString(s) + " for input " + java.util.Arrays.toString(x.shape())
                    + "; a " + metadata.kind() + " model (encoding " + encoding + ") must return [N, " + expectC + ", H, W]");
        }
        int oh = (int) s[2], ow = (int) s[3], op = ow * oh;
        float[] data = y.castTo(DataType.FLOAT).dup('c').data().asFloat();
        Chroma[] ab = new Chroma[n];
        for (int k = 0; k < n; k++) {
            ab[k] = encoding.decode(data, k * expectC * op, ow, oh, vividness);
        }
        return ab;
    }

    private INDArray embed(DecodedImage[] batch) {
        int ew = embedder.inputWidth(), eh = embedder.inputHeight(), plane = ew * eh;
        float[] rgb = new float[batch.length * 3 * plane];
        for (int k = 0; k < batch.length; k++) {
            DecodedImage d = batch[k];
            float[] g = Resize.plane(d.gray(), d.width(), d.height(), ew, eh);
            for (int c = 0; c < 3; c++) {
                System.arraycopy(g, 0, rgb, (k * 3 + c) * plane, plane);
            }
        }
        INDArray e = embedder.embed(Nd4j.create(rgb, new long[] {batch.length, 3, eh, ew}, DataType.FLOAT));
        return e.castTo(DataType.FLOAT);
    }

    /** Joins full-resolution L with a, b brought to full resolution; restores alpha. */
    private static BufferedImage compose(DecodedImage d, Chroma ab) {
        int w = d.width(), h = d.height();
        int[] alpha = d.alpha();
        BufferedImage out = new BufferedImage(w, h, alpha != null ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        Resize.RowStream as = new Resize.RowStream(ab.a(), ab.width(), ab.height(), w, h);
        Resize.RowStream bs = new Resize.RowStream(ab.b(), ab.width(), ab.height(), w, h);
        float[] arow = new float[w], brow = new float[w];
        float[] light = d.lightness();
        for (int y = 0; y < h; y++) {
            as.row(y, arow);
            bs.row(y, brow);
            int off = y * w;
            if (alpha != null) {
                for (int x = 0; x < w; x++) {
                    px[off + x] = (alpha[off + x] << 24) | Lab.labToRgb8(light[off + x], arow[x], brow[x]);
                }
            } else {
                for (int x = 0; x < w; x++) {
                    px[off + x] = Lab.labToRgb8(light[off + x], arow[x], brow[x]);
                }
            }
        }
        return out;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this Colorizer is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeNetwork(bundle.network());
        bundle.embedderNetwork().ifPresent(ColorizationPipeline::closeNetwork);
    }

    private static void closeNetwork(Model m) {
        synchronized (m) {
            if (m instanceof MultiLayerNetwork mln) {
                mln.close();
            } else if (m instanceof ComputationGraph cg) {
                cg.close();
            }
        }
    }
}
