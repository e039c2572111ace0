package org.colorize.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.colorize.core.model.ModelKind;
import org.colorize.core.image.DecodedImage;
import org.colorize.core.image.Images;
import org.colorize.core.image.Resize;
import org.colorize.core.image.SyntheticImages;
import org.colorize.data.source.FolderSource;
import org.colorize.data.source.ListSource;
import org.colorize.data.source.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/**
 * colorize-data reads and resizes pictures with colorize-core's decoder and resampler, so a file means
 * the same to training as to the pipeline: 8-bit colour and gray, and 16-bit gray at its full precision.
 */
class DecodingAgreesWithCoreTest {

    private static BufferedImage bgr(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }

    /** A 16-bit gray picture whose samples are mostly not multiples of 257 (8 bits cannot hold them). */
    private static BufferedImage gray16(int w, int h) {
        BufferedImage g = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                g.getRaster().setSample(x, y, 0, (x * 1931 + y * 977 + x * y * 13) & 0xffff);
            }
        }
        return g;
    }

    private static float[] floats(org.nd4j.linalg.api.ndarray.INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    @Test
    void folderSourceReadsFilesAsThePipelineDoes(@TempDir Path dir) throws Exception {
        BufferedImage photo = SyntheticImages.photoLike(48, 40, 5);
        ImageIO.write(bgr(photo), "png", dir.resolve("a-colour.png").toFile());
        ImageIO.write(bgr(photo), "jpg", dir.resolve("b-colour.jpg").toFile());
        ImageIO.write(SyntheticImages.gray(photo), "png", dir.resolve("c-gray8.png").toFile());
        ImageIO.write(gray16(48, 40), "png", dir.resolve("d-gray16.png").toFile());
        FolderSource source = FolderSource.open(dir);
        assertEquals(4, source.size());
        for (int i = 0; i < source.size(); i++) {
            String name = source.file(i).getFileName().toString();
            RgbImage img = source.get(i).image();
            DecodedImage core = DecodedImage.of(Images.read(source.file(i)));
            assertEquals(core.width(), img.width(), name);
            assertEquals(core.height(), img.height(), name);
            if (name.contains("colour")) {
                assertNull(img.exactGray(), name);
                DecodedImage fromData = DecodedImage.of(img.toBufferedImage());
                assertArrayEquals(core.lightness(), fromData.lightness(), 0f, name + ": L");
                assertArrayEquals(core.gray(), fromData.gray(), 0f, name + ": gray");
            } else if (name.contains("gray8")) {
                assertNull(img.exactGray(), name);
                for (int p = 0; p < img.pixels().length; p++) {
                    int v = Math.round(core.gray()[p] * 255f);
                    assertEquals(v * 0x010101, img.pixels()[p], name + " pixel " + p);
                }
            } else {
                float[] exact = img.exactGray();
                assertNotNull(exact, name + " keeps 16 bits");
                assertArrayEquals(core.gray(), exact, 0f, name + ": the pipeline's gray, bit for bit");
                int beyond8 = 0;
                for (int p = 0; p < exact.length; p++) {
                    int v8 = img.pixels()[p] & 0xff;
                    assertEquals(Math.round(exact[p] * 255f), v8, name + " pixel " + p + " rounded to 8 bits");
                    beyond8 += exact[p] != v8 / 255f ? 1 : 0;
                }
                assertTrue(beyond8 > exact.length / 2, "most 16-bit values are not 8-bit values: " + beyond8);
            }
        }
    }

    @Test
    void batchesOfA16BitGrayPictureCarryThePipelinesGrayResizedByCore() {
        BufferedImage picture = gray16(40, 40);
        float[] coreGray = DecodedImage.of(picture).gray();
        ListSource source = ListSource.of(List.of(picture));
        for (int side : new int[] {40, 16, 56}) {
            ColorizationData data = ColorizationData.builder().source(source).size(side, side).batchSize(1).workers(1)
                    .encoding(ModelKind.GRAY_TO_RGB).shuffle(false).build();
            float[] expected = Resize.plane(coreGray, 40, 40, side, side);
            try (ColorizationIterator it = data.iterator()) {
                DataSet ds = it.next();
                float[] labels = floats(ds.getLabels());
                int plane = side * side;
                assertEquals(3 * plane, labels.length);
                for (int c = 0; c < 3; c++) {
                    assertArrayEquals(expected, Arrays.copyOfRange(labels, c * plane, (c + 1) * plane), 0f,
                            side + "x" + side + " channel " + c);
                }
            }
        }
    }
}
