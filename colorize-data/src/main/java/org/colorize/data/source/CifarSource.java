package org.colorize.data.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * CIFAR-10 and CIFAR-100 binary files ({@code cifar-10-batches-bin}, {@code cifar-100-binary}), one
 * or many, read as one source. A record is 1 label byte (CIFAR-10) or a coarse and a fine label byte
 * (CIFAR-100), then 1,024 red, 1,024 green and 1,024 blue bytes, each plane row-major 32x32.
 *
 * <p>Files are memory-mapped, not loaded: the heap holds no file contents, the operating system
 * pages records in as they are read, and reads are safe from any number of threads.
 *
 * <pre>{@code
 * CifarSource cifar = CifarSource.open(Path.of("data_batch_1.bin"), Path.of("data_batch_2.bin"));
 * LabeledImage first = cifar.get(0);   // first.label() in 0..9
 * }</pre>
 */
public final class CifarSource implements ImageSource {

    /** The side of a CIFAR image. */
    public static final int SIDE = 32;
    private static final int PLANE = SIDE * SIDE;

    /** The two record layouts. */
    public enum Layout {
        /** 3,073-byte records: label (0-9), then the pixels. */
        CIFAR_10(1),
        /** 3,074-byte records: coarse label (0-19), fine label (0-99), then the pixels. */
        CIFAR_100(2);

        private final int labelBytes;

        Layout(int labelBytes) {
            this.labelBytes = labelBytes;
        }

        /** @return the bytes of one record */
        public int recordBytes() {
            return labelBytes + 3 * PLANE;
        }

        /** @return the number of label bytes before the pixels */
        public int labelBytes() {
            return labelBytes;
        }

        private String describe() {
            return String.format("%,d-byte records (%s layout)", recordBytes(), this == CIFAR_10 ? "CIFAR-10" : "CIFAR-100");
        }
    }

    private final Layout layout;
    private final List<Path> files;
    private final int[] firstRecord; // global index of each file's first record, plus the total at the end
    private final ByteBuffer[][] chunks; // per file, mapped chunks of whole records
    private final int recordsPerChunk;

    private CifarSource(Layout layout, List<Path> files, int[] firstRecord, ByteBuffer[][] chunks, int recordsPerChunk) {
        this.layout = layout;
        this.files = files;
        this.firstRecord = firstRecord;
        this.chunks = chunks;
        this.recordsPerChunk = recordsPerChunk;
    }

    /**
     * Opens CIFAR files, detecting the layout from the file sizes and label bytes.
     *
     * @param files one or more files, all of the same layout
     * @return the source
     * @throws IllegalArgumentException if a file is not a whole number of records of either layout,
     *     or the layout cannot be told (the message names the file and its size)
     * @throws UncheckedIOException if a file cannot be read
     */
    public static CifarSource open(Path... files) {
        return open(Arrays.asList(files));
    }

    /**
     * Opens CIFAR files, detecting the layout (see {@link #open(Path...)}).
     *
     * @param files one or more files, all of the same layout
     * @return the source
     */
    public static CifarSource open(List<Path> files) {
        requireFiles(files);
        Layout layout = detect(files.get(0));
        return open(layout, files);
    }

    /**
     * Opens CIFAR files of a known layout.
     *
     * @param layout the record layout
     * @param files one or more files
     * @return the source
     * @throws IllegalArgumentException if a file's size is not a whole, non-zero number of records
     * @throws UncheckedIOException if a file cannot be read
     */
    public static CifarSource open(Layout layout, List<Path> files) {
        Objects.requireNonNull(layout, "layout");
        requireFiles(files);
        int rb = layout.recordBytes();
        int perChunk = Integer.MAX_VALUE / rb;
        List<Path> list = List.copyOf(files);
        int[] first = new int[list.size() + 1];
        ByteBuffer[][] chunks = new ByteBuffer[list.size()][];
        long total = 0;
        for (int f = 0; f < list.size(); f++) {
            Path file = list.get(f);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = channel.size();
                if (size == 0 || size % rb != 0) {
                    throw new IllegalArgumentException(String.format("CIFAR file %s has %,d bytes, not a whole number of %s",
                            file, size, layout.describe()));
                }
                long records = size / rb;
                first[f] = (int) total;
                total += records;
                if (total > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("too many CIFAR records (over " + Integer.MAX_VALUE + ") at " + file);
                }
                int n = (int) ((records + perChunk - 1) / perChunk);
                chunks[f] = new ByteBuffer[n];
                for (int c = 0; c < n; c++) {
                    long start = (long) c * perChunk * rb;
                    long length = Math.min(size - start, (long) perChunk * rb);
                    chunks[f][c] = channel.map(FileChannel.MapMode.READ_ONLY, start, length);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read CIFAR file " + file + ": " + e.getMessage(), e);
            }
        }
        first[list.size()] = (int) total;
        return new CifarSource(layout, list, first, chunks, perChunk);
    }

