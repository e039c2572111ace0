package org.colorize.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.colorize.core.Colorizer;
import org.colorize.core.color.Lab;
import org.colorize.core.testing.ImageFiles;
import org.colorize.core.testing.TestData;
import org.colorize.core.testing.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images as attackers and users make them, all generated here: a tiny PNG declaring 30000x30000, a
 * JPEG cut short, and the pixel limit of {@link Images#read(Path, ImageReadOptions)} and of the Colorizer.
 */
class HostileImagesTest {

    @TempDir
    static Path tmp;
    private static Colorizer colorizer;

    @BeforeAll
    static void setUp() throws Exception {
        colorizer = Colorizer.builder().model(TinyModels.lToAb()).build();
    }

    @AfterAll
    static void tearDown() {
        if (colorizer != null) {
            colorizer.close();
        }
    }

    @Test
    void aTinyPngDeclaring30000x30000IsRefusedFromItsHeaderInWellUnderASecond() throws Exception {
        Path bomb = tmp.resolve("bomb.png");
        Files.write(bomb, ImageFiles.pngDeclaring(30000, 30000));
        assertTrue(Files.size(bomb) < 200, "the file is " + Files.size(bomb) + " bytes");
        long t0 = System.nanoTime();
        ImageTooLargeException e = assertThrows(ImageTooLargeException.class, () -> Images.read(bomb));
        double ms = (System.nanoTime() - t0) / 1e6;
        assertTrue(ms < 1000, "refusing took " + ms + " ms");
        assertEquals(30000, e.width());
        assertEquals(30000, e.height());
        assertEquals(ImageReadOptions.DEFAULT_MAX_PIXELS, e.limit());
        assertTrue(e.getMessage().contains(bomb.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("30000x30000"), e.getMessage());
        assertTrue(e.getMessage().contains(Long.toString(ImageReadOptions.DEFAULT_MAX_PIXELS)), e.getMessage());
        System.out.printf("refused the 30000x30000 PNG (%d bytes) in %.1f ms%n", Files.size(bomb), ms);
        // the Colorizer refuses it too, with the same exception
        long t1 = System.nanoTime();
        assertThrows(ImageTooLargeException.class, () -> colorizer.colorize(bomb));
        assertTrue((System.nanoTime() - t1) / 1e6 < 1000);
        // and so does reading it from a stream
        assertThrows(ImageTooLargeException.class,
                () -> Images.read(new ByteArrayInputStream(Files.readAllBytes(bomb)), "upload", ImageReadOptions.defaults()));
    }

    @Test
    void thePixelLimitIsConfigurableAndExact() throws Exception {
        Path img = tmp.resolve("100x100.png");
        Images.write(ImageFiles.noisy(256, 192, 1).getSubimage(0, 0, 100, 100), img);
        ImageTooLargeException e = assertThrows(ImageTooLargeException.class,
                () -> Images.read(img, ImageReadOptions.defaults().withMaxPixels(9_999)));
        assertTrue(e.getMessage().contains("100x100") && e.getMessage().contains("9999"), e.getMessage());
        assertEquals(100, Images.read(img, ImageReadOptions.defaults().withMaxPixels(10_000)).getWidth());
        try (Colorizer small = Colorizer.builder().model(TinyModels.lToAb()).maxPixels(5_000).build()) {
            assertEquals(5_000, small.readOptions().maxPixels());
            ImageTooLargeException c = assertThrows(ImageTooLargeException.class, () -> small.colorize(img));
            assertEquals(5_000, c.limit());
        }
        assertThrows(IllegalArgumentException.class, () -> Colorizer.builder().maxPixels(0));
        assertThrows(IllegalArgumentException.class, () -> new ImageReadOptions(0, false));
        assertEquals(100, Images.size(img)[0]);
    }

    @Test
    void aJpegCutShortIsAFailureNamingTheFileUnlessPartialImagesAreAllowed() throws Exception {
        byte[] jpeg = ImageFiles.encode(ImageFiles.noisy(256, 192, 2), "jpeg");
        Path whole = tmp.resolve("whole.jpg");
        Files.write(whole, jpeg);
        assertEquals(256, Images.read(whole).getWidth(), "an intact JPEG reads without complaint");
        Path cut = tmp.resolve("cut.jpg");
        Files.write(cut, Arrays.copyOf(jpeg, jpeg.length * 6 / 10));
        PartialImageException e = assertThrows(PartialImageException.class, () -> Images.read(cut));
        assertTrue(e.getMessage().startsWith(cut.toString() + ": "), e.getMessage());
        assertTrue(e.warnings().stream().anyMatch(w -> w.toLowerCase().contains("premature")
                || w.toLowerCase().contains("truncated")), e.warnings().toString());
        assertThrows(PartialImageException.class, () -> colorizer.colorize(cut));
        // allowed explicitly: the image as decoded, its missing part filled by the decoder
        BufferedImage partial = Images.read(cut, ImageReadOptions.defaults().withAllowPartial(true));
        assertEquals(256, partial.getWidth());
        assertEquals(192, partial.getHeight());
        try (Colorizer lenient = Colorizer.builder().model(TinyModels.lToAb()).allowPartial(true).build()) {
            assertEquals(192, lenient.colorize(cut).getHeight());
        }
    }

    @Test
    void otherDamagedFormatsFailWithTheFileNamed() throws Exception {
        for (String format : new String[] {"png", "bmp", "gif", "tiff"}) {
            byte[] full = ImageFiles.encode(ImageFiles.noisy(256, 192, 3), format);
            Path cut = tmp.resolve("cut." + format);
            Files.write(cut, Arrays.copyOf(full, full.length * 6 / 10));
            IOException e = assertThrows(IOException.class, () -> Images.read(cut), format);
            assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        }
        Path text = tmp.resolve("notes.png");
        Files.writeString(text, "not an image at all");
        IOException e = assertThrows(IOException.class, () -> Images.read(text));
        assertTrue(e.getMessage().startsWith(text + ": not a readable image"), e.getMessage());
        assertTrue(e.getMessage().contains("WebP"), e.getMessage());
    }

    @Test
    void everyRealPhotoReadsWithoutComplaint() throws Exception {
        // no false alarm: the shared photos (real camera and web JPEGs, PNGs) read whole and in sRGB
        for (Path photo : TestData.photos()) {
            BufferedImage img = Images.read(photo);
            int[] size = Images.size(photo);
            assertTrue(img.getWidth() * img.getHeight() == size[0] * size[1], photo.toString());
            assertTrue(img.getColorModel().getColorSpace().isCS_sRGB()
                    || img.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY, photo.toString());
        }
    }

    // the snippet of docs/pipeline.md, "Reading image files", verbatim
    static BufferedImage colorizeFile(Colorizer colorizer, Path file) throws IOException {
        ImageReadOptions options = ImageReadOptions.defaults().withMaxPixels(20_000_000);
        try {
            return colorizer.colorize(Images.read(file, options));   // upright, sRGB, whole
        } catch (ImageTooLargeException e) {                          // refused from the header
            System.err.println("skipping " + e.file() + ": " + e.width() + "x" + e.height() + " > " + e.limit());
            return null;
        }
    }

    @Test
    void theDocsSnippetRuns() throws Exception {
        Path ok = tmp.resolve("snippet.png");
        Images.write(ImageFiles.noisy(40, 30, 9), ok);
        assertEquals(40, colorizeFile(colorizer, ok).getWidth());
        Path big = tmp.resolve("snippet-big.png");
        Files.write(big, ImageFiles.pngDeclaring(5000, 5000));
        assertEquals(null, colorizeFile(colorizer, big));
    }

    @Test
    void warningsAreClassified() {
        assertTrue(Images.isDataLoss("Premature end of JPEG file"));
        assertTrue(Images.isDataLoss("Corrupt JPEG data: premature end of data segment"));
        assertTrue(Images.isDataLoss("Truncated File - Missing EOI marker"));
        assertTrue(!Images.isDataLoss("Corrupt JPEG data: 12 extraneous bytes before marker 0xd9"));
        assertTrue(!Images.isDataLoss("Ignoring bad ICC profile"));
    }

    /** The lightness of every pixel of an sRGB image. */
    static double[] lightness(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        double[] l = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                l[y * w + x] = Lab.lightnessOfRgb8(img.getRGB(x, y));
            }
        }
        return l;
    }
}
