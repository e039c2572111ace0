package org.colorize.models;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.colorize.core.color.ColorSpace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A few real CIFAR-10 images for the tests of this module, read straight from the binary batch
 * (3,073 bytes a record: label, 1,024 R, 1,024 G, 1,024 B). Tests skip when the data is absent.
 */
final class CifarRecords {

    private static final int RECORD = 3073;
    private static final int PIXELS = 1024;

    private CifarRecords() {
    }

    /** @return the data folder ({@code colorize.data.dir}, else ../shared/data), skipping when absent */
    static Path dataDir() {
        String prop = System.getProperty("colorize.data.dir");
        Path dir = prop != null ? Path.of(prop) : Path.of("..", "..", "shared", "data");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("..", "shared", "data");
        }
        assumeTrue(Files.isDirectory(dir), "real test data not found at " + dir.toAbsolutePath()
                + " (set -Dcolorize.data.dir); skipping");
        return dir;
    }

    /**
     * @param count how many images, from the start of data_batch_1.bin
     * @return sRGB in [0,1], NCHW [count, 3, 32, 32]
     */
    static INDArray rgb(int count) {
        Path file = dataDir().resolve("cifar-10").resolve("data_batch_1.bin");
        assumeTrue(Files.isRegularFile(file), "CIFAR-10 batch " + file.toAbsolutePath() + " not found; skipping");
        byte[] buf = new byte[RECORD * count];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(buf, 0, buf.length) != buf.length) {
                throw new IllegalStateException(file + " has fewer than " + count + " records");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        float[] data = new float[count * 3 * PIXELS];
        for (int r = 0; r < count; r++) {
            for (int i = 0; i < 3 * PIXELS; i++) {
                data[r * 3 * PIXELS + i] = (buf[r * RECORD + 1 + i] & 0xff) / 255f;
            }
        }
        return Nd4j.create(data, new long[] {count, 3, 32, 32}, 'c').castTo(DataType.FLOAT);
    }

    /** @return the luma gray [N,1,32,32] in [0,1] of NCHW RGB */
    static INDArray gray(INDArray rgb) {
        return rgb.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(0))
                .mul(0.299).addi(rgb.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(1)).mul(0.587))
                .addi(rgb.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(2)).mul(0.114))
                .reshape(rgb.size(0), 1, rgb.size(2), rgb.size(3));
    }

    /** @return Lab of NCHW RGB as NCHW [N,3,H,W], L in [0,100] */
    static INDArray lab(INDArray rgb) {
        long n = rgb.size(0);
        long h = rgb.size(2);
        long w = rgb.size(3);
        float[] inter = rgb.permute(0, 2, 3, 1).dup('c').data().asFloat();
        float[] lab = ColorSpace.RGB.to(ColorSpace.LAB, inter);
        return Nd4j.create(lab, new long[] {n, h, w, 3}, 'c').permute(0, 3, 1, 2).dup('c');
    }
}