    private static void requireFiles(List<Path> files) {
        Objects.requireNonNull(files, "files");
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no CIFAR files given");
        }
        for (Path p : files) {
            Objects.requireNonNull(p, "a CIFAR file path is null");
        }
    }

    /** Tells the layout of one file from its size and, when both fit, from its label bytes. */
    static Layout detect(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CIFAR file " + file + ": " + e.getMessage(), e);
        }
        boolean fits10 = size > 0 && size % Layout.CIFAR_10.recordBytes() == 0;
        boolean fits100 = size > 0 && size % Layout.CIFAR_100.recordBytes() == 0;
        if (fits10 != fits100) {
            return fits10 ? Layout.CIFAR_10 : Layout.CIFAR_100;
        }
        if (!fits10) {
            throw new IllegalArgumentException(String.format("CIFAR file %s has %,d bytes, not a whole number of "
                    + "%s nor of %s", file, size, Layout.CIFAR_10.describe(), Layout.CIFAR_100.describe()));
        }
        // Both sizes fit: the label bytes decide (pixel bytes are almost never all valid labels).
        boolean labels10 = true, labels100 = true;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(2);
            for (int r = 0; r < 64 && (labels10 || labels100); r++) {
                b.clear();
                channel.read(b, (long) r * Layout.CIFAR_10.recordBytes());
                labels10 &= (b.get(0) & 0xff) < 10;
                b.clear();
                channel.read(b, (long) r * Layout.CIFAR_100.recordBytes());
                labels100 &= (b.get(0) & 0xff) < 20 && (b.get(1) & 0xff) < 100;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CIFAR file " + file + ": " + e.getMessage(), e);
        }
        if (labels10 != labels100) {
            return labels10 ? Layout.CIFAR_10 : Layout.CIFAR_100;
        }
        throw new IllegalArgumentException(String.format("cannot tell the layout of CIFAR file %s (%,d bytes fits both"
                + " layouts); open it with CifarSource.open(Layout, files)", file, size));
    }

    /** @return the record layout */
    public Layout layout() {
        return layout;
    }

    /** @return the files, in index order */
    public List<Path> files() {
        return files;
    }

    @Override
    public int size() {
        return firstRecord[firstRecord.length - 1];
    }

    @Override
    public LabeledImage get(int index) {
        byte[] record = record(index);
        int lb = layout.labelBytes();
        int[] pixels = new int[PLANE];
        for (int p = 0; p < PLANE; p++) {
            pixels[p] = ((record[lb + p] & 0xff) << 16) | ((record[lb + PLANE + p] & 0xff) << 8)
                    | (record[lb + 2 * PLANE + p] & 0xff);
        }
        return new LabeledImage(new RgbImage(SIDE, SIDE, pixels), record[lb - 1] & 0xff, origin(index));
    }

    /**
     * @param index in {@code [0, size())}
     * @return the label (CIFAR-10) or fine label (CIFAR-100) of a record, without decoding its pixels
     */
    public int label(int index) {
        return byteAt(index, layout.labelBytes() - 1);
    }

    /**
     * @param index in {@code [0, size())}
     * @return the coarse label (0-19) of a CIFAR-100 record, or -1 for CIFAR-10
     */
    public int coarseLabel(int index) {
        return layout == Layout.CIFAR_100 ? byteAt(index, 0) : -1;
    }

    @Override
    public String origin(int index) {
        int f = fileOf(index);
        return files.get(f) + " record " + (index - firstRecord[f]);
    }

    private int fileOf(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("index " + index + " of a CIFAR source of " + size());
        }
        int f = Arrays.binarySearch(firstRecord, index);
        if (f < 0) {
            return -f - 2;
        }
        while (f + 1 < firstRecord.length - 1 && firstRecord[f + 1] == index) {
            f++;
        }
        return f;
    }

    private byte[] record(int index) {
        int f = fileOf(index);
        int r = index - firstRecord[f];
        byte[] out = new byte[layout.recordBytes()];
        chunks[f][r / recordsPerChunk].get((r % recordsPerChunk) * layout.recordBytes(), out);
        return out;
    }

    private int byteAt(int index, int offset) {
        int f = fileOf(index);
        int r = index - firstRecord[f];
        return chunks[f][r / recordsPerChunk].get((r % recordsPerChunk) * layout.recordBytes() + offset) & 0xff;
    }

    @Override
    public String toString() {
        return "CifarSource[" + layout + ", " + size() + " records in " + files.size() + " files]";
    }
}
