package org.colorize.core;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.bundle.ModelMetadata;
import org.colorize.core.color.Lab;
import org.colorize.core.encoding.Chroma;
import org.colorize.core.encoding.Encoding;
import org.colorize.core.image.DecodedImage;
import org.colorize.core.image.ImageReadOptions;
import org.colorize.core.image.Resize;
import org.colorize.core.internal.Networks;
import org.colorize.core.model.Embedder;
import org.colorize.core.model.ModelKind;
import org.colorize.core.model.WorkingSize;
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
 * network are serialised. {@link #close()} may be called while other threads colorize: it waits for
 * the calls in flight to finish, and every call that starts after it fails with
 * {@link IllegalStateException}; the network's memory is freed only when no call uses it.
 *
 * <p>{@link Colorizer#builder()}, {@link Colorizer#of(ModelBundle)} and {@link Colorizer#fromPretrained()}
 * make one of these; {@link #of(ModelBundle, int)} and {@link #borrowing} give it typed as a pipeline,
 * for what only a pipeline does: {@link #predict(BufferedImage)} (one forward pass, rendered at any
 * vividness), {@link #withVividness(float)} views, and colorizing with a network someone else owns.
 * It lives in the package of {@link Colorizer}, whose factories create it, so that neither package
 * depends on the other.
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
    /** Open/closed state, shared with the {@link #withVividness} views of this colorizer. */
    private final Lifecycle life;

    /** Whether calls are accepted, calls in flight, and whether the bundle is freed on close. */
    private static final class Lifecycle {
        private final boolean owner;
        private volatile boolean closed;
        /** Held (shared) by every call for its whole duration; close() takes it exclusively to free the network. */
        private final ReentrantReadWriteLock inFlight = new ReentrantReadWriteLock();

        Lifecycle(boolean owner) {
            this.owner = owner;
        }
    }

    /**
     * A colorizer that owns its bundle: closing it closes the bundle. The same as
     * {@link Colorizer#of(ModelBundle)} with another batch size, but typed as a pipeline, for
     * {@link #predict(BufferedImage)} and {@link #withVividness(float)}; {@link Colorizer#builder()} has
     * the other options.
     *
     * @param bundle the model, not owned by another colorizer
     * @param maxBatch the largest number of images in one forward pass (at least 1)
     * @return the colorizer
     * @throws IllegalArgumentException if a fusion model's bundle has no embedder, or maxBatch is below 1
     * @throws IllegalStateException if another colorizer owns the bundle, or it is closed
     */
    public static ColorizationPipeline of(ModelBundle bundle, int maxBatch) {
        return new ColorizationPipeline(bundle, maxBatch, 1f, 0, ImageReadOptions.defaults(), true);
    }

    /**
     * A colorizer on a bundle it does not own: {@link #close()} stops this colorizer but leaves the
     * network to its owner (e.g. a network being trained, validated by colorizing after each epoch).
     *
     * @param bundle the model; its owner keeps it open while this colorizer is used
     * @param maxBatch the largest number of images in one forward pass (at least 1)
     * @param vividness 1 for the model's default colour; in [0, {@value Encoding#MAX_VIVIDNESS}] ({@link Encoding#checkVividness(float)})
     * @return the colorizer
     */
    public static ColorizationPipeline borrowing(ModelBundle bundle, int maxBatch, float vividness) {
        return new ColorizationPipeline(bundle, maxBatch, vividness, 0, ImageReadOptions.defaults(), false);
    }

    /**
     * The same colorizer at another vividness: it shares this one's network, its open/closed state and
     * its owner (closing either closes both, and frees the network once when this one owns it).
     *
     * @param otherVividness 1 for the model's default colour; in [0, {@value Encoding#MAX_VIVIDNESS}] ({@link Encoding#checkVividness(float)})
     * @return the view
     */
    public ColorizationPipeline withVividness(float otherVividness) {
        return new ColorizationPipeline(this, otherVividness);
    }

    private ColorizationPipeline(ColorizationPipeline base, float vividness) {
        this.bundle = base.bundle;
        this.metadata = base.metadata;
        this.workingSize = base.workingSize;
        this.encoding = base.encoding;
        this.vividness = Encoding.checkVividness(vividness);
        this.maxBatch = base.maxBatch;
        this.embedder = base.embedder;
        this.readOptions = base.readOptions;
        this.life = base.life;
    }

    /**
     * @param bundle the model
     * @param maxBatch the largest number of images in one forward pass (at least 1)
     * @param vividness 1 for the model's default colour (see {@link Encoding#decode}); in [0, {@value Encoding#MAX_VIVIDNESS}]
     * @param maxWorkingSide for a model with an adaptive working size, the longest side the network sees
     *     instead of the model's own (rounded down to the model's multiple, at most
     *     {@link WorkingSize#MAX_SIDE}); 0 keeps the model's. Fixed working sizes are never changed.
     * @param readOptions how {@link #colorize(java.nio.file.Path)} reads files (pixel limit, partial images)
     * @param owner whether this colorizer claims the bundle and closes it ({@link #borrowing} does not)
     * @throws IllegalArgumentException if a fusion model's bundle has no embedder, or an option is out of range
     */
    ColorizationPipeline(ModelBundle bundle, int maxBatch, float vividness, int maxWorkingSide,
            ImageReadOptions readOptions, boolean owner) {
        this.readOptions = Objects.requireNonNull(readOptions, "readOptions");
        this.bundle = Objects.requireNonNull(bundle, "bundle");
        this.metadata = bundle.metadata();
        WorkingSize own = metadata.workingSize();
        if (maxWorkingSide < 0) {
            throw new IllegalArgumentException("maxWorkingSide must be >= 0, was " + maxWorkingSide);
        }
        if (maxWorkingSide > 0 && own.adaptive()) {
            int side = Math.max(own.multiple(), Math.min(maxWorkingSide, WorkingSize.MAX_SIDE) / own.multiple() * own.multiple());
            this.workingSize = WorkingSize.adaptive(own.multiple(), side).withMinSide(Math.min(own.minSide(), side));
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
        if (owner) {
            bundle.claim();
        } else if (bundle.isClosed()) {
            throw new IllegalStateException("the bundle is closed");
        }
        this.life = new Lifecycle(owner);
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

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if this colorizer is closed (or is closed by another thread before
     *     this call starts; a call that has started finishes before the network is freed)
     */
    @Override
    public List<BufferedImage> colorizeAll(List<BufferedImage> images) {
        Objects.requireNonNull(images, "images");
        ReentrantReadWriteLock.ReadLock lock = life.inFlight.readLock();
        lock.lock();
        try {
            ensureOpen();
            return colorizeOpen(images);
        } finally {
            lock.unlock();
        }
    }

    private List<BufferedImage> colorizeOpen(List<BufferedImage> images) {
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
            // The batch's input array must fit a Java array: fewer images per pass at large working sizes.
            long perImage = (long) encoding.inputChannels() * ww * wh;
            int perPass = (int) Math.max(1, Math.min(maxBatch, (Integer.MAX_VALUE - 8) / perImage));
            for (int from = 0; from < idx.size(); from += perPass) {
                List<Integer> chunk = idx.subList(from, Math.min(idx.size(), from + perPass));
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
        RawOutput y = forward(batch, ww, wh);
        Chroma[] ab = new Chroma[batch.length];
        for (int k = 0; k < batch.length; k++) {
            Encoding decoding = workingSize.enlarges(batch[k].width(), batch[k].height())
                    ? encoding.forEnlargedInput() : encoding;
            ab[k] = decoding.decode(y.data, k * y.channels * y.plane(), y.width, y.height, vividness);
        }
        return ab;
    }

    /** The network's output for a batch, as floats in NCHW order. */
    private record RawOutput(float[] data, int channels, int width, int height) {
        int plane() {
            return width * height;
        }
    }

    private RawOutput forward(DecodedImage[] batch, int ww, int wh) {
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
        return new RawOutput(y.castTo(DataType.FLOAT).dup('c').data().asFloat(), expectC, (int) s[3], (int) s[2]);
    }

    /**
     * Runs the network once on an image and keeps its raw output, which {@link Prediction#render(float)}
     * then turns into colour images at any vividness without another forward pass: how a slider or a strip
     * of vividness values is made cheaply, and how a model's decoding is calibrated.
     *
     * @param image the image (colour is ignored, as in {@link #colorize(BufferedImage)})
     * @return the prediction; it holds the image's pixels and the network output, and no native memory
     * @throws IllegalStateException if this colorizer is closed
     */
    public Prediction predict(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        ReentrantReadWriteLock.ReadLock lock = life.inFlight.readLock();
        lock.lock();
        try {
            ensureOpen();
            DecodedImage d = DecodedImage.of(image);
            int[] ws = workingSize.resolve(image.getWidth(), image.getHeight());
            RawOutput y = forward(new DecodedImage[] {d}, ws[0], ws[1]);
            return new Prediction(d, y.data, y.width, y.height, encoding, vividness,
                    workingSize.enlarges(image.getWidth(), image.getHeight()));
        } finally {
            lock.unlock();
        }
    }

    /**
     * One image's network output, from {@link #predict(BufferedImage)}: renders it at any vividness, or
     * with another decoding of the same encoding (a calibrated temperature or chroma gain).
     */
    public static final class Prediction {
        private final DecodedImage image;
        private final float[] output;
        private final int width;
        private final int height;
        private final Encoding encoding;
        private final float vividness;
        private final boolean enlarged;

        private Prediction(DecodedImage image, float[] output, int width, int height, Encoding encoding,
                float vividness, boolean enlarged) {
            this.image = image;
            this.output = output;
            this.width = width;
            this.height = height;
            this.encoding = encoding;
            this.vividness = vividness;
            this.enlarged = enlarged;
        }

        /**
         * @return whether the image was enlarged before the network (shorter side below the working size's
         *     minSide), so that it is decoded by {@link Encoding#forEnlargedInput()}
         */
        public boolean enlarged() {
            return enlarged;
        }

        /** @return the colour image at the vividness of the pipeline that predicted it */
        public BufferedImage render() {
            return render(vividness);
        }

        /**
         * @param vividness 0 for the most muted colours, 1 for the model's default, more for more vivid, at most {@value Encoding#MAX_VIVIDNESS}
         *     (only classification models change with it)
         * @return the colour image, the size of the input, with its L and alpha
         * @throws IllegalArgumentException if vividness is outside [0, 4] or not a number
         */
        public BufferedImage render(float vividness) {
            return render(encoding, vividness);
        }

        /**
         * @param decoding an encoding of the same id and number of output channels as the model's, e.g.
         *     {@code ((AbBinsEncoding) metadata.encoding()).withDecoding(0.5f, 0.9f)}; an
         *     {@link #enlarged() enlarged} image is decoded by its {@link Encoding#forEnlargedInput()}
         * @param vividness as in {@link #render(float)}
         * @return the colour image decoded with {@code decoding}
         * @throws IllegalArgumentException if {@code decoding} does not read this model's output
         */
        public BufferedImage render(Encoding decoding, float vividness) {
            Objects.requireNonNull(decoding, "decoding");
            if (!decoding.id().equals(encoding.id()) || decoding.labelChannels() != encoding.labelChannels()) {
                throw new IllegalArgumentException("decoding " + decoding + " cannot read the output of a model with "
                        + "encoding " + encoding + ": the ids and channel counts must match");
            }
            Encoding d = enlarged ? decoding.forEnlargedInput() : decoding;
            return compose(image, d.decode(output, 0, width, height, vividness));
        }
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
        if (life.closed || bundle.isClosed()) {
            throw new IllegalStateException("this Colorizer is closed");
        }
    }

    /**
     * Stops this colorizer and, when it owns its bundle (made with {@link #of}, {@code Colorizer.of} or
     * the builder), closes the bundle, freeing the networks; a {@link #borrowing} colorizer leaves them to
     * their owner. Calls already running in other threads finish first (this method waits for them);
     * calls that start afterwards fail with {@link IllegalStateException}. Closing twice does nothing.
     *
     * @throws IllegalStateException if called from inside a colorize call of this colorizer (it would
     *     wait for itself)
     */
    @Override
    public void close() {
        if (life.inFlight.getReadHoldCount() > 0) {
            throw new IllegalStateException("close() called from inside a colorize call of this Colorizer");
        }
        // Refuse new calls at once, then wait for the ones in flight (the write lock excludes them).
        life.closed = true;
        ReentrantReadWriteLock.WriteLock lock = life.inFlight.writeLock();
        lock.lock();
        try {
            if (life.owner) {
                bundle.close(); // once: closing a closed bundle does nothing
            }
        } finally {
            lock.unlock();
        }
    }
}
