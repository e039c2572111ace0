package org.colorize.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.colorize.core.color.ColorSpace;
import org.colorize.core.Colorizer;
import org.colorize.core.color.Lab;
import org.colorize.core.testing.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Every BufferedImage type a user may hand over decodes correctly and comes back at its size, with its alpha. */
class ImageTypesTest {

    private static BufferedImage photo;
    private static Colorizer colorizer;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void setUp() throws Exception {
        photo = SyntheticImages.photoLike(451, 300, 3); // no data folder needed
        colorizer = Colorizer.of(TinyModels.lToAb());
    }

    @AfterAll
    static void tearDown() {
        if (colorizer != null) {
            colorizer.close();
        }
    }

    /** The picture drawn into a new image of the type (also used by {@link PackedRgbTest}). */
    static BufferedImage convert(BufferedImage src, int type) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), type);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }

    private static BufferedImage withAlpha(BufferedImage src, int type) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), type);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                int a = (x * 255 / Math.max(1, src.getWidth() - 1)) & 0xff;
                out.setRGB(x, y, (a << 24) | (src.getRGB(x, y) & 0xffffff));
            }
        }
        return out;
    }

    private static BufferedImage gray8(BufferedImage src) {
        BufferedImage g = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                int p = src.getRGB(x, y);
                int v = Math.round(Lab.luma((p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff));
                g.getRaster().setSample(x, y, 0, v);
            }
        }
        return g;
    }

    private static BufferedImage gray16(BufferedImage src) {
        BufferedImage g = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                int p = src.getRGB(x, y);
                float v = Lab.luma((p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff) / 255f;
                g.getRaster().setSample(x, y, 0, Math.round(v * 65535));
            }
        }
        return g;
    }

    private static BufferedImage writeAndRead(BufferedImage img, String format) throws Exception {
        Path f = tmp.resolve("img-" + format + "-" + img.getType() + "." + format);
        assertTrue(ImageIO.write(img, format, f.toFile()), "writer for " + format);
        return Images.read(f);
    }

    private static Map<String, BufferedImage> allTypes() throws Exception {
        Map<String, BufferedImage> m = new LinkedHashMap<>();
        m.put("BYTE_GRAY", gray8(photo));
        m.put("USHORT_GRAY", gray16(photo));
        m.put("3BYTE_BGR", convert(photo, BufferedImage.TYPE_3BYTE_BGR));
        m.put("INT_RGB", convert(photo, BufferedImage.TYPE_INT_RGB));
        m.put("INT_BGR", convert(photo, BufferedImage.TYPE_INT_BGR));
        m.put("INT_ARGB", withAlpha(photo, BufferedImage.TYPE_INT_ARGB));
        m.put("4BYTE_ABGR", withAlpha(photo, BufferedImage.TYPE_4BYTE_ABGR));
        m.put("INT_ARGB_PRE", withAlpha(photo, BufferedImage.TYPE_INT_ARGB_PRE));
        m.put("BYTE_INDEXED", convert(photo, BufferedImage.TYPE_BYTE_INDEXED));
        m.put("png-rgb", writeAndRead(convert(photo, BufferedImage.TYPE_3BYTE_BGR), "png"));
        m.put("png-rgba", writeAndRead(withAlpha(photo, BufferedImage.TYPE_4BYTE_ABGR), "png"));
        m.put("png-gray16", writeAndRead(gray16(photo), "png"));
        m.put("jpeg", writeAndRead(convert(photo, BufferedImage.TYPE_3BYTE_BGR), "jpg"));
        m.put("jpeg-gray", writeAndRead(gray8(photo), "jpg"));
        m.put("bmp", writeAndRead(convert(photo, BufferedImage.TYPE_3BYTE_BGR), "bmp"));
        m.put("gif", writeAndRead(convert(photo, BufferedImage.TYPE_BYTE_INDEXED), "gif"));
        return m;
    }

    @Test
    void everyTypeColorizesToItsOwnSizeWithItsAlphaUntouched() throws Exception {
        for (Map.Entry<String, BufferedImage> e : allTypes().entrySet()) {
            BufferedImage in = e.getValue();
            BufferedImage out = colorizer.colorize(in);
            String what = e.getKey() + " (type " + in.getType() + ")";
            assertEquals(in.getWidth(), out.getWidth(), what);
            assertEquals(in.getHeight(), out.getHeight(), what);
            boolean alpha = in.getColorModel().hasAlpha();
            assertEquals(alpha, out.getColorModel().hasAlpha(), what + " alpha kept");
            DecodedImage din = DecodedImage.of(in), dout = DecodedImage.of(out);
            for (int i = 0; i < din.lightness().length; i++) {
                assertEquals(din.lightness()[i], dout.lightness()[i], 1.0, what + " L at pixel " + i);
                if (alpha) {
                    assertEquals(in.getRGB(i % in.getWidth(), i / in.getWidth()) >>> 24,
                            out.getRGB(i % in.getWidth(), i / in.getWidth()) >>> 24, what + " alpha at pixel " + i);
                }
            }
        }
    }

    @Test
    void grayIsReadFromItsSamplesNotThroughLinearGray() {
        BufferedImage g8 = gray8(photo);
        DecodedImage d = DecodedImage.of(g8);
        int v = g8.getRaster().getSample(10, 20, 0);
        int i = 20 * g8.getWidth() + 10;
        assertEquals(v / 255f, d.gray()[i], 1e-6f);
        assertEquals((float) Lab.exactRgbToLab(v / 255.0, v / 255.0, v / 255.0)[0], d.lightness()[i], 1e-3f);
        assertNull(d.alpha());
        BufferedImage g16 = gray16(photo);
        DecodedImage d16 = DecodedImage.of(g16);
        assertEquals(g16.getRaster().getSample(10, 20, 0) / 65535f, d16.gray()[i], 1e-6f);
    }

    @Test
    void colourPixelsDecodeToExactLab() {
        BufferedImage rgb = convert(photo, BufferedImage.TYPE_INT_RGB);
        DecodedImage d = DecodedImage.of(rgb);
        for (int i = 0; i < d.lightness().length; i += 101) {
            int p = rgb.getRGB(i % rgb.getWidth(), i / rgb.getWidth());
            double[] lab = Lab.exactRgbToLab(((p >> 16) & 0xff) / 255.0, ((p >> 8) & 0xff) / 255.0, (p & 0xff) / 255.0);
            assertEquals(lab[0], d.lightness()[i], 1e-3);
        }
        BufferedImage argb = withAlpha(photo, BufferedImage.TYPE_INT_ARGB);
        assertNotNull(DecodedImage.of(argb).alpha());
        assertEquals(255, DecodedImage.of(argb).alpha()[photo.getWidth() - 1]);
    }

    @Test
    void tensorsRoundTrip() {
        BufferedImage rgb = convert(photo, BufferedImage.TYPE_INT_RGB);
        for (ColorSpace space : List.of(ColorSpace.RGB, ColorSpace.LAB)) {
            INDArray t = ImageTensors.toTensor(List.of(rgb, rgb), space);
            assertEquals(List.of(2L, 3L, (long) rgb.getHeight(), (long) rgb.getWidth()),
                    new ArrayList<>(List.of(t.shape()[0], t.shape()[1], t.shape()[2], t.shape()[3])));
            BufferedImage back = ImageTensors.toImage(t, 1, space);
            for (int y = 0; y < rgb.getHeight(); y += 3) {
                for (int x = 0; x < rgb.getWidth(); x += 3) {
                    int a = rgb.getRGB(x, y), b = back.getRGB(x, y);
                    for (int s = 0; s <= 16; s += 8) {
                        assertTrue(Math.abs(((a >> s) & 0xff) - ((b >> s) & 0xff)) <= (space == ColorSpace.RGB ? 0 : 1),
                                space + " pixel " + x + "," + y);
                    }
                }
            }
        }
        INDArray g = ImageTensors.toTensor(gray8(photo), ColorSpace.GRAY);
        assertEquals(1, g.shape()[1]);
        assertTrue(IndexColorModel.class.isInstance(convert(photo, BufferedImage.TYPE_BYTE_INDEXED).getColorModel()));
    }

    @Test
    void atomicWriteLeavesNoTemporaryFile() throws Exception {
        Path out = tmp.resolve("w/out.png");
        Images.write(photo, out);
        assertEquals(photo.getWidth(), Images.read(out).getWidth());
        try (var s = Files.list(out.getParent())) {
            assertEquals(1, s.count());
        }
        if (out.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertTrue(Files.getPosixFilePermissions(out).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ),
                    "ordinary permissions, not a temporary file's owner-only ones");
        }
    }
}
