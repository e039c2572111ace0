package org.colorize.pretrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.bundle.ModelMetadata;
import org.colorize.core.bundle.Provenance;
import org.junit.jupiter.api.Test;

/** The embedded default model's provenance reads typed, from its metadata alone (no network is loaded). */
class DefaultModelProvenanceTest {

    private static ModelMetadata defaultMetadata() throws Exception {
        String resource = "/org/colorize/pretrained/default.zip";
        try (InputStream in = DefaultModelProvenanceTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource + " is on the classpath");
            try (ZipInputStream zip = new ZipInputStream(in)) {
                for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                    if (e.getName().equals(ModelBundle.METADATA_ENTRY)) {
                        return ModelMetadata.fromJson(new String(zip.readAllBytes(), StandardCharsets.UTF_8), "default.zip");
                    }
                }
            }
        }
        throw new AssertionError("default.zip has no " + ModelBundle.METADATA_ENTRY);
    }

    @Test
    void theDefaultModelsProvenanceReadsTyped() throws Exception {
        ModelMetadata md = defaultMetadata();
        Provenance p = md.typedProvenance();
        assertEquals(22, p.epochs());
        assertEquals(42L, p.seed());
        assertEquals(16, p.batch());
        assertEquals(Instant.parse((String) md.provenance().get("created")), p.created());
        assertTrue(p.created().isAfter(Instant.parse("2026-01-01T00:00:00Z")), p.created().toString());
        assertEquals("1.0.0-M2.1", p.dl4j());
        assertTrue(p.library().startsWith("colorize "), p.library());
        assertTrue(p.java() != null && p.java().startsWith("17"), p.java());
        assertTrue(p.trainingData().startsWith("photos-train"), p.trainingData());
        assertTrue(p.validationData().contains("521"), p.validationData());
        assertEquals(22, ((Number) ((Map<?, ?>) p.other().get("training")).get("epochsDone")).intValue());
        assertTrue(p.other().keySet().containsAll(java.util.List.of("calibration", "run", "learningRateSteps")),
                p.other().keySet().toString());
        assertEquals(md.toJson(), md.toBuilder().provenance(p).build().toJson(), "typed and back: the same JSON");
    }
}
