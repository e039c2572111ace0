package org.colorize.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.colorize.data.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarSourceTest {

    /** Reads one record's bytes with plain file I/O, independently of the source. */
    private static byte[] rawRecord(Path file, int record, int recordBytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] b = new byte[recordBytes];
            f.seek((long) record * recordBytes);
            f.readFully(b);
            return b;
        }
    }

    private static void assertPixelsMatch(byte[] raw, int labelBytes, RgbImage image) {
        assertEquals(32, image.width());
        assertEquals(32, image.height());
        for (int p = 0; p < 1024; p++) {
            int x = p % 32, y = p / 32;
            int rgb = image.rgb(x, y);
            assertEquals(raw[labelBytes + p] & 0xff, (rgb >> 16) & 0xff, "R of pixel " + p);
            assertEquals(raw[labelBytes + 1024 + p] & 0xff, (rgb >> 8) & 0xff, "G of pixel " + p);
            assertEquals(raw[labelBytes + 2048 + p] & 0xff, rgb & 0xff, "B of pixel " + p);
        }
    }

    @Test
    void readsRealCifar10Batches() throws IOException {
        Path[] files = TestData.cifar();
        CifarSource cifar = CifarSource.open(files);
        assertEquals(CifarSource.Layout.CIFAR_10, cifar.layout());
        assertEquals(20_000, cifar.size());
        // Known first record of data_batch_1: label 6 (frog); first R bytes 61, 48, 56, 81 in this copy.
        LabeledImage first = cifar.get(0);
        assertEquals(6, first.label());
        assertEquals(61, (first.image().rgb(0, 0) >> 16) & 0xff);
        assertEquals(48, (first.image().rgb(1, 0) >> 16) & 0xff);
        assertEquals(62, (first.image().rgb(0, 0) >> 8) & 0xff);
        assertEquals(67, first.image().rgb(0, 0) & 0xff);
        assertEquals(9, cifar.label(1));
        for (int index : new int[] {0, 1, 4321, 9999, 10_000, 19_999}) {
            Path file = files[index / 10_000];
            byte[] raw = rawRecord(file, index % 10_000, 3073);
            LabeledImage li = cifar.get(index);
            assertEquals(raw[0] & 0xff, li.label(), "label of " + index);
            assertEquals(raw[0] & 0xff, cifar.label(index));
            assertEquals(-1, cifar.coarseLabel(index));
            assertPixelsMatch(raw, 1, li.image());
            assertTrue(li.origin().contains(file.getFileName().toString()), li.origin());
        }
        assertThrows(IndexOutOfBoundsException.class, () -> cifar.get(20_000));
    }

    @Test
    void readsCifar100Layout(@TempDir Path tmp) throws IOException {
        // 5 real images re-laid out as CIFAR-100 records (coarse, fine, pixels).
        Path src = TestData.cifar()[0];
        Path file = tmp.resolve("train.bin");
        byte[] all = new byte[5 * 3074];
        for (int r = 0; r < 5; r++) {
            byte[] raw = rawRecord(src, r, 3073);
            all[r * 3074] = (byte) (r + 10);       // coarse label
            all[r * 3074 + 1] = (byte) (r * 20 + 3); // fine label
            System.arraycopy(raw, 1, all, r * 3074 + 2, 3072);
        }
        Files.write(file, all);
        CifarSource cifar = CifarSource.open(file);
        assertEquals(CifarSource.Layout.CIFAR_100, cifar.layout());
        assertEquals(5, cifar.size());
        for (int r = 0; r < 5; r++) {
            assertEquals(r * 20 + 3, cifar.get(r).label());
            assertEquals(r + 10, cifar.coarseLabel(r));
            assertPixelsMatch(rawRecord(src, r, 3073), 1, cifar.get(r).image());
        }
        // explicit layout, many files
        CifarSource two = CifarSource.open(CifarSource.Layout.CIFAR_100, List.of(file, file));
        assertEquals(10, two.size());
        assertEquals(43, two.get(7).label());
    }

    @Test
    void refusesFilesThatAreNotWholeRecords(@TempDir Path tmp) throws IOException {
        Path src = TestData.cifar()[0];
        Path truncated = tmp.resolve("truncated.bin");
        byte[] bytes = new byte[3 * 3073 - 100];
        try (RandomAccessFile f = new RandomAccessFile(src.toFile(), "r")) {
            f.readFully(bytes);
        }
        Files.write(truncated, bytes);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CifarSource.open(truncated));
        assertTrue(e.getMessage().contains("truncated.bin") && e.getMessage().contains("9,119"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> CifarSource.open(CifarSource.Layout.CIFAR_10, List.of(src, truncated)));
        assertTrue(e2.getMessage().contains("truncated.bin") && e2.getMessage().contains("3,073"), e2.getMessage());
        Path empty = Files.createFile(tmp.resolve("empty.bin"));
        assertThrows(IllegalArgumentException.class, () -> CifarSource.open(empty));
    }

    @Test
    void splitsAreDeterministic() {
        CifarSource cifar = CifarSource.open(TestData.cifar());
        Split last = Split.last(cifar, 1000);
        assertEquals(19_000, last.train().size());
        assertEquals(1000, last.validation().size());
        assertEquals(cifar.label(19_000), last.validation().get(0).label());
        Split a = Split.random(cifar, 0.1, 7), b = Split.random(cifar, 0.1, 7), c = Split.random(cifar, 0.1, 8);
        assertEquals(2000, a.validation().size());
        assertEquals(a.validation().origin(0), b.validation().origin(0));
        assertEquals(a.validation().origin(1999), b.validation().origin(1999));
        boolean differs = false;
        for (int i = 0; i < 20 && !differs; i++) {
            differs = !a.validation().origin(i).equals(c.validation().origin(i));
        }
        assertTrue(differs, "another seed gives another split");
        Split range = Split.range(cifar, 100, 200);
        assertEquals(100, range.validation().size());
        assertEquals(cifar.origin(100), range.validation().origin(0));
        assertEquals(cifar.origin(200), range.train().origin(100));
    }
}
