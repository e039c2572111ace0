package org.colorize.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.colorize.core.bundle.BundleFormatException;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.color.Lab;
import org.colorize.core.image.SyntheticImages;
import org.colorize.core.testing.TestData;
import org.colorize.models.LabAlphaNet;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The trainer with the "alpha" Lab network: its behaviour (checkpoints, resuming, learning-rate schedule,
 * errors) on generated pictures, and learning on a few hundred real CIFAR-10 images (skipped without the
 * data folder).
 */
class TrainerTest {

    /** Generated examples: the behaviour tests run on these, without any data folder. */
    private static final List<DataSet> TRAIN = syntheticLab(1000, 128);
    private static final List<DataSet> VALIDATION = syntheticLab(5000, 32);
    private static List<DataSet> cifarTrain;
    private static List<DataSet> cifarValidation;

    @TempDir
    Path tmp;

    /** Reads {@code count} CIFAR-10 records from {@code offset} as (raw L, ab/128) examples. */
    static List<DataSet> cifarLab(Path file, int offset, int count) throws IOException {
        List<DataSet> out = new ArrayList<>();
        byte[] rec = new byte[3073];
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes((long) offset * rec.length);
            for (int i = 0; i < count; i++) {
                in.readNBytes(rec, 0, rec.length);
                float[] rgb = new float[3 * 1024];
                for (int p = 0; p < 1024; p++) {
                    rgb[3 * p] = (rec[1 + p] & 0xff) / 255f;
                    rgb[3 * p + 1] = (rec[1 + 1024 + p] & 0xff) / 255f;
                    rgb[3 * p + 2] = (rec[1 + 2048 + p] & 0xff) / 255f;
                }
                out.add(labExample(rgb));
            }
        }
        return out;
    }

    /** {@code count} generated 32x32 pictures ({@link SyntheticImages}) as (raw L, ab/128) examples. */
    static List<DataSet> syntheticLab(long seed, int count) {
        List<DataSet> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            java.awt.image.BufferedImage img = SyntheticImages.photoLike(32, 32, seed + i);
            float[] rgb = new float[3 * 1024];
            for (int p = 0; p < 1024; p++) {
                int c = img.getRGB(p % 32, p / 32);
                rgb[3 * p] = ((c >> 16) & 0xff) / 255f;
                rgb[3 * p + 1] = ((c >> 8) & 0xff) / 255f;
                rgb[3 * p + 2] = (c & 0xff) / 255f;
            }
            out.add(labExample(rgb));
        }
        return out;
    }

    private static DataSet labExample(float[] rgb) {
        float[] lab = new float[3 * 1024];
        Lab.rgbToLab(rgb, 0, lab, 0, 1024);
        float[] l = new float[1024], ab = new float[2048];
        for (int p = 0; p < 1024; p++) {
            l[p] = lab[3 * p];
            ab[p] = lab[3 * p + 1] / Lab.AB_SCALE;
            ab[1024 + p] = lab[3 * p + 2] / Lab.AB_SCALE;
        }
        return new DataSet(Nd4j.create(l, new long[] {1, 1, 32, 32}, DataType.FLOAT),
                Nd4j.create(ab, new long[] {1, 2, 32, 32}, DataType.FLOAT));
    }

    /** 256 real CIFAR-10 training images, read once; skips the calling test without the data folder. */
    private static synchronized List<DataSet> cifarTrain() throws IOException {
        if (cifarTrain == null) {
            cifarTrain = cifarLab(TestData.cifar("data_batch_1.bin"), 0, 256);
        }
        return cifarTrain;
    }

    /** 64 held-out real CIFAR-10 images; skips the calling test without the data folder. */
    private static synchronized List<DataSet> cifarValidation() throws IOException {
        if (cifarValidation == null) {
            cifarValidation = cifarLab(TestData.cifar("data_batch_2.bin"), 9000, 64);
        }
        return cifarValidation;
    }

    private static ListDataSetIterator<DataSet> it(List<DataSet> data) {
        return new ListDataSetIterator<>(DataSet.merge(data).asList(), 32);
    }

    private static LabAlphaNet alpha() {
        return LabAlphaNet.builder().inputSize(32, 32).seed(7).build();
    }

    @Test
    void trainingLossFallsOnRealImages() throws IOException {
        Trainer t = Trainer.builder(alpha()).train(it(cifarTrain())).validation(it(cifarValidation())).epochs(3)
                .progress(false).build();
        t.fit();
        List<EpochRecord> h = t.history();
        assertEquals(3, h.size());
        assertTrue(h.get(2).trainLoss() < h.get(0).trainLoss(), "training loss falls: " + h);
        assertTrue(h.get(2).validationLoss() < h.get(0).validationLoss(), "validation loss falls: " + h);
    }

    @Test
    void bestIsLowestValidationAndSecondFitResumes() throws IOException {
        Path dir = tmp.resolve("run");
        Trainer t1 = Trainer.builder(alpha()).train(it(TRAIN)).validation(it(VALIDATION)).epochs(3)
                .checkpointDir(dir).progress(false).provenance("trainingData", "generated test pictures").build();
        ModelBundle best = t1.fit();
        List<EpochRecord> h = t1.history();
        assertEquals(3, h.size());
        int argmin = 0;
        for (int i = 1; i < h.size(); i++) {
            if (h.get(i).validationLoss() < h.get(argmin).validationLoss()) {
                argmin = i;
            }
        }
        Map<?, ?> training = (Map<?, ?>) best.metadata().provenance().get("training");
        assertTrue(!training.containsKey("plateauWait") && !training.containsKey("learningRate") && !training.containsKey("seed"),
                "a released model holds no resume state: " + training);
        TrainingState bestState = TrainingState.read(dir.resolve(Trainer.BEST));
        assertEquals(argmin + 1, bestState.epochsDone(), "checkpoints keep the resume state: best.zip of the best epoch");
        assertEquals(argmin + 1, bestState.bestEpoch());
        assertEquals(h.get(argmin).validationLoss(), bestState.bestLoss(), 0);
        assertTrue(ModelBundle.readExtraEntry(dir.resolve(Trainer.BEST), TrainingState.ENTRY).isPresent()
                && !((Map<?, ?>) ModelBundle.readMetadata(dir.resolve(Trainer.BEST)).provenance().get("training"))
                        .containsKey("plateauWait"), "in its own entry, not in the provenance");
        assertEquals(argmin + 1, ((Number) training.get("bestEpoch")).intValue(), "best checkpoint is the lowest validation loss");
        assertEquals("generated test pictures", best.metadata().provenance().get("trainingData"));
        assertTrue(Files.isRegularFile(dir.resolve(Trainer.LATEST)) && Files.isRegularFile(dir.resolve(Trainer.PLOT)));
        assertTrue(Files.size(dir.resolve(Trainer.PLOT)) > 1000, "the loss plot is a picture");
        assertEquals(4, Files.readAllLines(dir.resolve(Trainer.METRICS)).size(), "header + 3 rows");
        assertEquals(h, Trainer.readMetrics(dir.resolve(Trainer.METRICS), 3), "metrics.csv reads back as the history");
        assertEquals(h.subList(0, 2), Trainer.readMetrics(dir.resolve(Trainer.METRICS), 2));
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }

        // A second fit() on the same folder with a fresh network resumes after epoch 3.
        Trainer t2 = Trainer.builder(alpha()).train(it(TRAIN)).validation(it(VALIDATION)).epochs(4)
                .checkpointDir(dir).progress(false).build();
        t2.fit();
        assertEquals(4, t2.history().size());
        assertEquals(h, t2.history().subList(0, 3), "the first three epochs come from the checkpoint");
        assertEquals(4, t2.history().get(3).epoch());
        ModelBundle latest = ModelBundle.load(dir.resolve(Trainer.LATEST));
        assertEquals(4, ((Number) ((Map<?, ?>) latest.metadata().provenance().get("training")).get("epochsDone")).intValue());
    }

    @Test
    void learningRateDropsAfterAPlateau() throws IOException {
        LabAlphaNet arch = alpha();
        ComputationGraph net = arch.newNetwork();
        double lr0 = Trainer.initialLearningRate(net);
        assertEquals(1e-3, lr0, 1e-12, "Keras RMSprop default");
        // minDelta 100: after the first epoch nothing counts as an improvement, so each epoch is a plateau.
        Trainer t = Trainer.builder(ModelBundle.of(net, arch.metadata())).train(it(TRAIN)).validation(it(VALIDATION))
                .epochs(3).reduceLrOnPlateau(0.5, 1, 3e-4).minDelta(100).progress(false).build();
        t.fit();
        List<EpochRecord> h = t.history();
        assertEquals(lr0, h.get(0).learningRate(), 1e-12);
        assertEquals(lr0, h.get(1).learningRate(), 1e-12);
        assertEquals(lr0 * 0.5, h.get(2).learningRate(), 1e-12, "halved after epoch 2's plateau");
        assertEquals(3e-4, net.getLearningRate("encoder_conv1"), 1e-12, "then floored at minLr");
    }

    @Test
    void aScheduleSetsEveryEpochsRateAndAResumedRunFollowsIt(@TempDir Path dir)
            throws IOException {
        java.util.function.IntToDoubleFunction steps = e -> e < 2 ? 1e-3 : e < 4 ? 3e-4 : 1e-4;
        LabAlphaNet arch = alpha();
        Trainer first = Trainer.builder(arch).train(it(TRAIN)).epochs(2).learningRateSchedule(steps)
                .checkpointDir(dir).progress(false).build();
        first.fit();
        assertEquals(1e-3, first.history().get(0).learningRate(), 1e-12);
        assertEquals(3e-4, first.history().get(1).learningRate(), 1e-12);
        Trainer resumed = Trainer.builder(alpha()).train(it(TRAIN)).epochs(4).learningRateSchedule(steps)
                .checkpointDir(dir).progress(false).build();
        resumed.fit();
        List<EpochRecord> h = resumed.history();
        assertEquals(4, h.size(), "the resumed run reads the first two epochs back");
        assertEquals(3e-4, h.get(2).learningRate(), 1e-12, "epoch 3 from the schedule, not the start rate");
        assertEquals(1e-4, h.get(3).learningRate(), 1e-12);
        IllegalArgumentException both = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Trainer.builder(alpha()).train(it(TRAIN)).learningRateSchedule(steps)
                        .reduceLrOnPlateau(0.5, 2, 0).build());
        assertTrue(both.getMessage().contains("learningRateSchedule"), both.getMessage());
        IllegalStateException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Trainer.builder(alpha()).train(it(TRAIN)).epochs(1).learningRateSchedule(e -> 0)
                        .progress(false).build().fit());
        assertTrue(bad.getMessage().contains("epoch 1"), bad.getMessage());
    }

    /** Generated pictures: smooth colour gradients, different per index (no data folder needed). */
    static List<java.awt.image.BufferedImage> pictures(int n) {
        List<java.awt.image.BufferedImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            var img = new java.awt.image.BufferedImage(32, 32, java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    img.setRGB(x, y, ((x * 8 + i * 40) & 0xff) << 16 | ((y * 8) & 0xff) << 8 | ((i * 70 + x + y) & 0xff));
                }
            }
            out.add(img);
        }
        return out;
    }

    @Test
    void killedWhileWritingTheCheckpointResumesFromTheNewestFinishedEpochWithItsData() throws IOException {
        Path dir = tmp.resolve("killed");
        LabAlphaNet a1 = alpha();
        var data = org.colorize.data.ColorizationData.builder().source(org.colorize.data.source.ListSource.of(pictures(16)))
                .forModel(a1.metadata()).size(32, 32).batchSize(8).seed(3).build();
        List<EpochRecord> first;
        try (var it = data.iterator()) {
            Trainer t1 = Trainer.builder(a1).train(it).epochs(1).checkpointDir(dir).progress(false).build();
            t1.fit();
            first = t1.history();
        }
        // As if killed while moving latest.zip into place after epoch 1: best.zip holds epoch 1, latest.zip is a
        // hidden temporary.
        Files.move(dir.resolve(Trainer.LATEST), dir.resolve("." + Trainer.LATEST + "8123.tmp"));
        assertTrue(Files.exists(dir.resolve(Trainer.BEST)));
        try (var it = data.iterator()) {
            Trainer t2 = Trainer.builder(alpha()).train(it).epochs(2).checkpointDir(dir).progress(false).build();
            t2.fit();
            assertEquals(2, t2.history().size(), "epoch 1 from best.zip, epoch 2 trained: " + t2.history());
            assertEquals(first.get(0), t2.history().get(0), "epoch 1 was resumed, not trained again");
            assertEquals(2, t2.history().get(1).epoch());
            assertEquals(1, it.epoch(), "the second epoch read the data's second epoch (shuffle, augmentation)");
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "stale temporary removed");
        }
    }

    @Test
    void truncatedCheckpointIsRefusedWithItsName() throws IOException {
        Path dir = tmp.resolve("trunc");
        Trainer.builder(alpha()).train(it(TRAIN.subList(0, 64))).epochs(1).checkpointDir(dir).progress(false).build().fit();
        Path latest = dir.resolve(Trainer.LATEST);
        byte[] bytes = Files.readAllBytes(latest);
        Files.write(latest, Arrays.copyOf(bytes, bytes.length / 3));
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> Trainer.builder(alpha())
                .train(it(TRAIN.subList(0, 64))).epochs(2).checkpointDir(dir).progress(false).build().fit());
        assertTrue(e.getMessage().contains(latest.toString()) && e.getMessage().contains("cannot resume"), e.getMessage());
    }

    @Test
    void invalidOptionsNameTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.builder(alpha()).reduceLrOnPlateau(1.5, 5, 0));
        assertTrue(e.getMessage().contains("factor"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder(alpha()).epochs(0));
        assertTrue(e.getMessage().contains("epochs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder(alpha()).build());
        assertTrue(e.getMessage().contains("train"), e.getMessage());
    }

    /**
     * A checkpoint as versions before the {@link TrainingState} entry wrote it: the state in the metadata's
     * provenance under "training", no extra entry.
     */
    private static Path oldFormatCheckpoint(Path file, int epochsDone, double lr, int epochsSinceBest, int plateauWait)
            throws IOException {
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochsDone", epochsDone);
        training.put("learningRate", lr);
        training.put("bestValidationLoss", 0.5);
        training.put("bestEpoch", epochsDone - epochsSinceBest);
        training.put("epochsSinceBest", epochsSinceBest);
        training.put("plateauWait", plateauWait);
        training.put("plateauBest", 0.5);
        training.put("seed", 42);
        training.put("plannedEpochs", 10);
        LabAlphaNet old = alpha();
        ModelBundle.of(old.newNetwork(), old.metadata().toBuilder().provenance("epochs", epochsDone).provenance("seed", 42)
                .provenance("training", training).build()).save(file, true);
        assertFalse(ModelBundle.readExtraEntry(file, TrainingState.ENTRY).isPresent(), "the test's premise: old format");
        return file;
    }

    @Test
    void anOldFormatCheckpointStillResumes() throws IOException {
        Path dir = tmp.resolve("old");
        Path latest = oldFormatCheckpoint(dir.resolve(Trainer.LATEST), 2, 3e-4, 1, 1);
        assertEquals(new TrainingState(2, 3e-4, 0.5, 1, 1, 0.5, 1, 42, 10), TrainingState.read(latest));
        Map<?, ?> released = (Map<?, ?>) Trainer.release(ModelBundle.load(latest)).metadata().provenance().get("training");
        assertEquals(Map.of("epochsDone", 2, "bestEpoch", 1, "bestValidationLoss", 0.5), released,
                "an old checkpoint released keeps only what was trained");

        // minDelta 100: no epoch counts as an improvement, so the old plateau counter (1) reaches 2 and halves the rate.
        Trainer t = Trainer.builder(alpha()).train(it(TRAIN.subList(0, 64))).epochs(3).reduceLrOnPlateau(0.5, 2, 0)
                .minDelta(100).checkpointDir(dir).progress(false).build();
        t.fit();
        assertEquals(1, t.history().size(), "no metrics.csv in the folder: only the epoch trained now");
        EpochRecord third = t.history().get(0);
        assertEquals(3, third.epoch(), "resumed after the old checkpoint's epoch 2");
        assertEquals(3e-4, third.learningRate(), 1e-15, "with its learning rate");
        assertEquals(third.trainLoss() < 0.5, third.best(), "compared with its best loss");
        TrainingState now = TrainingState.read(latest);
        assertTrue(ModelBundle.readExtraEntry(latest, TrainingState.ENTRY).isPresent(), "rewritten in the new format");
        assertEquals(3, now.epochsDone());
        assertEquals(1.5e-4, now.learningRate(), 1e-15, "the old plateau counter went on");
        assertEquals(0, now.plateauWait());
        assertEquals(third.best() ? 3 : 1, now.bestEpoch());
    }

    @Test
    void anOldCheckpointOutOfPatienceStopsAtOnce() throws IOException {
        Path dir = tmp.resolve("patience");
        oldFormatCheckpoint(dir.resolve(Trainer.LATEST), 4, 1e-3, 3, 0);
        Trainer t = Trainer.builder(alpha()).train(it(TRAIN.subList(0, 64))).epochs(10).earlyStopping(3)
                .checkpointDir(dir).progress(false).build();
        ModelBundle model = t.fit();
        assertTrue(t.history().isEmpty(), "no epoch trained: " + t.history());
        assertEquals(4, TrainingState.read(dir.resolve(Trainer.LATEST)).epochsDone(), "the checkpoint is untouched");
        assertEquals(4, ((Number) model.metadata().provenance().get("epochs")).intValue());
    }

    @Test
    void aNewCheckpointRoundTripsItsState() throws IOException {
        TrainingState s = new TrainingState(5, 3e-4, 0.25, 4, 1, 0.26, 1, 7, 30);
        assertEquals(s, TrainingState.fromJson(s.toJson(), "test"));
        TrainingState fresh = new TrainingState(0, 1e-3, Double.POSITIVE_INFINITY, 0, 0, Double.POSITIVE_INFINITY, 0, 42, 30);
        assertEquals(fresh, TrainingState.fromJson(fresh.toJson(), "test"), "no best loss yet survives JSON (null)");
        BundleFormatException newer = assertThrows(BundleFormatException.class,
                () -> TrainingState.fromJson(s.toJson().replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"), "f.zip"));
        assertTrue(newer.getMessage().contains("f.zip") && newer.getMessage().contains("version 2"), newer.getMessage());

        Path dir = tmp.resolve("new");
        Trainer t = Trainer.builder(alpha()).train(it(TRAIN.subList(0, 64))).epochs(2).seed(9).checkpointDir(dir)
                .progress(false).build();
        t.fit();
        Path latest = dir.resolve(Trainer.LATEST);
        TrainingState read = TrainingState.read(latest);
        List<EpochRecord> h = t.history();
        double lowest = Math.min(h.get(0).trainLoss(), h.get(1).trainLoss());
        assertEquals(new TrainingState(2, h.get(1).learningRate(), lowest, h.get(0).trainLoss() == lowest ? 1 : 2,
                h.get(0).trainLoss() == lowest ? 1 : 0, read.plateauBest(), read.plateauWait(), 9, 2), read);
        try (ModelBundle loaded = ModelBundle.load(latest, true)) {
            assertEquals(read, TrainingState.of(loaded, latest.toString()), "the same state from the loaded bundle");
            assertEquals(read, TrainingState.of(ModelBundle.load(latest).withMetadata(loaded.metadata()), "copy"),
                    "the entry stays with the bundle's copies");
        }
    }

    @Test
    void aReleasedModelHasNoResumeStateAndNoAbsolutePaths() throws IOException {
        Path dir = tmp.resolve("release");
        String grid = dir.resolve("eval").resolve("grid.png").toString();
        Trainer t = Trainer.builder(alpha()).train(it(TRAIN.subList(0, 64))).epochs(1).checkpointDir(dir).progress(false)
                .provenance("evaluationGrid", grid)
                .provenance("notes", Map.of("log", "see https://example.org/a/b.html and C:\\runs\\unet\\log.txt"))
                .build();
        ModelBundle released = t.fit();
        assertTrue(released.extraEntryNames().isEmpty(), "no training state entry: " + released.extraEntryNames());
        Map<String, Object> p = released.metadata().provenance();
        assertEquals("grid.png", p.get("evaluationGrid"));
        assertEquals(Map.of("log", "see https://example.org/a/b.html and log.txt"), p.get("notes"), "URLs stay");
        String json = released.metadata().toJson();
        for (String machine : new String[] {tmp.toString(), System.getProperty("user.dir"), System.getProperty("user.home") + "/"}) {
            assertFalse(json.contains(machine), "the released metadata names " + machine + ":\n" + json);
        }
        Path saved = tmp.resolve("released.zip");
        released.save(saved, false);
        BundleFormatException notResumable = assertThrows(BundleFormatException.class, () -> TrainingState.read(saved));
        assertTrue(notResumable.getMessage().contains(saved.toString()), notResumable.getMessage());
        assertEquals(grid, ModelBundle.readMetadata(dir.resolve(Trainer.LATEST)).provenance().get("evaluationGrid"),
                "checkpoints keep everything");
        org.colorize.core.bundle.Provenance typed = released.metadata().typedProvenance();
        assertEquals(32, typed.batch(), "the trainer records the iterator's batch size: " + p);
        assertEquals(1, typed.epochs());
        assertEquals(42L, typed.seed());
        assertEquals(32, ModelBundle.readMetadata(dir.resolve(Trainer.LATEST)).typedProvenance().batch(),
                "checkpoints record it too");
    }

    @Test
    void aBatchGivenAsProvenanceIsKeptAndAnUndeclaredOneIsTheLargestSeen() throws IOException {
        // An iterator that does not declare its batch (DL4J's default batch() of a wrapper throws or is 0).
        List<DataSet> examples = DataSet.merge(TRAIN.subList(0, 24)).asList();
        org.nd4j.linalg.dataset.api.iterator.DataSetIterator undeclared =
                new org.deeplearning4j.datasets.iterator.ExistingDataSetIterator(
                        List.of(DataSet.merge(examples.subList(0, 16)), DataSet.merge(examples.subList(16, 24))));
        ModelBundle seen = Trainer.builder(alpha()).train(undeclared).epochs(1).progress(false).build().fit();
        assertEquals(16, seen.metadata().typedProvenance().batch(), seen.metadata().provenance().toString());
        ModelBundle given = Trainer.builder(alpha()).train(it(TRAIN.subList(0, 32))).epochs(1).progress(false)
                .provenance("batch", 8).build().fit();
        assertEquals(8, given.metadata().typedProvenance().batch(), "the application's own value wins");
    }

    @Test
    void anApplicationsListenerRunsAfterTheCheckpointsAndCanSteer() throws IOException {
        Path dir = tmp.resolve("listener");
        List<String> calls = new ArrayList<>();
        Trainer t = Trainer.builder(alpha()).train(it(TRAIN.subList(0, 64))).epochs(5).checkpointDir(dir).progress(false)
                .listener(new EpochListener() {
                    @Override
                    public void onEpochStart(int epoch, TrainingContext context) {
                        calls.add("start " + epoch);
                        if (epoch == 2) {
                            context.setLearningRate(5e-4);
                        }
                    }

                    @Override
                    public void onEpochEnd(EpochRecord record, TrainingContext context) throws IOException {
                        calls.add("end " + record.epoch() + ", checkpoint epoch "
                                + TrainingState.read(dir.resolve(Trainer.LATEST)).epochsDone());
                        if (record.epoch() == 2) {
                            context.stop("two epochs are enough");
                        }
                    }
                })
                .listener(r -> calls.add("record " + r.epoch()))
                .build();
        t.fit();
        assertEquals(List.of("start 1", "end 1, checkpoint epoch 1", "record 1", "start 2", "end 2, checkpoint epoch 2",
                "record 2"), calls, "stop() at an epoch's end lets the later listeners run, then training ends");
        assertEquals(2, t.history().size());
        assertEquals(5e-4, t.history().get(1).learningRate(), 1e-15, "the rate set at epoch 2's start");
        assertEquals(5e-4, TrainingState.read(dir.resolve(Trainer.LATEST)).learningRate(), 1e-15);
    }

    @Test
    void theConfigurationIsCheckedOnceAndImmutable() {
        Trainer t = Trainer.builder(alpha()).train(it(TRAIN.subList(0, 32))).epochs(7).learningRate(2e-3)
                .reduceLrOnPlateau(0.5, 2, 1e-5).checkpointDir(Path.of("relative")).provenance("k", "v").build();
        TrainerConfig c = t.config();
        assertEquals(7, c.epochs());
        assertEquals(OptionalDouble.of(2e-3), c.learningRate());
        assertTrue(c.reducesLrOnPlateau() && c.plateauPatience() == 2 && c.minLearningRate() == 1e-5);
        assertEquals(Path.of("relative").toAbsolutePath(), c.checkpointDir().orElseThrow());
        assertThrows(UnsupportedOperationException.class, () -> c.provenance().put("k2", "v2"));
        assertThrows(UnsupportedOperationException.class, () -> c.listeners().add((r, ctx) -> { }));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrainerConfig(7, c.learningRate(),
                1.5, 2, 0, c.learningRateSchedule(), 0, 1e-4, c.checkpointDir(), true, 0, 42, Map.of(), List.of()));
        assertTrue(e.getMessage().contains("plateauFactor") && e.getMessage().contains("1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TrainerConfig(7, OptionalDouble.of(-1), 1, 2, 0,
                c.learningRateSchedule(), 0, 1e-4, c.checkpointDir(), true, 0, 42, Map.of(), List.of()));
        assertTrue(e.getMessage().contains("learningRate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder(alpha()).batchesPerEpoch(-1));
        assertTrue(e.getMessage().contains("batchesPerEpoch"), e.getMessage());
    }
}
