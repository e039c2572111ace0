package org.colorize.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.bundle.NetworkEmbedder;
import org.colorize.core.model.ModelKind;
import org.colorize.core.model.WorkingSize;
import org.colorize.data.ColorizationData;
import org.colorize.data.ColorizationIterator;
import org.colorize.data.ColorizationMultiIterator;
import org.colorize.data.augment.Augmentation;
import org.colorize.data.source.ImageSource;
import org.colorize.data.source.Split;
import org.colorize.models.ColorizationArchitecture;
import org.colorize.models.InceptionResNetV2;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A whole training run from a network and a picture source: the architecture's
 * {@link TrainingRecipe} (schedule and Keras-style augmentation), the validation split, the data
 * iterators for the network's kind and encoding, and the {@link Trainer} with its checkpoints, wired
 * once here so that applications and the command-line tool do not wire models and data by hand.
 *
 * <pre>{@code
 * ModelBundle model = TrainingSetup.builder(LabUNet.builder().build())
 *         .data(FolderSource.open(Path.of("photos")))
 *         .checkpointDir(Path.of("run"))                 // resumable: run it again to continue
 *         .build().fit();
 * model.save(Path.of("my-model.zip"), false);
 * }</pre>
 */
public final class TrainingSetup {

    private final Builder b;

    private TrainingSetup(Builder b) {
        this.b = b;
    }

    /**
     * @param network the network to train (its recipe is {@link TrainingRecipe#forArchitecture})
     * @return a builder
     */
    public static Builder builder(ColorizationArchitecture<?> network) {
        return new Builder(network);
    }

    /** @return the recipe in use */
    public TrainingRecipe recipe() {
        return b.recipe;
    }

    /** @return the training/validation split of the data */
    public Split split() {
        return Split.last(b.source, heldOut());
    }

    /** @return the number of pictures held out for validation */
    public int heldOut() {
        return b.validation >= 0 ? Math.min(b.validation, b.source.size() - 1) : Math.min(1000, b.source.size() / 10);
    }

    /** @return the side of the training pictures */
    public int[] trainingSize() {
        WorkingSize ws = b.network.workingSize();
        if (!ws.adaptive()) {
            return new int[] {ws.width(), ws.height()};
        }
        int side = b.size != null ? b.size
                : b.network.metadata().architectureParams().get("trainingSize") instanceof Number n ? n.intValue() : ws.maxSide();
        return new int[] {side, side};
    }

    /**
     * @return the training data (the training part of the split, the recipe's augmentation unless turned
     *     off, shuffled)
     */
    public ColorizationData trainingData() {
        int[] size = trainingSize();
        TrainingRecipe r = b.recipe;
        ColorizationData.Builder db = ColorizationData.builder().source(split().train()).forModel(b.network.metadata())
                .size(size[0], size[1]).grayInput(b.grayInput).batchSize(b.batchSize != null ? b.batchSize : r.batchSize())
                .seed(b.seed);
        if (b.augment) {
            db.augment(a -> {
                if (r.rotationDegrees() > 0) {
                    a.rotation(r.rotationDegrees());
                }
                if (r.shearDegrees() > 0) {
                    a.shear(r.shearDegrees());
                }
                if (r.zoom() > 0) {
                    a.zoom(r.zoom());
                }
                if (r.horizontalFlip()) {
                    a.horizontalFlip();
                }
                return a;
            });
        }
        if (b.network.kind() == ModelKind.L_EMBEDDING_TO_AB) {
            db.embedder(new NetworkEmbedder(embedder(), b.network.embedderSpec().orElseThrow()));
        }
        return db.build();
    }

    /** @return the validation data: the held-out pictures, not augmented, in order */
    public ColorizationData validationData() {
        return trainingData().toBuilder().source(split().validation()).augment(Augmentation.NONE).shuffle(false).build();
    }

    private ComputationGraph embedder() {
        return b.embedderNetwork;
    }

