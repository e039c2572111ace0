package org.colorize.core.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.colorize.core.model.ModelKind;
import org.colorize.core.model.WorkingSize;
import org.junit.jupiter.api.Test;

/** The typed view of a bundle's provenance: round trip, old bundles, lenient absent keys, named wrong types. */
class ProvenanceTest {

    private static ModelMetadata.Builder builder() {
        return ModelMetadata.builder(ModelKind.L_TO_AB, WorkingSize.adaptive(8, 256));
    }

    @Test
    void typedProvenanceRoundTripsThroughJsonWithTheSameKeys() throws BundleFormatException {
        Instant created = Instant.parse("2026-12-03T11:23:44.040949603Z");
        Provenance p = new Provenance("colorize 9.9", "1.0.0-M2.1", "17.0.15", created, "photos-train",
                "521 photos", 22, 16, 42L, Map.of("calibration", "T0 0.8", "training", Map.of("bestEpoch", 22)));
        ModelMetadata md = builder().provenance(p).build();

        assertEquals(List.of("library", "dl4j", "java", "created", "trainingData", "validationData", "epochs", "batch",
                "seed", "calibration", "training").stream().sorted().toList(),
                md.provenance().keySet().stream().sorted().toList(), "the JSON keeps the map's keys");
        assertEquals("2026-12-03T11:23:44.040949603Z", md.provenance().get("created"), "created stays ISO-8601 text");
        assertEquals(22, md.provenance().get("epochs"));

        ModelMetadata read = ModelMetadata.fromJson(md.toJson(), "roundtrip.zip");
        assertEquals(p, read.typedProvenance());
        assertEquals(md.provenance(), read.provenance());
        assertEquals(md, read);
        assertEquals(created, read.typedProvenance().createdOptional().orElseThrow());
        assertEquals(Map.of("bestEpoch", 22), read.typedProvenance().other().get("training"));
    }

    @Test
    void replacingWithTheTypedViewChangesNothing() throws BundleFormatException {
        ModelMetadata md = builder().provenance("trainingData", "cifar").provenance("notes", List.of("a", 1)).build();
        ModelMetadata again = md.toBuilder().provenance(md.typedProvenance()).build();
        assertEquals(md.toJson(), again.toJson(), "same entries in the same order");
        ModelMetadata tagged = md.toBuilder().provenance(md.typedProvenance().withBatch(8).withTrainingData(null)).build();
        assertEquals(8, tagged.provenance().get("batch"));
        assertTrue(!tagged.provenance().containsKey("trainingData"), "a null component drops its key: " + tagged.provenance());
        assertEquals(List.of("a", 1), tagged.provenance().get("notes"));
    }

    @Test
    void aFormatVersion1BundlesProvenanceReadsTyped() throws IOException {
        String json;
        try (InputStream in = ProvenanceTest.class.getResourceAsStream("format1-metadata.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(json.contains("\"formatVersion\" : 1,"), "the old default model's metadata, format version 1");
        ModelMetadata md = ModelMetadata.fromJson(json, "old-default.zip");
        Provenance p = md.typedProvenance();
        assertEquals("colorize 0.1.0-SNAPSHOT", p.library());
        assertEquals("1.0.0-M2.1", p.dl4j());
        assertEquals(Instant.parse("2026-11-22T19:23:03.220458626Z"), p.created());
        assertTrue(p.trainingData().startsWith("CIFAR-10 data_batch_1"), p.trainingData());
        assertEquals("CIFAR-10 data_batch_2 records 8000-8999", p.validationData());
        assertEquals(7, p.epochs());
        assertEquals(42L, p.seed());
        assertNull(p.batch(), "format 1 did not record the batch size");
        assertTrue(p.batchOptional().isEmpty());
        assertTrue(p.other().keySet().containsAll(List.of("training", "heldOutTestData", "heldOutEvaluation")),
                p.other().keySet().toString());
        assertEquals(7, ((Map<?, ?>) p.other().get("training")).get("epochsDone"));
        assertEquals(md.toJson(), md.toBuilder().provenance(p).build().toJson(), "typed and back: unchanged");
    }

    @Test
    void absentKeysAreNull() throws BundleFormatException {
        ModelMetadata.Builder b = builder();
        for (String k : Provenance.TYPED_KEYS) {
            b.removeProvenance(k);
        }
        ModelMetadata md = b.build();
        assertEquals(Provenance.EMPTY, md.typedProvenance());
        assertEquals(Map.of(), Provenance.EMPTY.toMap());
        assertEquals(Provenance.EMPTY, ModelMetadata.fromJson(md.toJson(), "bare.zip").typedProvenance());
        Provenance fresh = builder().build().typedProvenance();
        assertTrue(fresh.library().startsWith("colorize "), fresh.library());
        assertEquals(System.getProperty("java.version"), fresh.java());
        assertTrue(fresh.created() != null && fresh.epochs() == null && fresh.seed() == null, fresh.toString());
    }

    @Test
    void aWrongTypedValueNamesTheKeyAndTheBundle() throws BundleFormatException {
        String json = builder().provenance("epochs", "twenty-two").build().toJson();
        ModelMetadata md = ModelMetadata.fromJson(json, "odd.zip");
        assertEquals("twenty-two", md.provenance().get("epochs"), "loading stays lenient; the map reads as before");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, md::typedProvenance);
        assertTrue(e.getMessage().contains("odd.zip") && e.getMessage().contains("'epochs'")
                && e.getMessage().contains("twenty-two"), e.getMessage());

        for (Map.Entry<String, Object> bad : Map.<String, Object>of("created", "yesterday", "seed", 4.5,
                "trainingData", 7, "batch", -16, "library", List.of("x")).entrySet()) {
            ModelMetadata m = ModelMetadata.fromJson(builder().provenance(bad.getKey(), bad.getValue()).build().toJson(),
                    "bad-" + bad.getKey() + ".zip");
            e = assertThrows(IllegalArgumentException.class, m::typedProvenance, bad.toString());
            assertTrue(e.getMessage().contains("bad-" + bad.getKey() + ".zip")
                    && e.getMessage().contains("'" + bad.getKey() + "'"), e.getMessage());
        }
    }

    @Test
    void otherCannotHoldATypedKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Provenance.EMPTY.withOther("seed", 1));
        assertTrue(e.getMessage().contains("'seed'"), e.getMessage());
        assertEquals(Map.of("run", "3 h"), Provenance.EMPTY.withOther("run", "3 h").toMap());
        assertEquals(Map.of(), Provenance.EMPTY.withOther("run", "3 h").withOther("run", null).other());
        Provenance all = Provenance.EMPTY.withLibrary("colorize 1").withDl4j("d").withJava("17").withCreated(Instant.EPOCH)
                .withTrainingData("t").withValidationData("v").withEpochs(2).withBatch(4).withSeed(5L);
        assertEquals(new Provenance("colorize 1", "d", "17", Instant.EPOCH, "t", "v", 2, 4, 5L, Map.of()), all);
        assertEquals(all, Provenance.of(all.toMap(), "test"));
    }
}
