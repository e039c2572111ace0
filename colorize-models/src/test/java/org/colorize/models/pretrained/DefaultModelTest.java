package org.colorize.models.pretrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.colorize.core.Colorizer;
import org.colorize.core.bundle.ModelCatalog;
import org.colorize.core.image.Images;
import org.colorize.core.testing.TestData;
import org.junit.jupiter.api.Test;

/** The embedded default model: found by name, loads offline in a fresh JVM, colorizes real photos. */
class DefaultModelTest {

    /** Run in a child JVM: colorize every photo given with {@code fromPretrained()}, print the sizes. */
    public static void main(String[] args) throws Exception {
        try (Colorizer c = Colorizer.fromPretrained()) {
            for (String a : args) {
                BufferedImage in = Images.read(Path.of(a));
                BufferedImage out = c.colorize(in);
                System.out.println("SIZE " + a + " " + in.getWidth() + "x" + in.getHeight() + " -> "
                        + out.getWidth() + "x" + out.getHeight() + " " + c.metadata().architecture());
            }
        }
    }

    @Test
    void catalogueNamesTheDefaultModelAndItsArchitecture() throws Exception {
        var entry = ModelCatalog.find("default").orElseThrow(() -> new AssertionError("no 'default' in the catalogue"));
        assertTrue(entry.aliases().contains("lab-unet-cifar"), entry.toString());
        try (Colorizer c = Colorizer.fromPretrained("lab-unet-cifar")) {
            assertEquals("lab-unet", c.metadata().architecture());
            assertTrue(c.metadata().provenance().containsKey("trainingData"), "provenance records the training data");
        }
    }

    @Test
    void loadsOfflineInAFreshJvmAndColorizesEveryPhotoAtItsSize() throws Exception {
        List<Path> photos = TestData.photos();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Dcolorize.offline=true", "-Dcolorize.cache.dir=" + new File("target/no-cache").getAbsolutePath(),
                "-cp", System.getProperty("java.class.path"), DefaultModelTest.class.getName()));
        photos.forEach(p -> cmd.add(p.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child JVM finished");
        assertEquals(0, p.exitValue(), out);
        long lines = out.lines().filter(l -> l.startsWith("SIZE ")).count();
        assertEquals(photos.size(), lines, out);
        out.lines().filter(l -> l.startsWith("SIZE ")).forEach(l -> {
            String[] f = l.split(" ");
            assertEquals(f[2], f[4], "output size equals input size: " + l);
        });
    }
}
