package org.colorize.data;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.colorize.core.bundle.ModelMetadata;
import org.colorize.core.color.Lab;
import org.colorize.core.encoding.AbBinsEncoding;
import org.colorize.core.encoding.Encoding;
import org.colorize.core.encoding.GrayRgbEncoding;
import org.colorize.core.encoding.LabRegressionEncoding;
import org.colorize.core.model.Embedder;
import org.colorize.core.model.LNormalization;
import org.colorize.core.model.ModelKind;
import org.colorize.core.model.WorkingSize;
import org.colorize.data.augment.Augmentation;
import org.colorize.data.source.CifarSource;
import org.colorize.data.source.FolderSource;
import org.colorize.data.source.ImageSource;
import org.colorize.data.source.ListSource;

/**
 * Training data for a colorization network: a source of colour pictures, the encoding the network
 * wants ({@link ModelKind}), its input size, augmentation, batching and shuffling. Immutable; make
 * iterators from it with {@link #iterator()} (one network input) or {@link #multiIterator()} (any
 * model kind, required for {@link ModelKind#L_EMBEDDING_TO_AB}).
 *
 * <p>What each encoding produces, for a batch of N pictures at the input size H x W (NCHW, float):
 * <ul>
 *   <li>{@link ModelKind#GRAY_TO_RGB}: features luma gray {@code 0.299R + 0.587G + 0.114B} in [0,1],
 *       [N,1,H,W] (or [N,3,H,W], the gray replicated, with {@code grayChannels(3)}); labels sRGB in
 *       [0,1], [N,3,H,W].</li>
 *   <li>{@link ModelKind#L_TO_AB}: features L normalised by the {@link LNormalization}, [N,1,H,W];
 *       labels a/128 and b/128 (the {@code abScale}), [N,2,H,W].</li>
 *   <li>{@link ModelKind#L_EMBEDDING_TO_AB}: features (L as above, the embedder's output [N, size] for
 *       the gray picture replicated to RGB and resized to the embedder's input size as the colorize-core
 *       pipeline does); labels
 *       ab/128 as above.</li>
 * </ul>
 *
 * <p>Per picture: read, fit to the input size ({@link Fit}), one random affine transform (Keras
 * {@code ImageDataGenerator} semantics) on the colour image, then the colour conversion, so inputs and
 * labels stay aligned. The random choices of a picture depend only on (seed, epoch, picture index), so
 * an epoch is the same bit for bit on any number of threads.
 *
 * <pre>{@code
 * ColorizationData data = ColorizationData.builder()
 *         .cifar(Path.of("data_batch_1.bin"), Path.of("data_batch_2.bin"))
 *         .encoding(ModelKind.L_TO_AB)
 *         .size(32, 32)
 *         .augment(a -> a.rotation(20).shear(0.2).zoom(0.2).horizontalFlip())
 *         .batchSize(32)
 *         .seed(7)
 *         .build();
 * try (ColorizationIterator train = data.iterator()) {
 *     network.fit(train, 30);
 * }
 * }</pre>
 */
public final class ColorizationData {

    private final ImageSource source;
    private final Supplier<ImageSource> sourceSpec;
    private final ModelKind encoding;
    private final LNormalization lNormalization;
    private final float abScale;
    private final int grayChannels;
    private final boolean grayInput;
    private final int width;
    private final int height;
    private final Fit fit;
    private final Augmentation augmentation;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final int workers;
    private final int prefetch;
    private final int prefetchOption;
    private final Embedder embedder;
    private final Encoding model;

    private ColorizationData(Builder b, ImageSource source) {
        this.source = source;
        this.sourceSpec = b.source;
        this.encoding = b.encoding;
        this.lNormalization = b.lNormalization;
        this.abScale = b.abScale;
        this.grayChannels = b.grayChannels;
        this.grayInput = b.grayInput;
        this.width = b.width;
        this.height = b.height;
        this.fit = b.fit;
        this.augmentation = b.augmentation;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.seed = b.seed;
        this.workers = b.workers;
        this.prefetch = b.resolvedPrefetch();
        this.prefetchOption = b.prefetch;
        this.embedder = b.embedder;
        this.model = b.resolvedEncoding();
    }

