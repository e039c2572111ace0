package org.colorize.core.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.colorize.core.color.Lab;
import org.colorize.core.encoding.AbBinsEncoding;
import org.colorize.core.encoding.Encoding;
import org.colorize.core.encoding.GrayRgbEncoding;
import org.colorize.core.encoding.LabRegressionEncoding;
import org.colorize.core.model.LNormalization;
import org.colorize.core.model.ModelKind;
import org.colorize.core.model.WorkingSize;

/**
 * What a model bundle says about its network: the format version, the architecture and its builder
 * parameters, the model kind, the working size, the colour normalisation, the embedder (for fusion
 * models) and the provenance (training data, seed, epochs, library, DL4J and Java versions, date).
 * Stored as the {@value ModelBundle#METADATA_ENTRY} entry of a bundle. Immutable. The provenance reads as a
 * map ({@link #provenance()}) or typed ({@link #typedProvenance()}).
 *
 * <pre>{@code
 * ModelMetadata md = ModelMetadata.builder(ModelKind.L_TO_AB, WorkingSize.adaptive(8, 512))
 *         .architecture("lab-alpha")
 *         .provenance("trainingData", "cifar-10 data_batch_1")
 *         .build();
 * Integer epochs = md.typedProvenance().epochs(); // null: not trained yet
 * }</pre>
 */
public final class ModelMetadata {

    /** The bundle format version this library writes and reads. */
    public static final int FORMAT_VERSION = 2;

    /** The oldest bundle format version this library still reads (version 1 had no encoding entry). */
    public static final int OLDEST_FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final int formatVersion;
    private final ModelKind kind;
    private final WorkingSize workingSize;
    private final String architecture;
    private final Map<String, Object> architectureParams;
    private final int inputChannels;
    private final LNormalization lNormalization;
    private final float abScale;
    private final EmbedderSpec embedder;
    private final Encoding encoding;
    private final Map<String, Object> provenance;
    /** Where the metadata was read from, for messages; not part of the JSON nor of equality. */
    private final String source;

