package org.colorize.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.colorize.core.model.ModelKind;
import org.colorize.data.ColorizationData;
import org.colorize.data.ColorizationIterator;
import org.colorize.data.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

class FolderSourceTest {

    @Test
    void listsTheRealPhotosRecursively() {
        FolderSource photos = FolderSource.open(TestData.dir().resolve("photos"));
        assertEquals(42, photos.size());
        assertEquals(0, photos.skippedCount());
        assertTrue(photos.file(0).toString().contains("kodak"), "sorted by relative path: " + photos.file(0));
        RgbImage kodim = photos.get(0).image();
        assertEquals(768, kodim.width());
        assertEquals(512, kodim.height());
    }

    @Test
    void badFilesAreSkippedAndEveryGoodImageIsYielded(@TempDir Path tmp) throws IOException {
        Path photos = TestData.dir().resolve("photos");
        Path sub = Files.createDirectories(tmp.resolve("a/b"));
        Files.copy(photos.resolve("skimage/chelsea.png"), tmp.resolve("chelsea.png"));
        Files.copy(photos.resolve("skimage/rocket.jpg"), sub.resolve("ROCKET.JPG"));
        Files.copy(photos.resolve("unsplash/0ZTN4h.jpg"), sub.resolve("0ZTN4h.jpeg"));
        // a PNG whose header is fine but whose data is cut off: passes the probe, fails to decode
        byte[] png = Files.readAllBytes(photos.resolve("skimage/coffee.png"));
        Files.write(tmp.resolve("b_corrupt.png"), Arrays.copyOf(png, 2000));
        // text under an image name, and a text file
        Files.writeString(tmp.resolve("fake.jpg"), "this is not a JPEG");
        Files.writeString(tmp.resolve("notes.txt"), "not an image at all");

        FolderSource source = FolderSource.open(tmp);
        assertEquals(1, source.skippedCount(), "fake.jpg is left out when listed");
        assertTrue(source.skippedFiles().get(0).endsWith("fake.jpg"));
        assertEquals(4, source.size(), "notes.txt is not listed; b_corrupt.png is found bad only when decoded");

        ColorizationData data = ColorizationData.builder().source(source).encoding(ModelKind.L_TO_AB).size(24, 16)
                .batchSize(3).shuffle(false).workers(2).build();
        try (ColorizationIterator it = data.iterator()) {
            int images = 0, batches = 0;
            while (it.hasNext()) {
                DataSet ds = it.next();
                images += (int) ds.getFeatures().size(0);
                batches++;
            }
            assertEquals(3, images, "every good image");
            assertEquals(2, batches);
            assertEquals(2, it.skippedCount());
            it.reset();
            int again = 0;
            while (it.hasNext()) {
                again += (int) it.next().getFeatures().size(0);
            }
            assertEquals(3, again, "the next epoch too");
            assertEquals(2, it.skippedCount(), "each bad file counted once");
        }
        assertThrows(ImageReadException.class, () -> source.get(source.files().indexOf(tmp.resolve("b_corrupt.png"))));
    }

    @Test
    void readsAnyBufferedImageType() {
        int w = 5, h = 3;
        BufferedImage ref = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                ref.setRGB(x, y, (x * 50) << 16 | (y * 100) << 8 | (x * y * 20));
            }
        }
        int[] types = {BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_3BYTE_BGR,
            BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_ARGB_PRE};
        for (int type : types) {
            BufferedImage img = new BufferedImage(w, h, type);
            img.createGraphics().drawImage(ref, 0, 0, null);
            RgbImage rgb = RgbImage.of(img);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    assertEquals(ref.getRGB(x, y) & 0xFFFFFF, rgb.rgb(x, y), "type " + type + " at " + x + "," + y);
                }
            }
        }
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(0, 0, 0, 100);
        gray.getRaster().setSample(1, 0, 0, 255);
        assertEquals(0x646464, RgbImage.of(gray).rgb(0, 0), "gray samples are sRGB gray, not linear");
        BufferedImage gray16 = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(0, 0, 0, 257 * 100);
        assertEquals(0x646464, RgbImage.of(gray16).rgb(0, 0));
        IndexColorModel icm = new IndexColorModel(2, 2, new byte[] {10, 20}, new byte[] {30, 40}, new byte[] {50, 60});
        BufferedImage indexed = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_BINARY, icm);
        indexed.getRaster().setSample(0, 0, 0, 1);
        assertEquals(20 << 16 | 40 << 8 | 60, RgbImage.of(indexed).rgb(0, 0));
        BufferedImage back = RgbImage.of(ref).toBufferedImage();
        assertEquals(ref.getRGB(4, 2), back.getRGB(4, 2));
    }

    @Test
    void listSourceConvertsOnce() throws IOException {
        BufferedImage a = ImageIO.read(TestData.file("photos/skimage/chelsea.png").toFile());
        ListSource list = ListSource.of(List.of(a, a), new int[] {3, 4});
        assertEquals(2, list.size());
        assertEquals(4, list.get(1).label());
        assertEquals(a.getRGB(10, 20) & 0xFFFFFF, list.get(0).image().rgb(10, 20));
        Set<String> origins = new HashSet<>(List.of(list.origin(0), list.origin(1)));
        assertEquals(2, origins.size());
    }
}
