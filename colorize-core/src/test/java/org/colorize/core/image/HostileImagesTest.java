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

    /** A real 1x1 PNG written by ImageIO whose IHDR then declares {@code w x h} (CRC recomputed). */
    static byte[] pngDeclaring(int w, int h) throws IOException {
        BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(one, "png", bytes);
        byte[] png = bytes.toByteArray();
        assertEquals("IHDR", new String(png, 12, 4, java.nio.charset.StandardCharsets.US_ASCII));
        ByteBuffer b = ByteBuffer.wrap(png).order(ByteOrder.BIG_ENDIAN);
        b.putInt(16, w).putInt(20, h);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 4 + 13);
        b.putInt(29, (int) crc.getValue());
        return png;
    }

    /** A noisy 256x192 RGB image: every JPEG block has detail, so a cut-off file misses real data. */
    static BufferedImage noisy(long seed) {
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(256, 192, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 192; y++) {
            for (int x = 0; x < 256; x++) {
                img.setRGB(x, y, (x << 16) | ((y + 40) << 8) | rnd.nextInt(256));
            }
        }
        return img;
    }

    static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, bytes), "no writer for " + format);
        return bytes.toByteArray();
    }

    @Test
    void aTinyPngDeclaring30000x30000IsRefusedFromItsHeaderInWellUnderASecond() throws Exception {
        Path bomb = tmp.resolve("bomb.png");
        Files.write(bomb, pngDeclaring(30000, 30000));
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
        Images.write(noisy(1).getSubimage(0, 0, 100, 100), img);
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
        byte[] jpeg = encode(noisy(2), "jpeg");
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
            byte[] full = encode(noisy(3), format);
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