    private ModelMetadata(Builder b) {
        this.formatVersion = b.formatVersion;
        this.kind = b.kind;
        this.workingSize = b.workingSize;
        this.architecture = b.architecture;
        this.architectureParams = Collections.unmodifiableMap(new LinkedHashMap<>(b.architectureParams));
        this.inputChannels = b.inputChannels;
        this.lNormalization = b.lNormalization;
        this.abScale = b.abScale;
        this.embedder = b.embedder;
        this.encoding = b.encoding();
        this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(b.provenance));
        this.source = b.source;
    }

    /**
     * Starts metadata for a model of the given kind and working size.
     *
     * @param kind how the pipeline feeds and reads the network
     * @param workingSize the size at which the network sees images
     * @return a builder with the defaults described on its options
     */
    public static Builder builder(ModelKind kind, WorkingSize workingSize) {
        return new Builder(kind, workingSize);
    }

    /** @return a builder holding this metadata's values, to make a variant */
    public Builder toBuilder() {
        Builder b = new Builder(kind, workingSize);
        b.formatVersion = formatVersion;
        b.architecture = architecture;
        b.architectureParams.putAll(architectureParams);
        b.inputChannels = inputChannels;
        b.lNormalization = lNormalization;
        b.abScale = abScale;
        b.embedder = embedder;
        b.bins = encoding instanceof AbBinsEncoding bins ? bins : null;
        b.provenance.putAll(provenance);
        b.source = source;
        return b;
    }

    /** @return the bundle format version */
    public int formatVersion() {
        return formatVersion;
    }

    /** @return the model kind */
    public ModelKind kind() {
        return kind;
    }

    /** @return the working size policy */
    public WorkingSize workingSize() {
        return workingSize;
    }

    /** @return the architecture id, e.g. {@code lab-beta}; {@code custom} when not given */
    public String architecture() {
        return architecture;
    }

    /** @return the builder parameters of the architecture (JSON values) */
    public Map<String, Object> architectureParams() {
        return architectureParams;
    }

    /** @return channels of the network's image input: 1, or 3 for gray replicated to RGB */
    public int inputChannels() {
        return inputChannels;
    }

    /** @return how L is scaled for the network's input (L-input kinds) */
    public LNormalization lNormalization() {
        return lNormalization;
    }

    /** @return the factor the network's ab output is multiplied by to give a and b (128) */
    public float abScale() {
        return abScale;
    }

    /** @return the embedder of a {@link ModelKind#L_EMBEDDING_TO_AB} model */
    public Optional<EmbedderSpec> embedder() {
        return Optional.ofNullable(embedder);
    }

    /**
     * @return the encoding: how images become this network's input and its output becomes colour
     */
    public Encoding encoding() {
        return encoding;
    }

    /** @return the provenance entries (JSON values) */
    public Map<String, Object> provenance() {
        return provenance;
    }

    /**
     * The provenance, typed: library, DL4J and Java versions, creation time, training and validation
     * data, epochs, batch size and seed, with every other entry in {@link Provenance#other()}. Read
     * leniently: a key the bundle does not have (older bundles, format version 1 included) is null.
     *
     * <pre>{@code
     * Provenance p = bundle.metadata().typedProvenance();
     * String trainedOn = p.trainingData(); // null when the bundle does not say
     * }</pre>
     *
     * @return the typed view of {@link #provenance()}
     * @throws IllegalArgumentException if a typed key holds a value of another type (text for
     *     {@code epochs}, a {@code created} that is not an ISO-8601 instant, ...); the message names the
     *     bundle (the source it was read from) and the key
     */
    public Provenance typedProvenance() {
        return Provenance.of(provenance, source);
    }

    /** @return this metadata as a JSON document */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("formatVersion", formatVersion);
        root.put("kind", kind.name());
        root.put("architecture", architecture);
        root.set("architectureParams", JSON.valueToTree(architectureParams));
        ObjectNode ws = root.putObject("workingSize");
        if (workingSize.adaptive()) {
            ws.put("policy", "adaptive");
            ws.put("multiple", workingSize.multiple());
            ws.put("maxSide", workingSize.maxSide());
            if (workingSize.minSide() > 0) {
                ws.put("minSide", workingSize.minSide());
            }
        } else {
            ws.put("policy", "fixed");
            ws.put("width", workingSize.width());
            ws.put("height", workingSize.height());
        }
        root.put("inputChannels", inputChannels);
        ObjectNode ln = root.putObject("lNormalization");
        ln.put("offset", lNormalization.offset());
        ln.put("scale", lNormalization.scale());
        root.put("abScale", abScale);
        if (embedder != null) {
            ObjectNode e = root.putObject("embedder");
            e.put("architecture", embedder.architecture());
            e.put("inputWidth", embedder.inputWidth());
            e.put("inputHeight", embedder.inputHeight());
            e.put("embeddingSize", embedder.embeddingSize());
            e.put("inputScale", embedder.inputScale());
            e.put("inputOffset", embedder.inputOffset());
        }
        ObjectNode enc = root.putObject("encoding");
        enc.put("id", encoding.id());
        enc.set("parameters", JSON.valueToTree(encoding.parameters()));
        root.set("provenance", JSON.valueToTree(provenance));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metadata is not representable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads metadata from JSON, checking the format version and the type and range of every field: a
     * working size within {@link WorkingSize#MAX_SIDE} per side and {@link WorkingSize#MAX_PIXELS}
     * pixels, {@code inputChannels} 1 or 3, scaling values finite and at most {@value #MAX_SCALE} in
     * magnitude (scales positive), embedder sides at most {@value #MAX_EMBEDDER_SIDE} and embedding
     * size at most {@value #MAX_EMBEDDING_SIZE}, ids at most {@value #MAX_NAME_LENGTH} characters.
     *
     * @param json the document
     * @param source names where it came from, for error messages
     * @return the metadata
     * @throws BundleFormatException if the document is not valid metadata or of another format version;
     *     the message names the source, the field and its value
     */
    public static ModelMetadata fromJson(String json, String source) throws BundleFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BundleFormatException(source + ": metadata.json is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BundleFormatException(source + ": metadata.json is not a JSON object");
        }
        JsonNode fv = root.get("formatVersion");
        if (fv == null || !fv.canConvertToInt()) {
            throw new BundleFormatException(source + ": metadata.json has no integer formatVersion (expected "
                    + FORMAT_VERSION + ")");
        }
        if (fv.asInt() < OLDEST_FORMAT_VERSION || fv.asInt() > FORMAT_VERSION) {
            throw new BundleFormatException(source + ": bundle format version " + fv.asInt()
                    + " is not supported: this library reads format versions " + OLDEST_FORMAT_VERSION + " to " + FORMAT_VERSION
                    + (fv.asInt() > FORMAT_VERSION ? " (the bundle was written by a newer colorize; upgrade the library)" : ""));
        }
        try {
            String kindName = text(root, "kind", source);
            ModelKind kind;
            try {
                kind = ModelKind.valueOf(kindName);
            } catch (IllegalArgumentException e) {
                throw invalid(source, "kind", "must be one of " + java.util.Arrays.toString(ModelKind.values()), quote(kindName));
            }
            JsonNode ws = required(root, "workingSize", source);
            WorkingSize workingSize = switch (text(ws, "policy", source)) {
                case "adaptive" -> {
                    int multiple = intField(ws, "workingSize.multiple", 1, WorkingSize.MAX_SIDE, null, source);
                    int maxSide = intField(ws, "workingSize.maxSide", multiple, WorkingSize.MAX_SIDE, null, source);
                    yield WorkingSize.adaptive(multiple, maxSide)
                            .withMinSide(intField(ws, "workingSize.minSide", 0, maxSide, 0, source));
                }
                case "fixed" -> {
                    int w = intField(ws, "workingSize.width", 1, WorkingSize.MAX_SIDE, null, source);
                    int h = intField(ws, "workingSize.height", 1, WorkingSize.MAX_SIDE, null, source);
                    if ((long) w * h > WorkingSize.MAX_PIXELS) {
                        throw invalid(source, "workingSize", "must have at most " + WorkingSize.MAX_PIXELS + " pixels",
                                w + "x" + h + " (" + (long) w * h + " pixels)");
                    }
                    yield WorkingSize.fixed(w, h);
                }
                default -> throw new BundleFormatException(source + ": metadata.json workingSize.policy must be "
                        + "'fixed' or 'adaptive', was '" + ws.path("policy").asText() + "'");
            };
            Builder b = builder(kind, workingSize);
            b.source = source;
            String architecture = text(root, "architecture", source);
            if (architecture.isBlank() || architecture.length() > MAX_NAME_LENGTH) {
                throw invalid(source, "architecture", "must be a non-blank string of at most " + MAX_NAME_LENGTH
                        + " characters", quote(architecture));
            }
            b.architecture(architecture);
            if (root.hasNonNull("architectureParams")) {
                b.architectureParams(JSON.convertValue(object(root, "architectureParams", source), Map.class));
            }
            int channels = intField(root, "inputChannels", 1, 3, 1, source);
            if (channels != 1 && channels != 3) {
                throw invalid(source, "inputChannels", "must be 1 or 3", String.valueOf(channels));
            }
            b.inputChannels(channels);
            JsonNode ln = root.get("lNormalization");
            if (ln != null && !ln.isNull()) {
                object(root, "lNormalization", source);
                b.lNormalization(new LNormalization(
                        floatField(ln, "lNormalization.offset", -MAX_SCALE, MAX_SCALE, false, null, source),
                        floatField(ln, "lNormalization.scale", 0, MAX_SCALE, true, null, source)));
            }
            b.abScale(floatField(root, "abScale", 0, MAX_SCALE, true, Lab.AB_SCALE, source));
            JsonNode e = root.get("embedder");
            if (e != null && !e.isNull()) {
                object(root, "embedder", source);
                String embArch = text(e, "architecture", source);
                if (embArch.isBlank() || embArch.length() > MAX_NAME_LENGTH) {
                    throw invalid(source, "embedder.architecture", "must be a non-blank string of at most "
                            + MAX_NAME_LENGTH + " characters", quote(embArch));
                }
                int ew = intField(e, "embedder.inputWidth", 1, MAX_EMBEDDER_SIDE, null, source);
                int eh = intField(e, "embedder.inputHeight", 1, MAX_EMBEDDER_SIDE, null, source);
                b.embedder(new EmbedderSpec(embArch, ew, eh,
                        intField(e, "embedder.embeddingSize", 1, MAX_EMBEDDING_SIZE, null, source),
                        floatField(e, "embedder.inputScale", -MAX_SCALE, MAX_SCALE, false, 1f, source),
                        floatField(e, "embedder.inputOffset", -MAX_SCALE, MAX_SCALE, false, 0f, source)));
            }
            if (kind == ModelKind.L_TO_AB_BINS) {
                JsonNode enc = required(root, "encoding", source);
                if (!AbBinsEncoding.ID.equals(enc.path("id").asText())) {
                    throw new BundleFormatException(source + ": metadata.json encoding.id must be '" + AbBinsEncoding.ID
                            + "' for a " + kind + " model, was '" + enc.path("id").asText() + "'");
                }
                try {
                    b.bins(AbBinsEncoding.fromParameters(JSON.convertValue(object(enc, "encoding.parameters", "parameters", source), Map.class)));
                } catch (ClassCastException | IndexOutOfBoundsException x) {
                    throw invalid(source, "encoding.parameters", "must hold the lab-bins parameters with their JSON types",
                            x.getClass().getSimpleName() + ": " + x.getMessage());
                }
            }
            if (root.hasNonNull("provenance")) {
                b.provenance.clear();
                b.provenance(JSON.convertValue(object(root, "provenance", source), Map.class));
            }
            return b.build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BundleFormatException(source + ": metadata.json is invalid: " + e.getMessage());
        }
    }

    /** The longest architecture id accepted in metadata. */
    static final int MAX_NAME_LENGTH = 200;
    /** The largest embedder input side accepted in metadata. */
    static final int MAX_EMBEDDER_SIDE = 4096;
    /** The longest embedding vector accepted in metadata. */
    static final int MAX_EMBEDDING_SIZE = 1 << 20;
    /** The largest magnitude of a scaling value (L normalisation, abScale, embedder scaling) accepted in metadata. */
    static final float MAX_SCALE = 10_000f;

    private static BundleFormatException invalid(String source, String field, String rule, String was) {
        return new BundleFormatException(source + ": metadata.json " + field + " " + rule + ", was " + was);
    }

    private static String quote(String s) {
        return "'" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "'";
    }

    private static String shown(JsonNode v) {
        String t = v.toString();
        return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }

    /** An integer field in [min, max]; {@code dflt} when absent (required when {@code dflt} is null). */
    private static int intField(JsonNode node, String path, int min, int max, Integer dflt, String source)
            throws BundleFormatException {
        String field = path.substring(path.lastIndexOf('.') + 1);
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (dflt != null) {
                return dflt;
            }
            throw new BundleFormatException(source + ": metadata.json has no '" + path + "' field");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw invalid(source, path, "must be an integer from " + min + " to " + max, shown(v));
        }
        return (int) v.asLong();
    }

    /** A finite number field in [min, max] (or (min, max] when {@code minExclusive}); {@code dflt} when absent. */
    private static float floatField(JsonNode node, String path, float min, float max, boolean minExclusive, Float dflt,
            String source) throws BundleFormatException {
        String field = path.substring(path.lastIndexOf('.') + 1);
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (dflt != null) {
                return dflt;
            }
            throw new BundleFormatException(source + ": metadata.json has no '" + path + "' field");
        }
        double d = v.isNumber() ? v.asDouble() : Double.NaN;
        if (!Double.isFinite(d) || d > max || (minExclusive ? d <= min : d < min)) {
            throw invalid(source, path, "must be a number in " + (minExclusive ? "(" : "[") + min + ", " + max + "]", shown(v));
        }
        return (float) d;
    }

    private static JsonNode object(JsonNode node, String field, String source) throws BundleFormatException {
        return object(node, field, field, source);
    }

    private static JsonNode object(JsonNode node, String path, String field, String source) throws BundleFormatException {
        JsonNode v = required(node, field, source);
        if (!v.isObject()) {
            throw invalid(source, path, "must be a JSON object", shown(v));
        }
        return v;
    }

    private static JsonNode required(JsonNode node, String field, String source) throws BundleFormatException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new BundleFormatException(source + ": metadata.json has no '" + field + "' field");
        }
        return v;
    }

    private static String text(JsonNode node, String field, String source) throws BundleFormatException {
        JsonNode v = required(node, field, source);
        if (!v.isTextual()) {
            throw invalid(source, field, "must be a string", shown(v));
        }
        return v.asText();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelMetadata m && toJson().equals(m.toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return "ModelMetadata{" + architecture + ", " + kind + ", " + workingSize + "}";
    }

    /** Reads a version string from a jar's Maven metadata on the classpath, or "unknown". */
    static String mavenVersion(String groupId, String artifactId) {
        String res = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (var in = ModelMetadata.class.getResourceAsStream(res)) {
            if (in != null) {
                var p = new java.util.Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (java.io.IOException ignored) {
            // fall through
        }
        return "unknown";
    }

    /** The version of this library, from its jar manifest or Maven metadata. */
    public static String libraryVersion() {
        String v = ModelMetadata.class.getPackage().getImplementationVersion();
        if (v == null) {
            v = mavenVersion("org.colorize", "colorize-core");
        }
        return v;
    }

    /**
     * Builder of {@link ModelMetadata}. Defaults: architecture {@code custom}, no parameters,
     * {@code inputChannels = 1}, {@link LNormalization#RAW}, {@code abScale = 128}, no embedder, and
     * provenance with the library, DL4J and Java versions and the creation time filled in.
     */
    public static final class Builder {
        private int formatVersion = FORMAT_VERSION;
        private final ModelKind kind;
        private WorkingSize workingSize;
        private String architecture = "custom";
        private final Map<String, Object> architectureParams = new LinkedHashMap<>();
        private int inputChannels = 1;
        private LNormalization lNormalization = LNormalization.RAW;
        private float abScale = Lab.AB_SCALE;
        private EmbedderSpec embedder;
        private AbBinsEncoding bins;
        private final Map<String, Object> provenance = new LinkedHashMap<>();
        private String source;

        private Builder(ModelKind kind, WorkingSize workingSize) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.workingSize = Objects.requireNonNull(workingSize, "workingSize");
            this.source = "metadata of a " + kind + " model";
            provenance.put("library", "colorize " + libraryVersion());
            provenance.put("dl4j", mavenVersion("org.deeplearning4j", "deeplearning4j-nn"));
            provenance.put("java", System.getProperty("java.version"));
            provenance.put("created", Instant.now().toString());
        }

        /**
         * @param size the working size (replacing the one the builder was made with), e.g. a trained model's
         *     with a {@link WorkingSize#withMinSide minSide} chosen on validation images
         * @return this builder
         */
        public Builder workingSize(WorkingSize size) {
            this.workingSize = Objects.requireNonNull(size, "workingSize");
            return this;
        }

        /** @param id the architecture id (default {@code custom}); not blank */
        public Builder architecture(String id) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("architecture must not be blank");
            }
            this.architecture = id;
            return this;
        }

        /** @param params the architecture's builder parameters, JSON-representable values (added) */
        public Builder architectureParams(Map<String, ?> params) {
            this.architectureParams.putAll(params);
            return this;
        }

        /** @param channels channels of the network's image input, 1 (default) or 3 (gray replicated to RGB) */
        public Builder inputChannels(int channels) {
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("inputChannels must be 1 or 3, was " + channels);
            }
            this.inputChannels = channels;
            return this;
        }

        /** @param normalization how L is scaled for the network (default {@link LNormalization#RAW}) */
        public Builder lNormalization(LNormalization normalization) {
            this.lNormalization = Objects.requireNonNull(normalization, "lNormalization");
            return this;
        }

        /** @param scale the factor from the network's ab output to a and b (default 128); positive */
        public Builder abScale(float scale) {
            if (!(scale > 0f) || Float.isInfinite(scale)) {
                throw new IllegalArgumentException("abScale must be a positive finite number, was " + scale);
            }
            this.abScale = scale;
            return this;
        }

        /** @param spec the embedder of a fusion model (default none) */
        public Builder embedder(EmbedderSpec spec) {
            this.embedder = spec;
            return this;
        }

        /**
         * @param encoding the bins of a {@link ModelKind#L_TO_AB_BINS} model (required for that kind, and
         *     only for it); its L normalisation replaces this builder's
         */
        public Builder bins(AbBinsEncoding encoding) {
            this.bins = Objects.requireNonNull(encoding, "bins");
            this.lNormalization = encoding.lNormalization();
            return this;
        }

        Encoding encoding() {
            return switch (kind) {
                case GRAY_TO_RGB -> new GrayRgbEncoding(inputChannels);
                case L_TO_AB, L_EMBEDDING_TO_AB -> new LabRegressionEncoding(kind, lNormalization, abScale);
                case L_TO_AB_BINS -> bins;
            };
        }

        /** Adds or replaces one provenance entry (a JSON-representable value). */
        public Builder provenance(String key, Object value) {
            this.provenance.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        /** Adds or replaces provenance entries. */
        public Builder provenance(Map<String, ?> entries) {
            this.provenance.putAll(entries);
            return this;
        }

        /**
         * Replaces the whole provenance with a typed one: afterwards the provenance holds exactly
         * {@link Provenance#toMap()}, the same keys as the map methods write, so readers of the map see
         * no difference. Entries that were already there keep their place, new ones follow.
         *
         * <pre>{@code
         * ModelMetadata tagged = md.toBuilder()
         *         .provenance(md.typedProvenance().withTrainingData("my photos").withBatch(16))
         *         .build();
         * }</pre>
         *
         * @param typed the provenance
         * @return this builder
         */
        public Builder provenance(Provenance typed) {
            Map<String, Object> entries = Objects.requireNonNull(typed, "provenance").toMap();
            Map<String, Object> merged = new LinkedHashMap<>();
            for (String k : provenance.keySet()) {
                if (entries.containsKey(k)) {
                    merged.put(k, entries.get(k));
                }
            }
            merged.putAll(entries);
            provenance.clear();
            provenance.putAll(merged);
            return this;
        }

        /**
         * Removes one provenance entry.
         *
         * @param key the entry
         * @return this builder
         */
        public Builder removeProvenance(String key) {
            this.provenance.remove(key);
            return this;
        }

        /**
         * @return the metadata
         * @throws IllegalArgumentException if a fusion model has no embedder, or another kind has one
         */
        public ModelMetadata build() {
            if (kind == ModelKind.L_EMBEDDING_TO_AB && embedder == null) {
                throw new IllegalArgumentException("embedder must be set for a " + kind + " model");
            }
            if (kind != ModelKind.L_EMBEDDING_TO_AB && embedder != null) {
                throw new IllegalArgumentException("embedder is only for " + ModelKind.L_EMBEDDING_TO_AB
                        + " models, this one is " + kind);
            }
            if (kind == ModelKind.L_TO_AB_BINS && bins == null) {
                throw new IllegalArgumentException("bins must be set for a " + kind + " model");
            }
            if (kind != ModelKind.L_TO_AB_BINS && bins != null) {
                throw new IllegalArgumentException("bins are only for " + ModelKind.L_TO_AB_BINS + " models, this one is " + kind);
            }
            if (kind != ModelKind.GRAY_TO_RGB && inputChannels != 1) {
                throw new IllegalArgumentException("inputChannels must be 1 for a " + kind + " model, was " + inputChannels);
            }
            return new ModelMetadata(this);
        }
    }
}
