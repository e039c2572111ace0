package org.colorize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.colorize.core.Colorizer;
import org.colorize.core.image.Images;
import org.colorize.core.image.SyntheticImages;
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

    /** Runs the tool in this JVM, capturing standard error and standard output (usage, tables, PNG bytes). */
    private static Result run(String... args) {
        PrintStream oldErr = System.err, oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream(), out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = ColorizeCli.run(args);
            return new Result(code, err.toString(StandardCharsets.UTF_8), out.toByteArray());
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    /**
     * What a run did.
     *
     * @param code the exit code
     * @param err standard error
     * @param out standard output's bytes
     */
    record Result(int code, String err, byte[] out) {
        String outText() {
            return new String(out, StandardCharsets.UTF_8);
        }
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
    void oneFileToStandardOutput() throws Exception {
        Path file = tmp.resolve("stdout/photo.png");
        Files.createDirectories(file.getParent());
        BufferedImage picture = SyntheticImages.photoLike(120, 80, 9);
        Images.write(picture, file);
        Result r = run(file.toString(), "-o", "-", "--model", model.toString());
        assertEquals(0, r.code(), r.err());
        BufferedImage result = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(r.out()));
        assertEquals(120, result.getWidth());
        assertEquals(80, result.getHeight());
        // the output keeps the input's lightness: its luma is within a few codes of the input's
        int rgb = result.getRGB(60, 40), in = picture.getRGB(60, 40);
        assertTrue(Math.abs(luma(rgb) - luma(in)) < 6, luma(rgb) + " vs " + luma(in));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "nothing written beside the input");
        }

        Result two = run(file.toString(), file.toString(), "-o", "-", "--model", model.toString());
        assertEquals(ColorizeCli.EXIT_USAGE, two.code());
        assertTrue(two.err().contains("one input image"), two.err());
        Result folder = run(file.getParent().toString(), "-o", "-", "--model", model.toString());
        assertEquals(ColorizeCli.EXIT_USAGE, folder.code());
        assertTrue(folder.err().contains("is a folder"), folder.err());
    }

    private static double luma(int rgb) {
        return 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
    }

    @Test
    void summaryNamesTheOutputOfOneImage() throws Exception {
        Path file = picture(tmp.resolve("summary/one.png"), 4);
        Result r = run(file.toString(), "--model", model.toString());
        assertEquals(0, r.code(), r.err());
        Path out = file.resolveSibling("one-colorized.png");
        assertTrue(Files.isRegularFile(out));
        assertTrue(r.err().contains("1 done") && r.err().contains(out.toString()), r.err());
        picture(tmp.resolve("summary/two.png"), 5);
        Result both = run(tmp.resolve("summary/one.png").toString(), tmp.resolve("summary/two.png").toString(),
                "--model", model.toString());
        assertTrue(both.err().contains("2 done") && !both.err().contains("-colorized.png"), both.err());
    }

    @Test
    void evalReportOfPhotosIsPagedThumbnailsLinkingFullImages() throws Exception {
        Path photos = tmp.resolve("eval-photos");
        for (int i = 0; i < 12; i++) {
            Images.write(SyntheticImages.photoLike(i % 2 == 0 ? 300 : 200, i % 2 == 0 ? 200 : 300, 70 + i),
                    photos.resolve(String.format("p%02d.png", i)));
        }
        Path report = tmp.resolve("eval-report");
        Result r = run("eval", "--model", model.toString(), "--data", photos.toString(), "--report", report.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.outText().contains("| gray (baseline) |"), r.outText());
        assertEquals(List.of("grid-1.jpg", "grid-2.jpg"), List.of(report.resolve("grid-1.jpg"), report.resolve("grid-2.jpg"))
                .stream().filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList());
        BufferedImage page1 = Images.read(report.resolve("grid-1.jpg"));
        assertEquals(EvalCommand.PER_PAGE * EvalCommand.ROW_HEIGHT + org.colorize.training.eval.ComparisonGrid.LABEL_HEIGHT,
                page1.getHeight());
        String html = Files.readString(report.resolve("index.html"));
        assertTrue(html.contains("<img src=\"grid-1.jpg\"") && html.contains("<img src=\"grid-2.jpg\""), html);
        assertTrue(html.contains("p11.png") && html.contains("href=\"images/0011-colorized.png\""), html);
        assertEquals(300, Images.read(report.resolve("images/0000-colorized.png")).getWidth(), "full size");
        assertTrue(Files.isRegularFile(report.resolve("images/0011-truth.png")));
    }

    /** A generated colour picture (no data folder needed). */
    private static Path picture(Path file, int seed) throws Exception {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, ((x * 6 + seed * 50) & 0xff) << 16 | ((y * 8) & 0xff) << 8 | ((seed * 90 + x) & 0xff));
            }
        }
        String name = file.getFileName().toString();
        javax.imageio.ImageIO.write(img, name.substring(name.lastIndexOf('.') + 1), file.toFile());
        return file;
    }

    @Test
    void collidingOutputsFailByNameAndNeverOverwriteEachOther() throws Exception {
        Path dir = tmp.resolve("collide");
        picture(dir.resolve("in/photo.png"), 1);
        picture(dir.resolve("in/photo.jpg"), 2);
        picture(dir.resolve("in/ok.png"), 3);
        Path out = dir.resolve("out");
        Result r = run(dir.resolve("in").toString(), "-o", out.toString(), "--model", model.toString());
        assertEquals(ColorizeCli.EXIT_IMAGE_FAILED, r.code(), r.err());
        assertTrue(r.err().contains("1 done") && r.err().contains("2 failed"), r.err());
        assertTrue(r.err().contains("photo.png: not colorized") && r.err().contains("also be written by")
                && r.err().contains("photo.jpg"), r.err());
        assertTrue(Files.exists(out.resolve("ok-colorized.png")));
        assertFalse(Files.exists(out.resolve("photo-colorized.png")), "no result that another input overwrote");

        // The same name in two folders, into one output folder.
        picture(dir.resolve("a/x.png"), 4);
        picture(dir.resolve("b/x.png"), 5);
        Result r2 = run(dir.resolve("a/x.png").toString(), dir.resolve("b/x.png").toString(), "-o", dir.resolve("out2").toString(),
                "--model", model.toString());
        assertEquals(ColorizeCli.EXIT_IMAGE_FAILED, r2.code(), r2.err());
        assertTrue(r2.err().contains("0 done") && r2.err().contains("2 failed"), r2.err());
    }

    @Test
    void outOfMemoryOnOneImageFailsThatImageOnly() throws Exception {
        Path dir = tmp.resolve("oom");
        List<ColorizeCli.Job> jobs = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path in = picture(dir.resolve("p" + i + ".png"), i);
            jobs.add(new ColorizeCli.Job(in, dir.resolve("p" + i + "-colorized.png")));
        }
        try (Colorizer real = Colorizer.of(TinyModels.lToAb())) {
            Colorizer oneTooLarge = new Colorizer() {
                @Override
                public BufferedImage colorize(BufferedImage image) {
                    if ((image.getRGB(0, 0) >> 16 & 0xff) == 100) { // picture 2 starts with red 100
                        throw new OutOfMemoryError("Java heap space");
                    }
                    return real.colorize(image);
                }

                @Override
                public List<BufferedImage> colorizeAll(List<BufferedImage> images) {
                    return images.stream().map(this::colorize).toList();
                }

                @Override
                public org.colorize.core.bundle.ModelMetadata metadata() {
                    return real.metadata();
                }

                @Override
                public void close() {
                }
            };
            ColorizeCli cli = new ColorizeCli();
            cli.threads = 2;
            cli.quiet = false;
            java.io.StringWriter err = new java.io.StringWriter();
            int code = cli.runJobs(oneTooLarge, jobs, new java.io.PrintWriter(err));
            assertEquals(ColorizeCli.EXIT_IMAGE_FAILED, code, err.toString());
            assertTrue(err.toString().contains("3 done") && err.toString().contains("p2.png: needs more memory"), err.toString());
            for (int i : new int[] {0, 1, 3}) {
                assertTrue(Files.exists(dir.resolve("p" + i + "-colorized.png")), "image " + i + " done");
            }
        }
    }

    @Test
    void trainingOutputThatCannotBeWrittenFailsBeforeTraining() throws Exception {
        Path data = tmp.resolve("train-data");
        for (int i = 0; i < 4; i++) {
            picture(data.resolve("p" + i + ".png"), i);
        }
        Path blocker = tmp.resolve("blocker");
        Files.writeString(blocker, "a file, not a folder");
        long t0 = System.nanoTime();
        Result r = run("train", "--data", data.toString(), "--epochs", "1", "-o", blocker.resolve("m.zip").toString());
        assertEquals(ColorizeCli.EXIT_USAGE, r.code(), r.err());
        assertTrue(r.err().contains("cannot write there") && r.err().contains("blocker"), r.err());
        assertTrue((System.nanoTime() - t0) / 1e9 < 20, "refused before training");
        Result help = run("train", "--help");
        assertEquals(0, help.code());
        assertFalse(help.err().contains("picocli WARN"), help.err());
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
    void everyCommandRefusesAVividnessOutsideZeroToFourNamingTheOption() throws Exception {
        Path photo = copyPhotos(tmp.resolve("vivid"), "skimage/rocket.jpg").resolve("rocket.jpg");
        for (String v : List.of("4.5", "NaN", "-1")) {
            Result main = run(photo.toString(), "--model", model.toString(), "--vividness", v);
            assertEquals(ColorizeCli.EXIT_USAGE, main.code(), main.err());
            assertTrue(main.err().contains("--vividness must be a number in [0, 4]"), main.err());
            Result eval = run("eval", "--model", model.toString(), "--data", photo.getParent().toString(), "--vividness", v);
            assertEquals(ColorizeCli.EXIT_USAGE, eval.code(), eval.err());
            assertTrue(eval.err().contains("--vividness must be a number in [0, 4]"), eval.err());
        }
        Result pixels = run(photo.toString(), "--model", model.toString(), "--max-pixels", "0");
        assertEquals(ColorizeCli.EXIT_USAGE, pixels.code(), pixels.err());
        assertTrue(pixels.err().contains("--max-pixels must be >= 1, was 0"), pixels.err());
        assertEquals(0, run(photo.toString(), "--model", model.toString(), "--vividness", "4", "-q").code(), "4 is allowed");
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
        // every measure says its first call and its two timed calls
        assertTrue(text.matches("(?s).*\"bench\":\"training\".*\"first_s\":[0-9.]+,\"times_s\":\\[[0-9.]+,[0-9.]+\\].*"), text);
        // the header says what the figures were measured with: the build uses the oneDNN natives
        assertTrue(text.contains("\"bench\":\"header\",\"natives\":\"onednn\"") && text.contains("\"cpu\":")
                && text.contains("\"direct_inference\":true"), text);
        assertTrue(text.contains("Download cache"), text);
    }
}
