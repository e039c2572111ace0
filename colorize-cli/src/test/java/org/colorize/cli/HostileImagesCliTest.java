package org.colorize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.colorize.core.image.ImageReadOptions;
import org.colorize.core.image.Images;
import org.colorize.core.testing.ImageFiles;
import org.colorize.core.testing.TinyModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line tool on hostile and unusual image files, all generated here: one image that would
 * not fit in memory, one cut short, TIFF and WebP in folder mode, a portrait phone JPEG.
 */
class HostileImagesCliTest {

    @TempDir
    static Path tmp;
    private static Path model;

    @BeforeAll
    static void saveModel() throws Exception {
        model = tmp.resolve("tiny.zip");
        TinyModels.lToAb().save(model);
    }

    private static Result run(String... args) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            long t0 = System.nanoTime();
            int code = ColorizeCli.run(args);
            return new Result(code, err.toString(StandardCharsets.UTF_8), (System.nanoTime() - t0) / 1e9);
        } finally {
            System.setErr(oldErr);
        }
    }

    record Result(int code, String err, double seconds) {
    }

    @Test
    void aHugeDeclaredImageFailsAloneAndTheRestOfTheFolderIsDone() throws Exception {
        Path in = tmp.resolve("huge/in");
        Files.createDirectories(in);
        Files.write(in.resolve("bomb.png"), ImageFiles.pngDeclaring(30000, 30000));
        Images.write(ImageFiles.noisy(120, 80, 1), in.resolve("a.png"));
        Files.write(in.resolve("b.jpg"), ImageFiles.jpeg(ImageFiles.noisy(96, 64, 2)));
        Path out = tmp.resolve("huge/out");
        Result r = run(in.toString(), "-o", out.toString(), "--threads", "2", "--model", model.toString());
        assertEquals(ColorizeCli.EXIT_IMAGE_FAILED, r.code(), r.err());
        assertTrue(r.err().contains("2 done") && r.err().contains("1 failed"), r.err());
        String bombLine = r.err().lines().filter(l -> l.contains("bomb.png")).findFirst().orElse("");
        assertTrue(bombLine.contains(in.resolve("bomb.png").toString()) && bombLine.contains("30000x30000")
                && bombLine.contains(Long.toString(ImageReadOptions.DEFAULT_MAX_PIXELS)), r.err());
        assertEquals(120, Images.read(out.resolve("a-colorized.png")).getWidth());
        assertEquals(96, Images.read(out.resolve("b-colorized.png")).getWidth());
        assertTrue(Files.notExists(out.resolve("bomb-colorized.png")));
        System.out.printf("folder of a 30000x30000 PNG + 2 images: %.2f s%n", r.seconds());

        // the limit is an option; a bad value is a usage error naming it
        Result small = run(in.resolve("a.png").toString(), "-o", tmp.resolve("huge/small.png").toString(),
                "--max-pixels", "9000", "--model", model.toString());
        assertEquals(ColorizeCli.EXIT_IMAGE_FAILED, small.code(), small.err());
        assertTrue(small.err().contains("120x80") && small.err().contains("9000"), small.err());
        Result zero = run(in.resolve("a.png").toString(), "--max-pixels", "0", "--model", model.toString());
        assertEquals(ColorizeCli.EXIT_USAGE, zero.code());
        assertTrue(zero.err().contains("--max-pixels"), zero.err());
    }

    @Test
    void aTruncatedJpegFailsNamedUnlessAllowPartial() throws Exception {
        Path in = tmp.resolve("cut/in");
        Files.createDirectories(in);
        byte[] jpeg = ImageFiles.jpeg(ImageFiles.noisy(256, 192, 3));
        Files.write(in.resolve("cut.jpg"), Arrays.copyOf(jpeg, jpeg.length * 6 / 10));
        Files.write(in.resolve("whole.jpg"), jpeg);
        Path out = tmp.resolve("cut/out");
        Result r = run(in.toString(), "-o", out.toString(), "--model", model.toString());
        assertEquals(ColorizeCli.EXIT_IMAGE_FAILED, r.code(), r.err());
        assertTrue(r.err().contains("1 done") && r.err().contains(in.resolve("cut.jpg") + ": the image is incomplete"),
                r.err());
        assertTrue(Files.notExists(out.resolve("cut-colorized.png")));
        Result allowed = run(in.toString(), "-o", out.toString(), "--model", model.toString(), "--allow-partial");
        assertEquals(0, allowed.code(), allowed.err());
        assertEquals(256, Images.read(out.resolve("cut-colorized.png")).getWidth());
    }

    @Test
    void folderModeTakesTiffAndWebpAndPortraitsComeOutUpright() throws Exception {
        Path in = tmp.resolve("formats/in");
        Files.createDirectories(in);
        Files.write(in.resolve("scan.tif"), ImageFiles.encode(ImageFiles.noisy(50, 30, 4), "tiff"));
        Files.write(in.resolve("scan2.TIFF"), ImageFiles.encode(ImageFiles.noisy(30, 20, 5), "tiff"));
        Files.write(in.resolve("web.webp"), ImageFiles.losslessWebp(24, 16));
        BufferedImage landscape = ImageFiles.noisy(64, 40, 6);
        Files.write(in.resolve("phone.jpg"), ImageFiles.insertSegment(ImageFiles.jpeg(landscape), ImageFiles.exifApp1(6, true)));
        Path out = tmp.resolve("formats/out");
        Result r = run(in.toString(), "-o", out.toString(), "--model", model.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("4 done"), r.err());
        for (String name : List.of("scan", "scan2", "web")) {
            assertTrue(Files.isRegularFile(out.resolve(name + "-colorized.png")), name);
        }
        assertEquals(24, Images.read(out.resolve("web-colorized.png")).getWidth());
        BufferedImage phone = Images.read(out.resolve("phone-colorized.png"));
        assertEquals(40, phone.getWidth(), "stored 64x40 with orientation 6: upright 40x64");
        assertEquals(64, phone.getHeight());
    }

    @Test
    void aFolderOfDamagedImagesIsDoneOrListedFileByFile() throws Exception {
        Path in = tmp.resolve("fuzz/in");
        List<Path> files = ImageFiles.writeMutants(in, 120, 77L);
        Path out = tmp.resolve("fuzz/out");
        Result r = run(in.toString(), "-o", out.toString(), "--threads", "2", "--max-pixels", "4000000",
                "--model", model.toString());
        assertTrue(r.code() == 0 || r.code() == ColorizeCli.EXIT_IMAGE_FAILED, r.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) done, 0 skipped, (\\d+) failed").matcher(r.err());
        assertTrue(m.find(), r.err());
        int done = Integer.parseInt(m.group(1)), failed = Integer.parseInt(m.group(2));
        assertEquals(files.size(), done + failed, r.err());
        List<String> failures = r.err().lines().filter(l -> l.startsWith("  ")).toList();
        assertEquals(failed, failures.size(), r.err());
        for (String line : failures) {
            assertTrue(line.trim().startsWith(in.toString()), "names its file: " + line);
        }
        try (var s = Files.list(out)) {
            assertEquals(done, s.count(), "one output per image done");
        }
        System.out.printf("CLI fuzz: %d damaged files, %d done, %d failed in %.1f s%n", files.size(), done, failed, r.seconds());
    }

    @Test
    void anImageTooLargeForTheHeapFailsAloneInAFolderRun() throws Exception {
        // 64 megapixels under the pixel limit it is given, in a JVM with a 256 MB heap: decoding fits,
        // colorizing does not (OutOfMemoryError). That image fails, named; the others are done.
        Path in = tmp.resolve("oom/in");
        Files.createDirectories(in);
        Files.write(in.resolve("a-huge.png"), ImageFiles.blackGrayPng(8000, 8000));
        Images.write(ImageFiles.noisy(60, 40, 8), in.resolve("b.png"));
        Images.write(ImageFiles.noisy(40, 60, 9), in.resolve("c.png"));
        Path out = tmp.resolve("oom/out");
        Path log = tmp.resolve("oom.log");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), ColorizeCli.class.getName(),
                in.toString(), "-o", out.toString(), "--model", model.toString(), "--max-pixels", "100000000");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS), "finished");
        String text = Files.readString(log);
        assertEquals(ColorizeCli.EXIT_IMAGE_FAILED, p.exitValue(), text);
        assertTrue(text.contains("2 done") && text.contains("1 failed"), text);
        assertTrue(text.contains(in.resolve("a-huge.png") + ": needs more memory"), text);
        assertTrue(Files.isRegularFile(out.resolve("b-colorized.png")) && Files.isRegularFile(out.resolve("c-colorized.png")));
    }
}
