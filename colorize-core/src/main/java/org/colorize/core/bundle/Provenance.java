package org.colorize.core.bundle;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A typed view of a bundle's provenance (the {@code provenance} object of {@code metadata.json}): where
 * a model comes from, in the manner of Tribuo's provenance. The well-known keys have typed components;
 * every other key (for example {@code training}, {@code calibration}, {@code run}) is kept, with its
 * JSON value, in {@link #other()}. A component is {@code null} when its key is absent, so that bundles
 * written before a key existed read as they are. Immutable.
 *
 * <p>The JSON keys are the component names ({@value #LIBRARY}, {@value #DL4J}, {@value #JAVA},
 * {@value #CREATED}, {@value #TRAINING_DATA}, {@value #VALIDATION_DATA}, {@value #EPOCHS},
 * {@value #BATCH}, {@value #SEED}); {@link #toMap()} writes the same keys, so readers that use
 * {@link ModelMetadata#provenance()} as a map see no difference.
 *
 * <pre>{@code
 * Provenance p = ModelMetadata.fromJson(json, "model.zip").typedProvenance();
 * Optional<Instant> created = p.createdOptional();
 * Integer epochs = p.epochs();              // null when the bundle does not say
 * Object calibration = p.other().get("calibration");
 * }</pre>
 *
 * @param library the library that wrote the bundle, e.g. {@code colorize 0.1.0}; null when absent
 * @param dl4j the Deeplearning4j version, e.g. {@code 1.0.0-M2.1}; null when absent
 * @param java the Java version of the machine that wrote the bundle; null when absent
 * @param created when the bundle was written; null when absent
 * @param trainingData a description of the training data; null when absent
 * @param validationData a description of the validation data; null when absent
 * @param epochs the epochs trained; null when absent
 * @param batch the mini-batch size of training; null when absent
 * @param seed the random seed of training; null when absent
 * @param other every other entry, by key, with its JSON value (strings, numbers, booleans, lists, maps);
 *     unmodifiable, in the order given, never containing one of the typed keys
 */
public record Provenance(String library, String dl4j, String java, Instant created, String trainingData,
        String validationData, Integer epochs, Integer batch, Long seed, Map<String, Object> other) {

    /** The key of {@link #library()}. */
    public static final String LIBRARY = "library";
    /** The key of {@link #dl4j()}. */
    public static final String DL4J = "dl4j";
    /** The key of {@link #java()}. */
    public static final String JAVA = "java";
    /** The key of {@link #created()}, an ISO-8601 instant such as {@code 2026-12-03T11:23:44Z}. */
    public static final String CREATED = "created";
    /** The key of {@link #trainingData()}. */
    public static final String TRAINING_DATA = "trainingData";
    /** The key of {@link #validationData()}. */
    public static final String VALIDATION_DATA = "validationData";
    /** The key of {@link #epochs()}. */
    public static final String EPOCHS = "epochs";
    /** The key of {@link #batch()}. */
    public static final String BATCH = "batch";
    /** The key of {@link #seed()}. */
    public static final String SEED = "seed";

    /** The typed keys, in the order {@link #toMap()} writes them. */
    public static final List<String> TYPED_KEYS =
            List.of(LIBRARY, DL4J, JAVA, CREATED, TRAINING_DATA, VALIDATION_DATA, EPOCHS, BATCH, SEED);

    /** A provenance with no entries. */
    public static final Provenance EMPTY = new Provenance(null, null, null, null, null, null, null, null, null, Map.of());

    /**
     * @throws IllegalArgumentException if {@code epochs} or {@code batch} is negative, or {@link #other()}
     *     holds one of the {@linkplain #TYPED_KEYS typed keys} (set it through its component instead)
     */
    public Provenance {
        if (epochs != null && epochs < 0) {
            throw new IllegalArgumentException("provenance " + EPOCHS + " must be at least 0, was " + epochs);
        }
        if (batch != null && batch < 0) {
            throw new IllegalArgumentException("provenance " + BATCH + " must be at least 0, was " + batch);
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        (other == null ? Map.<String, Object>of() : other).forEach((k, v) -> {
            Objects.requireNonNull(k, "provenance key");
            if (TYPED_KEYS.contains(k)) {
                throw new IllegalArgumentException("provenance key '" + k + "' is typed: give it as the record's "
                        + k + " component, not in other");
            }
            copy.put(k, v);
        });
        other = Collections.unmodifiableMap(copy);
    }

    /**
     * Reads a provenance map leniently: an absent (or JSON {@code null}) key gives a {@code null}
     * component; every key that is not typed goes to {@link #other()}, whatever its value.
     *
     * @param map the provenance entries, as {@link ModelMetadata#provenance()} gives them
     * @param source names where the map came from (a bundle, a file), for error messages
     * @return the typed view
     * @throws IllegalArgumentException if a typed key holds a value of the wrong type (a number for
     *     {@code trainingData}, text for {@code epochs}, a {@code created} that is not an ISO-8601
     *     instant, ...); the message names the source, the key and the value
     */
    public static Provenance of(Map<String, ?> map, String source) {
        Objects.requireNonNull(map, "map");
        Map<String, Object> other = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (!TYPED_KEYS.contains(k)) {
                other.put(k, v);
            }
        });
        return new Provenance(text(map, LIBRARY, source), text(map, DL4J, source), text(map, JAVA, source),
                instant(map, CREATED, source), text(map, TRAINING_DATA, source), text(map, VALIDATION_DATA, source),
                nonNegativeInt(map, EPOCHS, source), nonNegativeInt(map, BATCH, source), integral(map, SEED, source),
                other);
    }

    /**
     * The entries as {@code metadata.json} stores them: the typed keys that are not null (in
     * {@link #TYPED_KEYS} order, {@code created} as ISO-8601 text, {@code seed} an {@code Integer} when it
     * fits as JSON readers give it back), then {@link #other()}.
     *
     * @return a new modifiable map
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        putIfNotNull(m, LIBRARY, library);
        putIfNotNull(m, DL4J, dl4j);
        putIfNotNull(m, JAVA, java);
        putIfNotNull(m, CREATED, created == null ? null : created.toString());
        putIfNotNull(m, TRAINING_DATA, trainingData);
        putIfNotNull(m, VALIDATION_DATA, validationData);
        putIfNotNull(m, EPOCHS, epochs);
        putIfNotNull(m, BATCH, batch);
        // As a JSON reader gives it back: an Integer when it fits, so maps compare equal after a round trip.
        putIfNotNull(m, SEED, seed == null ? null : seed == seed.intValue() ? (Object) seed.intValue() : seed);
        m.putAll(other);
        return m;
    }

    /** @return {@link #created()}, empty when the bundle does not say */
    public Optional<Instant> createdOptional() {
        return Optional.ofNullable(created);
    }

    /** @return {@link #epochs()}, empty when the bundle does not say */
    public Optional<Integer> epochsOptional() {
        return Optional.ofNullable(epochs);
    }

    /** @return {@link #batch()}, empty when the bundle does not say */
    public Optional<Integer> batchOptional() {
        return Optional.ofNullable(batch);
    }

    /** @return {@link #seed()}, empty when the bundle does not say */
    public Optional<Long> seedOptional() {
        return Optional.ofNullable(seed);
    }

    /**
     * @param value the library, e.g. {@code colorize 0.1.0}, or null to drop it
     * @return a copy with that library
     */
    public Provenance withLibrary(String value) {
        return new Provenance(value, dl4j, java, created, trainingData, validationData, epochs, batch, seed, other);
    }

    /**
     * @param value the Deeplearning4j version, or null to drop it
     * @return a copy with that DL4J version
     */
    public Provenance withDl4j(String value) {
        return new Provenance(library, value, java, created, trainingData, validationData, epochs, batch, seed, other);
    }

    /**
     * @param value the Java version, or null to drop it
     * @return a copy with that Java version
     */
    public Provenance withJava(String value) {
        return new Provenance(library, dl4j, value, created, trainingData, validationData, epochs, batch, seed, other);
    }

    /**
     * @param value when the bundle was written, or null to drop it
     * @return a copy with that creation time
     */
    public Provenance withCreated(Instant value) {
        return new Provenance(library, dl4j, java, value, trainingData, validationData, epochs, batch, seed, other);
    }

    /**
     * @param value a description of the training data, or null to drop it
     * @return a copy with that training data
     */
    public Provenance withTrainingData(String value) {
        return new Provenance(library, dl4j, java, created, value, validationData, epochs, batch, seed, other);
    }

    /**
     * @param value a description of the validation data, or null to drop it
     * @return a copy with that validation data
     */
    public Provenance withValidationData(String value) {
        return new Provenance(library, dl4j, java, created, trainingData, value, epochs, batch, seed, other);
    }

    /**
     * @param value the epochs trained (at least 0), or null to drop them
     * @return a copy with those epochs
     */
    public Provenance withEpochs(Integer value) {
        return new Provenance(library, dl4j, java, created, trainingData, validationData, value, batch, seed, other);
    }

    /**
     * @param value the mini-batch size (at least 0), or null to drop it
     * @return a copy with that batch size
     */
    public Provenance withBatch(Integer value) {
        return new Provenance(library, dl4j, java, created, trainingData, validationData, epochs, value, seed, other);
    }

    /**
     * @param value the random seed, or null to drop it
     * @return a copy with that seed
     */
    public Provenance withSeed(Long value) {
        return new Provenance(library, dl4j, java, created, trainingData, validationData, epochs, batch, value, other);
    }

    /**
     * @param key a key that is not one of the {@linkplain #TYPED_KEYS typed keys}
     * @param value its JSON-representable value, or null to remove the key
     * @return a copy with that entry in {@link #other()}
     * @throws IllegalArgumentException if the key is typed
     */
    public Provenance withOther(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(other);
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return new Provenance(library, dl4j, java, created, trainingData, validationData, epochs, batch, seed, m);
    }

    private static void putIfNotNull(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static IllegalArgumentException wrongType(String source, String key, String rule, Object value) {
        String shown = value instanceof String s ? "'" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "'"
                : String.valueOf(value);
        if (shown.length() > 90) {
            shown = shown.substring(0, 90) + "...";
        }
        return new IllegalArgumentException(source + ": provenance key '" + key + "' " + rule + ", was " + shown
                + (value == null ? "" : " (" + value.getClass().getSimpleName() + ")"));
    }

    private static String text(Map<String, ?> map, String key, String source) {
        Object v = map.get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw wrongType(source, key, "must be a string", v);
    }

    private static Instant instant(Map<String, ?> map, String key, String source) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                throw wrongType(source, key, "must be an ISO-8601 instant such as 2026-12-03T11:23:44Z", v);
            }
        }
        throw wrongType(source, key, "must be an ISO-8601 instant (a string)", v);
    }

    private static Integer nonNegativeInt(Map<String, ?> map, String key, String source) {
        Long v = integral(map, key, source);
        if (v == null) {
            return null;
        }
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw wrongType(source, key, "must be an integer from 0 to " + Integer.MAX_VALUE, v);
        }
        return v.intValue();
    }

    private static Long integral(Map<String, ?> map, String key, String source) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        if (v instanceof BigDecimal d) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                // not integral or out of range: fall through
            }
        }
        throw wrongType(source, key, "must be an integer (a JSON number without a fraction, within 64 bits)", v);
    }
}
