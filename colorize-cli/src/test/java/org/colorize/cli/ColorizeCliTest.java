package org.colorize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.colorize.core.image.Images;
import org.colorize.core.testing.TestData;
import org.colorize.core.testing.TinyModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command of the command-line tool, end to end, in a temporary folder on real images. */
class ColorizeCliTest {

    @TempDir
    static Path tmp;
    private static Path model;

    @BeforeAll
    static void saveModel() throws Exception {
        model = tmp.resolve("tiny.zip");
        TinyModels.lToAb().save(model);
    }

    /** Runs the tool in this JVM, capturing standard error. */
    private static Result run(String... args) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = ColorizeCli.run(args);
            return new Result(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
        }
    }

    record Result(int code, String err) {
    }

    private static Path copyPhotos(Path dir, String... names) throws Exception {
        Files.createDirectories(dir);
        for (String n : names) {
            Path src = TestData.photo(n);
            Files.copy(src, dir.resolve(src.getFileName()));
        }
        return dir;
    }

    private static void assertSameSize(Path in, Path out) throws Exception {
        BufferedImage a = Images.read(in), b = Images.read(out);
        assertEquals(a.getWidth(), b.getWidth(), out.toString());
        assertEquals(a.getHeight(), b.getHeight(), out.toString());
    }

    @Test
    void colorizesFilesBesideTheInputAndIntoAFolder() throws Exception {
        Path dir = copyPhotos(tmp.resolve("files"), "skimage/rocket.jpg", "unsplash/woman.png");
        Path rocket = dir.resolve("rocket.jpg"), woman = dir.resolve("woman.png");
        Result r = run(rocket.toString(), "--model", model.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertSameSize(rocket, dir.resolve("rocket-colorized.png"));
        Path outDir = tmp.resolve("files-out");
        r = run(rocket.toString(), woman.toString(), "-o", outDir.toString(), "--model", model.toString());
        assertEquals(0, r.code(), r.err());
        assertSameSize(woman, outDir.resolve("woman-colorized.png"));
        assertSameSize(rocket, outDir.resolve("rocket-colorized.png"));
        Path single = tmp.resolve("single/out.png");
        assertEquals(0, run(woman.toString(), "-o", single.toString(), "-m", model.toString(), "-q").code());
        assertSameSize(woman, single);
    }

    @Test
    void standardInputToStandardOutput() throws Exception {
        Path photo = TestData.photo("skimage/chelsea.png");
        java.io.InputStream oldIn = System.in;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setIn(Files.newInputStream(photo));
            System.setOut(new PrintStream(out, true));
            assertEquals(0, ColorizeCli.run("-", "-o", "-", "--model", model.toString()));
        } finally {
            System.setIn(oldIn);
            System.setOut(oldOut);
        }
        BufferedImage result = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(out.toByteArray()));
        BufferedImage in = Images.read(photo);
        assertEquals(in.getWidth(), result.getWidth());
        assertEquals(in.getHeight(), result.getHeight());
    }

    @Test
    void exitCodesSayWhatIsWrong() throws Exception {
        Path self = copyPhotos(tmp.resolve("self"), "skimage/rocket.jpg").resolve("rocket.jpg");
        Result overwrite = run(self.toString(), "-o", self.toString(), "--model", model.toString());
        assertEquals(ColorizeCli.EXIT_USAGE, overwrite.code());
        assertTrue(overwrite.err().contains("refusing to overwrite the input"), overwrite.err());
        Result missing = run(tmp.resolve("nope.jpg").toString(), "--model", model.toString());
        assertEquals(ColorizeCli.EXIT_USAGE, missing.code());
        assertTrue(missing.err().contains("input not found") && missing.err().contains("nope.jpg"), missing.err());
        Path photo = copyPhotos(tmp.resolve("codes"), "skimage/rocket.jpg").resolve("rocket.jpg");
        Result badModel = run(photo.toString(), "--model", "no-such-model");
        assertEquals(ColorizeCli.EXIT_MODEL, badModel.code());
        assertTrue(badModel.err().contains("no-such-model") && badModel.err().contains("tried"), badModel.err());
        Result badOption = run("--no-such-option");
        assertEquals(ColorizeCli.EXIT_USAGE, badOption.code());
        assertTrue(badOption.err().contains("no-such-option"), badOption.err());
        assertEquals(0, run("--help").code());
        for (String sub : List.of("models", "train", "eval", "bench")) {
            assertEquals(0, run(sub, "--help").code(), sub + " --help");
        }
    }

    @Test
    void aFolderWithACorruptFileCompletesTheRestAndReportsIt() throws Exception {
        Path dir = copyPhotos(tmp.resolve("folder/in"), "skimage/rocket.jpg", "skimage/coffee.png", "unsplash/dog.jpg");
        Files.createDirectories(dir.resolve("sub"));
        Files.copy(TestData.photo("unsplash/woman.png"), dir.resolve("sub/woman.png"));
        byte[] png = Files.readAllBytes(dir.resolve("coffee.png"));
        Files.write(dir.resolve("broken.png"), java.util.Arrays.copyOf(png, 200));
        Path out = tmp.resolve("folder/out");
        Result r = run(dir.toString(), "-o", out.toString(), "--recursive", "--threads", "2", "--model", model.toString());
        assertEquals(ColorizeCli.EXIT_IMAGE_FAILED, r.code(), r.err());
        assertTrue(r.err().contains("broken.png") && r.err().contains("failed"), r.err());
        for (String n : List.of("rocket", "coffee", "dog")) {
            assertSameSize(dir.resolve(n + (n.equals("coffee") ? ".png" : ".jpg")), out.resolve(n + "-colorized.png"));
        }
        assertSameSize(dir.resolve("sub/woman.png"), out.resolve("sub/woman-colorized.png"));
        assertTrue(Files.notExists(out.resolve("broken-colorized.png")));
    }

    @Test
    void aKilledFolderRunLeavesOnlyWholeFilesAndResumesWithSkipExisting() throws Exception {
        Path dir = tmp.resolve("kill/in");
        Files.createDirectories(dir);
        List<Path> photos = TestData.photos().stream().filter(p -> p.toString().contains("kodak")).toList();
        for (Path p : photos) {
            Files.copy(p, dir.resolve(p.getFileName()));
        }
        Path out = tmp.resolve("kill/out");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), ColorizeCli.class.getName(),
                dir.toString(), "-o", out.toString(), "--model", model.toString(), "-q");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File(tmp.toFile(), "kill.log")).start();
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && countOutputs(out) < 2 && p.isAlive()) {
            Thread.sleep(20);
        }
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        long before = countOutputs(out);
        assertTrue(before >= 1 && before < photos.size(), "killed midway: " + before + " of " + photos.size());
        try (Stream<Path> s = Files.list(out)) {
            for (Path f : s.filter(f -> f.getFileName().toString().endsWith("-colorized.png")).toList()) {
                assertTrue(Images.read(f).getWidth() > 0, "whole file: " + f);
            }
        }
        Result r = run(dir.toString(), "-o", out.toString(), "--model", model.toString(), "--skip-existing");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains(before + " skipped"), r.err());
        assertEquals(photos.size(), countOutputs(out));
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(photos.size(), s.count(), "no temporary file left");
        }
    }

    private static long countOutputs(Path out) throws Exception {
        if (!Files.isDirectory(out)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(f -> f.getFileName().toString().endsWith("-colorized.png")).count();
        }
    }

    @Test
    void trainEvalBenchAndModels() throws Exception {
        Path cifar = TestData.cifar("data_batch_2.bin");
        Path trained = tmp.resolve("train/alpha.zip");
        Result t = run("train", "--arch", "lab-alpha", "--data", cifar.toString(), "--limit", "96", "--validation", "32",
                "--epochs", "1", "--batch", "32", "--size", "32", "--out", trained.toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(Files.isRegularFile(trained));
        Path ckpt = tmp.resolve("train/alpha-checkpoints");
        assertTrue(Files.isRegularFile(ckpt.resolve("metrics.csv")) && Files.isRegularFile(ckpt.resolve("loss.png")));
        Result again = run("train", "--arch", "lab-alpha", "--data", cifar.toString(), "--limit", "96", "--epochs", "1",
                "--out", trained.toString());
        assertEquals(ColorizeCli.EXIT_USAGE, again.code(), "an existing checkpoint needs --resume");
        assertTrue(again.err().contains("--resume"), again.err());

        Path report = tmp.resolve("report");
        Result e = run("eval", "--model", trained.toString(), "--data", cifar.toString(), "--from", "9000", "--limit", "40",
                "--report", report.toString());
        assertEquals(0, e.code(), e.err());
        for (String f : List.of("evaluation.md", "evaluation.json", "grid.png", "index.html")) {
            assertTrue(Files.isRegularFile(report.resolve(f)), f);
        }
        String md = Files.readString(report.resolve("evaluation.md"));
        assertTrue(md.contains("gray (baseline)") && md.contains("model"), md);
        assertTrue(Files.readString(report.resolve("index.html")).contains("<img src=\"grid.png\""));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, ColorizeCli.run("bench", "--model", trained.toString(), "--size", "32", "--batch", "4",
                    "--iterations", "2", "--warmup", "1"));
            assertEquals(0, ColorizeCli.run("models"));
        } finally {
            System.setOut(oldOut);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        for (String kind : List.of("\"bench\":\"latency\"", "\"bench\":\"inference\"", "\"bench\":\"training\"")) {
            assertTrue(text.contains(kind), text);
        }
        assertTrue(text.contains("Download cache"), text);
    }
}