    /** @return a builder with the defaults stated on each option */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these options and this (already opened) source, for variants such as the
     * validation data: {@code data.toBuilder().source(split.validation()).augment(Augmentation.NONE)
     * .shuffle(false).build()}.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.source = sourceSpec;
        b.encoding = encoding;
        b.lNormalization = lNormalization;
        b.abScale = abScale;
        b.grayChannels = grayChannels;
        b.grayInput = grayInput;
        b.width = width;
        b.height = height;
        b.fit = fit;
        b.augmentation = augmentation;
        b.batchSize = batchSize;
        b.shuffle = shuffle;
        b.dropLast = dropLast;
        b.seed = seed;
        b.workers = workers;
        b.prefetch = prefetchOption;
        b.embedder = embedder;
        b.modelEncoding = model instanceof AbBinsEncoding ? model : null;
        b.opened = source;
        return b;
    }

    /**
     * A {@code DataSetIterator} over this data; it starts preparing batches at once on its own
     * daemon threads. Close it (or let it idle: its threads end 30 s after the last work) when done.
     *
     * @return a new iterator at epoch 0
     * @throws IllegalStateException for {@link ModelKind#L_EMBEDDING_TO_AB}, which has two inputs
     *     (use {@link #multiIterator()})
     */
    public ColorizationIterator iterator() {
        if (encoding == ModelKind.L_EMBEDDING_TO_AB) {
            throw new IllegalStateException("encoding L_EMBEDDING_TO_AB has two inputs (L and the embedding):"
                    + " use multiIterator()");
        }
        return new ColorizationIterator(this);
    }

    /**
     * A {@code MultiDataSetIterator} over this data, for any encoding (for
     * {@link ModelKind#L_EMBEDDING_TO_AB} the inputs are {L, embedding}).
     *
     * @return a new iterator at epoch 0
     */
    public ColorizationMultiIterator multiIterator() {
        return new ColorizationMultiIterator(this);
    }

    /** @return the pictures */
    public ImageSource source() {
        return source;
    }

    /** @return the number of pictures in one epoch (those skipped as unreadable included) */
    public int numExamples() {
        return source.size();
    }

    /** @return the number of batches in one epoch */
    public int batchesPerEpoch() {
        int n = source.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** @return the encoding */
    public ModelKind encoding() {
        return encoding;
    }

    /**
     * @return the model encoding that turns pictures into features and labels (from {@link
     *     Builder#forModel}, {@link Builder#encoding(Encoding)}, or the kind, L normalisation, ab scale
     *     and gray channels set one by one)
     */
    public Encoding modelEncoding() {
        return model;
    }

    /** @return the normalisation of L (Lab encodings) */
    public LNormalization lNormalization() {
        return lNormalization;
    }

    /** @return what a and b are divided by in the labels of the Lab encodings (128) */
    public float abScale() {
        return abScale;
    }

    /** @return the channels of the gray input of {@link ModelKind#GRAY_TO_RGB}: 1 or 3 */
    public int grayChannels() {
        return grayChannels;
    }

    /** @return whether features come from the 8-bit luma gray, as a user's gray photo gives them */
    public boolean grayInput() {
        return grayInput;
    }

    /** @return the input width */
    public int width() {
        return width;
    }

    /** @return the input height */
    public int height() {
        return height;
    }

    /** @return how pictures are fitted to the input size */
    public Fit fit() {
        return fit;
    }

    /** @return the augmentation */
    public Augmentation augmentation() {
        return augmentation;
    }

    /** @return the batch size */
    public int batchSize() {
        return batchSize;
    }

    /** @return whether each epoch visits the pictures in a new seeded order */
    public boolean shuffle() {
        return shuffle;
    }

    /** @return whether a last, partial batch is left out */
    public boolean dropLast() {
        return dropLast;
    }

    /** @return the seed of shuffling, cropping and augmentation */
    public long seed() {
        return seed;
    }

    /** @return the number of threads preparing batches */
    public int workers() {
        return workers;
    }

    /** @return the number of batches prepared ahead */
    public int prefetch() {
        return prefetch;
    }

    /** @return the embedder of {@link ModelKind#L_EMBEDDING_TO_AB}, or null */
    public Embedder embedder() {
        return embedder;
    }

    /** @return the channels of the (first) network input */
    public int featureChannels() {
        return model.inputChannels();
    }

    /** @return the channels of the label */
    public int labelChannels() {
        return model.labelChannels();
    }

    @Override
    public String toString() {
        return "ColorizationData[" + source + ", " + encoding + ", " + width + "x" + height + ", fit=" + fit
                + ", batchSize=" + batchSize + ", shuffle=" + shuffle + ", seed=" + seed + ", " + augmentation + "]";
    }

    /** Builds {@link ColorizationData}. Options are checked in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private Supplier<ImageSource> source;
        private ImageSource opened;
        private ModelKind encoding = ModelKind.L_TO_AB;
        private LNormalization lNormalization = LNormalization.RAW;
        private float abScale = Lab.AB_SCALE;
        private int grayChannels = 1;
        private Encoding modelEncoding;
        private boolean grayInput;
        private int width;
        private int height;
        private Fit fit = Fit.RESIZE;
        private Augmentation augmentation = Augmentation.NONE;
        private int batchSize = 32;
        private boolean shuffle = true;
        private boolean dropLast;
        private long seed;
        private int workers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
        private int prefetch = -1;
        private Embedder embedder;

        private Builder() {
        }

        private Builder source(Supplier<ImageSource> spec) {
            this.source = spec;
            this.opened = null;
            return this;
        }

        /**
         * Pictures from CIFAR-10 or CIFAR-100 binary files (layout detected), opened in
         * {@link #build()}. Required: this or another source option (the last one given wins).
         *
         * @param files one or more files
         * @return this builder
         */
        public Builder cifar(Path... files) {
            List<Path> list = Arrays.asList(files.clone());
            return source(() -> CifarSource.open(list));
        }

        /**
         * Pictures from CIFAR binary files (see {@link #cifar(Path...)}).
         *
         * @param files one or more files
         * @return this builder
         */
        public Builder cifar(List<Path> files) {
            List<Path> list = List.copyOf(files);
            return source(() -> CifarSource.open(list));
        }

        /**
         * Pictures from the image files of a folder and its sub-folders (see {@link FolderSource}),
         * listed in {@link #build()}.
         *
         * @param root the folder
         * @return this builder
         */
        public Builder folder(Path root) {
            Objects.requireNonNull(root, "folder");
            return source(() -> FolderSource.open(root));
        }

        /**
         * Pictures held in memory (converted once, in {@link #build()}).
         *
         * @param images the pictures
         * @return this builder
         */
        public Builder images(List<? extends BufferedImage> images) {
            List<? extends BufferedImage> list = List.copyOf(images);
            return source(() -> ListSource.of(list));
        }

        /**
         * Pictures from any source, such as a part of a {@link org.colorize.data.source.Split}.
         *
         * @param source the pictures
         * @return this builder
         */
        public Builder source(ImageSource source) {
            Objects.requireNonNull(source, "source");
            this.source = () -> source;
            this.opened = source;
            return this;
        }

        /**
         * @param kind what the network takes and gives; default {@link ModelKind#L_TO_AB}
         * @return this builder
         */
        public Builder encoding(ModelKind kind) {
            this.encoding = kind;
            this.modelEncoding = null;
            return this;
        }

        /**
         * @param encoding the model encoding to produce (its kind, and for regression kinds its L
         *     normalisation and ab scale, replace the ones set before)
         * @return this builder
         */
        public Builder encoding(Encoding encoding) {
            this.modelEncoding = Objects.requireNonNull(encoding, "encoding");
            this.encoding = encoding.kind();
            if (encoding instanceof LabRegressionEncoding r) {
                this.lNormalization = r.lNormalization();
                this.abScale = r.abScale();
            } else if (encoding instanceof AbBinsEncoding bins) {
                this.lNormalization = bins.lNormalization();
            } else if (encoding instanceof GrayRgbEncoding) {
                this.grayChannels = encoding.inputChannels();
            }
            return this;
        }

        Encoding resolvedEncoding() {
            if (modelEncoding != null) {
                return modelEncoding;
            }
            return switch (encoding) {
                case GRAY_TO_RGB -> new GrayRgbEncoding(grayChannels);
                case L_TO_AB, L_EMBEDDING_TO_AB -> new LabRegressionEncoding(encoding, lNormalization, abScale);
                case L_TO_AB_BINS -> throw new IllegalArgumentException("encoding L_TO_AB_BINS needs its bins: "
                        + "encoding(AbBinsEncoding) or forModel(metadata)");
            };
        }

        /**
         * @param normalization how L is scaled for the network (as the model's metadata declares);
         *     default {@link LNormalization#RAW} (L in [0,100], the reference Lab networks); used by the
         *     Lab encodings only
         * @return this builder
         */
        public Builder lNormalization(LNormalization normalization) {
            this.lNormalization = normalization;
            return this;
        }

        /**
         * @param scale what a and b are divided by in the labels of the Lab encodings (the model
         *     metadata's {@code abScale}); default {@link Lab#AB_SCALE} (128); positive and finite
         * @return this builder
         */
        public Builder abScale(float scale) {
            this.abScale = scale;
            return this;
        }

        /**
         * Takes the encoding options from a model's metadata: encoding, L normalisation, ab scale, gray
         * input channels, and the input size when the model's working size is fixed (an adaptive one
         * leaves the size to {@link #size(int, int)}).
         *
         * @param metadata the metadata of the model to train
         * @return this builder
         */
        public Builder forModel(ModelMetadata metadata) {
            Objects.requireNonNull(metadata, "metadata");
            this.encoding = metadata.kind();
            this.modelEncoding = metadata.encoding();
            this.lNormalization = metadata.lNormalization();
            this.abScale = metadata.abScale();
            this.grayChannels = metadata.kind() == ModelKind.GRAY_TO_RGB ? metadata.inputChannels() : 1;
            WorkingSize ws = metadata.workingSize();
            if (!ws.adaptive()) {
                this.width = ws.width();
                this.height = ws.height();
            }
            return this;
        }

        /**
         * @param channels the channels of the gray input of {@link ModelKind#GRAY_TO_RGB}: 1, or 3 for
         *     the gray replicated (the dense autoencoder); default 1
         * @return this builder
         */
        public Builder grayChannels(int channels) {
            this.grayChannels = channels;
            return this;
        }

        /**
         * Features as a user's gray photo gives them: the picture's luma gray rounded to 8 bits, and for
         * Lab encodings the L of that gray (R = G = B), instead of the L of the colour picture. The
         * colorize pipeline computes its input from the image it is given, so a model that will be fed
         * gray photos sees in training what it will see in use. Labels are unchanged (the colour
         * picture's ab or RGB). Default false: the reference tutorials' encoding (the colour picture's
         * own L).
         *
         * @param gray whether features come from the 8-bit gray
         * @return this builder
         */
        public Builder grayInput(boolean gray) {
            this.grayInput = gray;
            return this;
        }

        /**
         * @param width the network's input width; required; valid range [1, 16384]
         * @param height the network's input height; required; valid range [1, 16384]
         * @return this builder
         */
        public Builder size(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        /**
         * @param fit how pictures are brought to the input size; default {@link Fit#RESIZE}
         * @return this builder
         */
        public Builder fit(Fit fit) {
            this.fit = fit;
            return this;
        }

        /**
         * @param augmentation the random transform of each picture; default {@link Augmentation#NONE}
         * @return this builder
         */
        public Builder augment(Augmentation augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /**
         * Sets the augmentation from a fresh {@link Augmentation.Builder}:
         * {@code augment(a -> a.rotation(20).zoom(0.2).horizontalFlip())}.
         *
         * @param options sets the options and returns the builder
         * @return this builder
         */
        public Builder augment(UnaryOperator<Augmentation.Builder> options) {
            this.augmentation = options.apply(Augmentation.builder()).build();
            return this;
        }

        /**
         * @param batchSize pictures per batch; default 32; valid range [1, 65536]
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param shuffle whether each epoch visits the pictures in a new order drawn from the seed
         *     and the epoch; default true
         * @return this builder
         */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * @param dropLast whether the last batch is left out when it is partial; default false
         * @return this builder
         */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /**
         * @param seed the seed of shuffling, random crops and augmentation; default 0; any value
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param workers threads preparing batches (each builds whole batches); default half the
         *     processors, at least 1 and at most 4; valid range [1, 64]
         * @return this builder
         */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /**
         * @param batches batches prepared ahead of the consumer (the bound of the queue); default
         *     {@code 2 * workers}, at least 2; valid range [1, 1024]
         * @return this builder
         */
        public Builder prefetch(int batches) {
            this.prefetch = batches;
            return this;
        }

        /**
         * @param embedder computes the second input of {@link ModelKind#L_EMBEDDING_TO_AB}; required
         *     for that encoding and refused for the others; must be safe for concurrent calls
         * @return this builder
         */
        public Builder embedder(Embedder embedder) {
            this.embedder = embedder;
            return this;
        }

        /**
         * Checks the options, then opens the source.
         *
         * @return the data
         * @throws IllegalArgumentException naming the first invalid option and its value, or a bad
         *     source file
         * @throws java.io.UncheckedIOException if the source cannot be read
         */
        public ColorizationData build() {
            if (source == null) {
                throw new IllegalArgumentException("a source is required: cifar(...), folder(...), images(...) or source(...)");
            }
            if (encoding == null) {
                throw new IllegalArgumentException("encoding must not be null");
            }
            if (lNormalization == null) {
                throw new IllegalArgumentException("lNormalization must not be null");
            }
            if (!(abScale > 0f) || Float.isInfinite(abScale)) {
                throw new IllegalArgumentException("abScale must be a positive finite number, was " + abScale);
            }
            if (width == 0 && height == 0) {
                throw new IllegalArgumentException("size(width, height) is required (the network's input size)");
            }
            if (width < 1 || height < 1 || width > 16384 || height > 16384) {
                throw new IllegalArgumentException("size must be in [1, 16384] on each side, was " + width + "x" + height);
            }
            if (grayChannels != 1 && grayChannels != 3) {
                throw new IllegalArgumentException("grayChannels must be 1 or 3, was " + grayChannels);
            }
            int stride = resolvedEncoding().outputStride();
            if (width % stride != 0 || height % stride != 0) {
                throw new IllegalArgumentException("size must be a multiple of the encoding's output stride " + stride
                        + " on each side, was " + width + "x" + height);
            }
            if (grayChannels == 3 && encoding != ModelKind.GRAY_TO_RGB) {
                throw new IllegalArgumentException("grayChannels(3) is only for GRAY_TO_RGB, encoding is " + encoding);
            }
            if (fit == null) {
                throw new IllegalArgumentException("fit must not be null");
            }
            if (augmentation == null) {
                throw new IllegalArgumentException("augment must not be null (use Augmentation.NONE)");
            }
            if (batchSize < 1 || batchSize > 65536) {
                throw new IllegalArgumentException("batchSize must be in [1, 65536], was " + batchSize);
            }
            if (workers < 1 || workers > 64) {
                throw new IllegalArgumentException("workers must be in [1, 64], was " + workers);
            }
            if (prefetch != -1 && (prefetch < 1 || prefetch > 1024)) {
                throw new IllegalArgumentException("prefetch must be in [1, 1024], was " + prefetch);
            }
            if (encoding == ModelKind.L_EMBEDDING_TO_AB) {
                if (embedder == null) {
                    throw new IllegalArgumentException("embedder is required for encoding L_EMBEDDING_TO_AB");
                }
                if (embedder.inputWidth() < 1 || embedder.inputHeight() < 1 || embedder.embeddingSize() < 1) {
                    throw new IllegalArgumentException("embedder sizes must be positive, were input "
                            + embedder.inputWidth() + "x" + embedder.inputHeight() + ", embedding " + embedder.embeddingSize());
                }
            } else if (embedder != null) {
                throw new IllegalArgumentException("embedder is only used by L_EMBEDDING_TO_AB, encoding is " + encoding);
            }
            ImageSource s = opened != null ? opened : source.get();
            if (s.size() == 0) {
                throw new IllegalArgumentException("source " + s + " has no pictures");
            }
            return new ColorizationData(this, s);
        }

        int resolvedPrefetch() {
            return prefetch == -1 ? Math.max(2, 2 * workers) : prefetch;
        }
    }
}
