package org.colorize.core.testing;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Image files made in tests, byte by byte where no writer makes them: a tiny PNG whose header declares
 * a huge size, JPEGs with an EXIF orientation or another segment inserted, a lossless WebP built after
 * the VP8L specification. Nothing here reads shared data.
 */
public final class ImageFiles {

    private ImageFiles() {
    }

    /**
     * A real 1x1 PNG written by ImageIO whose IHDR then declares {@code w x h} (its CRC recomputed):
     * 69 bytes that a reader without a pixel limit would try to decode into {@code w * h} pixels.
     *
     * @param w the declared width
     * @param h the declared height
     * @return the file's bytes
     */
    public static byte[] pngDeclaring(int w, int h) {
        byte[] png = encode(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png");
        if (!new String(png, 12, 4, StandardCharsets.US_ASCII).equals("IHDR")) {
            throw new IllegalStateException("ImageIO's PNG does not start with IHDR");
        }
        ByteBuffer b = ByteBuffer.wrap(png).order(ByteOrder.BIG_ENDIAN);
        b.putInt(16, w).putInt(20, h);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 4 + 13);
        b.putInt(29, (int) crc.getValue());
        return png;
    }

    /**
     * A noisy RGB image: every JPEG block has detail, so a file cut short misses real data.
     *
     * @param w width (at most 256 for distinct red values)
     * @param h height
     * @param seed the noise's seed
     * @return the image
     */
    public static BufferedImage noisy(int w, int h, long seed) {
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((x & 0xff) << 16) | (((y + 40) & 0xff) << 8) | rnd.nextInt(256));
            }
        }
        return img;
    }

    /**
     * @param img an image
     * @param format an ImageIO format name
     * @return the image's file in that format
     */
    public static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, bytes)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A JPEG at quality 1.0 by the JDK's own writer, which writes 4-channel rasters (CMYK, YCCK) as
     * they are.
     *
     * @param image a {@link BufferedImage} or a {@link Raster}
     * @return the JPEG's bytes (JFIF for a BufferedImage; no APP segment for a raster)
     */
    public static byte[] jpeg(Object image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter w = null;
        for (var it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext();) {
            ImageWriter c = it.next();
            if (w == null || c.getClass().getName().startsWith("com.sun.")) {
                w = c;
            }
        }
        try (ImageOutputStream os = ImageIO.createImageOutputStream(bytes)) {
            w.setOutput(os);
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(1f);
            IIOImage iio = image instanceof Raster r ? new IIOImage(r, null, null)
                    : new IIOImage((BufferedImage) image, null, null);
            w.write(null, iio, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            w.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * An APP1 Exif segment with one IFD0 entry: Orientation (tag 274) = {@code orientation}.
     *
     * @param orientation 1..8
     * @param littleEndian "II" (Intel) or "MM" (Motorola) byte order
     * @return the segment, marker included
     */
    public static byte[] exifApp1(int orientation, boolean littleEndian) {
        ByteBuffer b = ByteBuffer.allocate(2 + 2 + 6 + 8 + 2 + 12 + 4);
        b.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (b.capacity() - 2));
        b.put("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        b.order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        byte bo = littleEndian ? (byte) 'I' : (byte) 'M';
        b.put(bo).put(bo).putShort((short) 42).putInt(8);
        b.putShort((short) 1);
        b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        b.putInt(0);
        return b.array();
    }

    /**
     * @param jpeg a JPEG file
     * @param segment a marker segment
     * @return the JPEG with the segment inserted after SOI and, when there is one, the JFIF APP0
     */
    public static byte[] insertSegment(byte[] jpeg, byte[] segment) {
        int at = 2;
        if ((jpeg[2] & 0xff) == 0xFF && (jpeg[3] & 0xff) == 0xE0) {
            at = 4 + (((jpeg[4] & 0xff) << 8) | (jpeg[5] & 0xff));
        }
        byte[] out = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, out, 0, at);
        System.arraycopy(segment, 0, out, at, segment.length);
        System.arraycopy(jpeg, at, out, at + segment.length, jpeg.length - at);
        return out;
    }

    /** Bits written least significant first, as VP8L reads them. */
    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long acc;
        private int n;

        void put(int value, int bits) {
            acc |= ((long) value & ((1L << bits) - 1)) << n;
            n += bits;
            while (n >= 8) {
                out.write((int) (acc & 0xff));
                acc >>>= 8;
                n -= 8;
            }
        }

        byte[] bytes() {
            if (n > 0) {
                out.write((int) (acc & 0xff));
                acc = 0;
                n = 0;
            }
            return out.toByteArray();
        }

        /** A "simple" prefix code of one or two 8-bit symbols (ascending: the smaller gets code 0). */
        void simpleCode(int... symbols) {
            put(1, 1);
            put(symbols.length - 1, 1);
            put(1, 1); // is_first_8bits
            put(symbols[0], 8);
            if (symbols.length == 2) {
                put(symbols[1], 8);
            }
        }
    }

    private static final int[] G = {40, 200}, R = {30, 220}, B = {10, 250};

    /**
     * @param x column
     * @param y row
     * @return the pixel {@code 0xRRGGBB} of {@link #losslessWebp} at (x, y): eight colours in a pattern
     */
    public static int webpPixel(int x, int y) {
        int g = G[(x >> 1) & 1], r = R[(y >> 1) & 1], b = B[((x + y) >> 2) & 1];
        return (r << 16) | (g << 8) | b;
    }

    /**
     * A lossless WebP (VP8L) of {@code w x h} built bit by bit after the WebP lossless bitstream
     * specification: no transforms, no colour cache, one prefix-code group whose green, red and blue
     * codes have two 8-bit symbols each (1 bit a channel a pixel) and alpha one (opaque). Its pixels are
     * {@link #webpPixel}.
     *
     * @param w width, 1..16384
     * @param h height, 1..16384
     * @return the file's bytes
     */
    public static byte[] losslessWebp(int w, int h) {
        BitWriter bw = new BitWriter();
        bw.put(0x2f, 8); // signature
        bw.put(w - 1, 14);
        bw.put(h - 1, 14);
        bw.put(0, 1); // alpha_is_used
        bw.put(0, 3); // version
        bw.put(0, 1); // no transform
        bw.put(0, 1); // no colour cache
        bw.put(0, 1); // no meta prefix codes
        bw.simpleCode(G); // green (with length prefixes and cache: 280 symbols; ours are literals)
        bw.simpleCode(R);
        bw.simpleCode(B);
        bw.simpleCode(255); // alpha
        bw.put(1, 1); // distance: simple, one symbol, 1-bit symbol 0
        bw.put(0, 1);
        bw.put(0, 1);
        bw.put(0, 1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = webpPixel(x, y);
                bw.put(((p >> 8) & 0xff) == G[0] ? 0 : 1, 1);
                bw.put(((p >> 16) & 0xff) == R[0] ? 0 : 1, 1);
                bw.put((p & 0xff) == B[0] ? 0 : 1, 1);
            }
        }
        byte[] vp8l = bw.bytes();
        int chunk = vp8l.length + (vp8l.length & 1);
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + chunk).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + 8 + chunk).put("WEBP".getBytes(StandardCharsets.US_ASCII));
        b.put("VP8L".getBytes(StandardCharsets.US_ASCII)).putInt(vp8l.length).put(vp8l);
        return b.array();
    }

    /**
     * Seed files of every format read (PNG RGB, gray and with alpha; JPEG baseline, with EXIF, Adobe CMYK;
     * GIF; BMP; TIFF; lossless WebP), each about 48x32.
     *
     * @return file name to bytes
     */
    public static java.util.Map<String, byte[]> seeds() {
        java.util.Map<String, byte[]> m = new java.util.LinkedHashMap<>();
        BufferedImage rgb = noisy(48, 32, 7);
        BufferedImage gray = new BufferedImage(48, 32, BufferedImage.TYPE_BYTE_GRAY);
        gray.getGraphics().drawImage(rgb, 0, 0, null);
        BufferedImage argb = new BufferedImage(48, 32, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 48; x++) {
                argb.setRGB(x, y, ((x * 5) << 24) | (rgb.getRGB(x, y) & 0xffffff));
            }
        }
        BufferedImage indexed = new BufferedImage(48, 32, BufferedImage.TYPE_BYTE_INDEXED);
        indexed.getGraphics().drawImage(rgb, 0, 0, null);
        m.put("rgb.png", encode(rgb, "png"));
        m.put("gray.png", encode(gray, "png"));
        m.put("alpha.png", encode(argb, "png"));
        m.put("photo.jpg", jpeg(rgb));
        m.put("exif.jpg", insertSegment(jpeg(rgb), exifApp1(6, false)));
        java.awt.image.WritableRaster cmyk = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 48, 32, 4, null);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 48; x++) {
                cmyk.setPixel(x, y, new int[] {x * 5, y * 7, 255 - x * 5, 200});
            }
        }
        m.put("cmyk.jpg", insertSegment(jpeg(cmyk),
                new byte[] {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0}));
        m.put("indexed.gif", encode(indexed, "gif"));
        m.put("rgb.bmp", encode(rgb, "bmp"));
        m.put("rgb.tif", encode(rgb, "tiff"));
        m.put("lossless.webp", losslessWebp(48, 32));
        return m;
    }

    /**
     * Writes {@code count} damaged variants of the {@link #seeds()}, as a fuzzer would: cut short at a
     * random point, bytes flipped (in the header or anywhere), a 4-byte field overwritten with a huge or
     * random length. Deterministic for a seed.
     *
     * @param dir the folder to write them into (created)
     * @param count how many
     * @param seed the random seed
     * @return the files, named {@code NNN-how-SEEDNAME}
     * @throws IOException if they cannot be written
     */
    public static java.util.List<java.nio.file.Path> writeMutants(java.nio.file.Path dir, int count, long seed)
            throws IOException {
        java.nio.file.Files.createDirectories(dir);
        java.util.List<java.util.Map.Entry<String, byte[]>> seeds = new java.util.ArrayList<>(seeds().entrySet());
        Random rnd = new Random(seed);
        java.util.List<java.nio.file.Path> files = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            var e = seeds.get(i % seeds.size());
            byte[] b = e.getValue().clone();
            String how;
            switch (rnd.nextInt(4)) {
                case 0 -> {
                    how = "cut";
                    b = java.util.Arrays.copyOf(b, 1 + rnd.nextInt(b.length - 1));
                }
                case 1 -> {
                    how = "flip";
                    for (int k = 1 + rnd.nextInt(8); k > 0; k--) {
                        b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                    }
                }
                case 2 -> {
                    how = "header";
                    for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                        b[rnd.nextInt(Math.min(64, b.length))] = (byte) rnd.nextInt(256);
                    }
                }
                default -> {
                    how = "length";
                    int at = rnd.nextInt(Math.max(1, Math.min(200, b.length - 4)));
                    int v = rnd.nextBoolean() ? 0x7fffffff : rnd.nextInt();
                    ByteBuffer.wrap(b).order(rnd.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN).putInt(at, v);
                }
            }
            java.nio.file.Path f = dir.resolve(String.format(java.util.Locale.ROOT, "%03d-%s-%s", i, how, e.getKey()));
            java.nio.file.Files.write(f, b);
            files.add(f);
        }
        return files;
    }

    /**
     * A real, valid 8-bit gray PNG of {@code w x h} black pixels, streamed through a deflater so that
     * making it costs almost no memory (64 megapixels compress to about 70 KB); decoding it costs
     * {@code w * h} bytes and colorizing it many times that.
     *
     * @param w width
     * @param h height
     * @return the file's bytes
     */
    public static byte[] blackGrayPng(int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 0).put((byte) 0)
                    .put((byte) 0).put((byte) 0);
            chunk(out, "IHDR", ihdr.array());
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(idat,
                    new java.util.zip.Deflater(9), 65536)) {
                byte[] row = new byte[w + 1]; // filter byte 0, then w zeros
                for (int y = 0; y < h; y++) {
                    z.write(row);
                }
            }
            chunk(out, "IDAT", idat.toByteArray());
            chunk(out, "IEND", new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