    /**
     * Trains (or resumes from the checkpoint folder) and returns the best model.
     *
     * @return the best model by validation loss (the last one without validation pictures)
     * @throws IOException if data or checkpoints cannot be read or written
     */
    public ModelBundle fit() throws IOException {
        ColorizationData train = trainingData();
        int held = heldOut();
        Trainer.Builder tb = Trainer.builder(b.network).recipe(b.recipe).seed(b.seed).checkpointDir(b.checkpointDir)
                .progress(b.progress).batchesPerEpoch(train.batchesPerEpoch())
                .provenance("validationData", held + " held-out pictures (the last of the data)");
        b.provenance.forEach(tb::provenance);
        if (b.epochs != null) {
            tb.epochs(b.epochs);
        }
        if (b.network.kind() == ModelKind.L_EMBEDDING_TO_AB) {
            tb.embedderNetwork(embedder());
            try (ColorizationMultiIterator it = train.multiIterator();
                    ColorizationMultiIterator val = held > 0 ? validationData().multiIterator() : null) {
                tb.train(it);
                if (val != null) {
                    tb.validation(val);
                }
                return tb.build().fit();
            }
        }
        try (ColorizationIterator it = train.iterator();
                ColorizationIterator val = held > 0 ? validationData().iterator() : null) {
            tb.train(it);
            if (val != null) {
                tb.validation(val);
            }
            return tb.build().fit();
        }
    }

    /** Builder of {@link TrainingSetup}. */
    public static final class Builder {
        private final ColorizationArchitecture<?> network;
        private TrainingRecipe recipe;
        private ImageSource source;
        private int validation = -1;
        private Integer epochs;
        private Integer batchSize;
        private Integer size;
        private boolean augment = true;
        private boolean grayInput;
        private long seed = 7;
        private Path checkpointDir;
        private boolean progress = true;
        private ComputationGraph embedderNetwork;
        private final Map<String, Object> provenance = new LinkedHashMap<>();

        private Builder(ColorizationArchitecture<?> network) {
            this.network = Objects.requireNonNull(network, "network");
            this.recipe = TrainingRecipe.forArchitecture(network.id());
        }

        /** @param source the pictures (required); the last ones are held out for validation */
        public Builder data(ImageSource source) {
            this.source = Objects.requireNonNull(source, "source");
            provenance.putIfAbsent("trainingData", source.toString());
            return this;
        }

        /** @param recipe another recipe than the architecture's */
        public Builder recipe(TrainingRecipe recipe) {
            this.recipe = Objects.requireNonNull(recipe, "recipe");
            return this;
        }

        /** @param count pictures held out for validation, the last of the data (default 10%, at most 1000) */
        public Builder validation(int count) {
            this.validation = OptionChecks.atLeast("validation", count, 0);
            return this;
        }

        /** @param n epochs (default: the recipe's) */
        public Builder epochs(int n) {
            this.epochs = OptionChecks.epochs(n);
            return this;
        }

        /** @param n pictures per batch (default: the recipe's) */
        public Builder batchSize(int n) {
            this.batchSize = OptionChecks.batchSize(n);
            return this;
        }

        /** @param side training picture side for size-adaptive networks (default: the network's training size) */
        public Builder size(int side) {
            this.size = OptionChecks.atLeast("size", side, 8);
            return this;
        }

        /** @param on whether to apply the recipe's augmentation (default true) */
        public Builder augment(boolean on) {
            this.augment = on;
            return this;
        }

        /** @param on whether inputs come from 8-bit gray, as users' gray photos give them (default false) */
        public Builder grayInput(boolean on) {
            this.grayInput = on;
            return this;
        }

        /** @param seed weights are the network's; this seeds data order, augmentation and ND4J (default 7) */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @param dir checkpoints, metrics and loss plot; running again resumes (default none) */
        public Builder checkpointDir(Path dir) {
            this.checkpointDir = dir;
            return this;
        }

        /** @param show progress within an epoch (default true) */
        public Builder progress(boolean show) {
            this.progress = show;
            return this;
        }

        /** @param embedder fusion networks: trained Inception-ResNet-v2 weights (default random weights) */
        public Builder embedderNetwork(ComputationGraph embedder) {
            this.embedderNetwork = embedder;
            return this;
        }

        /**
         * @param key a provenance entry recorded in the trained model
         * @param value its value (JSON-serialisable)
         */
        public Builder provenance(String key, Object value) {
            provenance.put(key, value);
            return this;
        }

        /**
         * @return the setup
         * @throws IllegalStateException if no data was given or it has fewer than 2 pictures
         */
        public TrainingSetup build() {
            if (source == null) {
                throw new IllegalStateException("data(...) is required: the pictures to train on");
            }
            if (source.size() < 2) {
                throw new IllegalStateException("the data has " + source.size() + " pictures; at least 2 are needed");
            }
            if (network.kind() == ModelKind.L_EMBEDDING_TO_AB && embedderNetwork == null) {
                embedderNetwork = InceptionResNetV2.builder().seed(seed).build().newNetwork();
            }
            return new TrainingSetup(this);
        }
    }
}
