package org.colorize.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.imageio.stream.ImageInputStream;

/**
 * EXIF orientation (TIFF tag 274, values 1 to 8): how the stored pixels must be turned to be upright.
 * Read from a JPEG's APP1 Exif segment, a TIFF file's first IFD, or a WebP file's EXIF chunk; applied
 * to a decoded image by {@link #apply}. Malformed or missing metadata reads as 1 (as stored): an odd
 * EXIF block never fails an image.
 */
final class Orientation {

    /** The EXIF / TIFF tag number of Orientation. */
    static final int TAG = 0x0112;

    private static final int MAX_SEGMENTS = 256;
    private static final int MAX_IFD_ENTRIES = 4096;

    private Orientation() {
    }

    /**
     * Reads the orientation from the start of an image stream and seeks the stream back to 0.
     *
     * @param in the image stream, positioned anywhere
     * @return 1..8, 1 when the file has none (or it cannot be read)
     */
    static int read(ImageInputStream in) {
        ByteOrder order = in.getByteOrder();
        try {
            in.seek(0);
            in.setByteOrder(ByteOrder.BIG_ENDIAN);
            byte[] head = new byte[12];
            int n = in.read(head);
            if (n < 12) {
                return 1;
            }
            if ((head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8) {
                return jpeg(in);
            }
            if ((head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0)
                    || (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42)) {
                return tiff(in, 0);
            }
            if (ascii(head, 0, 4).equals("RIFF") && ascii(head, 8, 4).equals("WEBP")) {
                return webp(in);
            }
            return 1;
        } catch (IOException | RuntimeException e) {
            return 1;
        } finally {
            in.setByteOrder(order);
            try {
                in.seek(0);
            } catch (IOException e) {
                // the reader will report an unreadable stream
            }
        }
    }

    private static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    /** JPEG: the segments before the first scan, for an APP1 that starts with "Exif\0\0". */
    private static int jpeg(ImageInputStream in) throws IOException {
        in.seek(2);
        for (int s = 0; s < MAX_SEGMENTS; s++) {
            if (in.read() != 0xFF) {
                return 1;
            }
            int marker;
            do {
                marker = in.read();
            } while (marker == 0xFF);
            if (marker < 0 || marker == 0xDA || marker == 0xD9) {
                return 1; // end of stream, start of scan, end of image: no EXIF before the pixels
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // markers without a length
            }
            int length = in.readUnsignedShort();
            if (length < 2) {
                return 1;
            }
            long next = in.getStreamPosition() + length - 2;
            if (marker == 0xE1 && length >= 2 + 6 + 8) {
                byte[] id = new byte[6];
                in.readFully(id);
                if (id[0] == 'E' && id[1] == 'x' && id[2] == 'i' && id[3] == 'f' && id[4] == 0 && id[5] == 0) {
                    return tiff(in, in.getStreamPosition());
                }
            }
            in.seek(next);
        }
        return 1;
    }

    /** WebP (RIFF): the EXIF chunk, whose payload is a TIFF header (some writers prefix "Exif\0\0"). */
    private static int webp(ImageInputStream in) throws IOException {
        in.seek(12);
        in.setByteOrder(ByteOrder.LITTLE_ENDIAN);
        byte[] fourcc = new byte[4];
        for (int c = 0; c < MAX_SEGMENTS; c++) {
            if (in.read(fourcc) < 4) {
                return 1;
            }
            long size = in.readUnsignedInt();
            long payload = in.getStreamPosition();
            if (ascii(fourcc, 0, 4).equals("EXIF")) {
                byte[] id = new byte[6];
                in.readFully(id);
                long base = ascii(id, 0, 4).equals("Exif") ? payload + 6 : payload;
                return tiff(in, base);
            }
            in.seek(payload + size + (size & 1));
        }
        return 1;
    }

    /** A TIFF structure at {@code base}: tag 274 of its first IFD. */
    private static int tiff(ImageInputStream in, long base) throws IOException {
        in.seek(base);
        int bo = in.readUnsignedShort();
        if (bo == 0x4949) {
            in.setByteOrder(ByteOrder.LITTLE_ENDIAN);
        } else if (bo == 0x4D4D) {
            in.setByteOrder(ByteOrder.BIG_ENDIAN);
        } else {
            return 1;
        }
        if (in.readUnsignedShort() != 42) {
            return 1;
        }
        long ifd = in.readUnsignedInt();
        in.seek(base + ifd);
        int entries = in.readUnsignedShort();
        if (entries > MAX_IFD_ENTRIES) {
            return 1;
        }
        for (int i = 0; i < entries; i++) {
            int tag = in.readUnsignedShort();
            int type = in.readUnsignedShort();
            in.readUnsignedInt(); // count
            if (tag == TAG) {
                long v = type == 3 ? in.readUnsignedShort() : type == 4 ? in.readUnsignedInt() : -1;
                return v >= 1 && v <= 8 ? (int) v : 1;
            }
            in.skipBytes(4);
        }
        return 1;
    }

    /**
     * Turns a decoded image upright. The result has the same colour model; for orientations 5 to 8
     * its width and height are swapped.
     *
     * @param image the image as stored
     * @param orientation the EXIF orientation, 1..8 (anything else is taken as 1)
     * @return the upright image ({@code image} itself for 1)
     */
    static BufferedImage apply(BufferedImage image, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return image;
        }
        int w = image.getWidth(), h = image.getHeight();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w, oh = swap ? w : h;
        ColorModel cm = image.getColorModel();
        WritableRaster dst = cm.createCompatibleWritableRaster(ow, oh);
        Raster src = image.getRaster();
        int bands = src.getNumBands();
        int len = swap ? h : w; // pixels in one source line (row, or column when swapped) = ow
        int[] line = new int[len * bands];
        int[] rev = new int[len * bands];
        for (int ty = 0; ty < oh; ty++) {
            // Which source line becomes target row ty, and whether it runs backwards:
            //   2: D(x,y)=S(W-1-x,y)  3: S(W-1-x,H-1-y)  4: S(x,H-1-y)
            //   5: S(y,x)  6: S(y,H-1-x)  7: S(W-1-y,H-1-x)  8: S(W-1-y,x)
            boolean reverse;
            switch (orientation) {
                case 2 -> {
                    src.getPixels(0, ty, w, 1, line);
                    reverse = true;
                }
                case 3 -> {
                    src.getPixels(0, h - 1 - ty, w, 1, line);
                    reverse = true;
                }
                case 4 -> {
                    src.getPixels(0, h - 1 - ty, w, 1, line);
                    reverse = false;
                }
                case 5 -> {
                    src.getPixels(ty, 0, 1, h, line);
                    reverse = false;
                }
                case 6 -> {
                    src.getPixels(ty, 0, 1, h, line);
                    reverse = true;
                }
                case 7 -> {
                    src.getPixels(w - 1 - ty, 0, 1, h, line);
                    reverse = true;
                }
                default -> { // 8
                    src.getPixels(w - 1 - ty, 0, 1, h, line);
                    reverse = false;
                }
            }
            int[] row = line;
            if (reverse) {
                for (int x = 0; x < len; x++) {
                    System.arraycopy(line, (len - 1 - x) * bands, rev, x * bands, bands);
                }
                row = rev;
            }
            dst.setPixels(0, ty, ow, 1, row);
        }
        return new BufferedImage(cm, dst, cm.isAlphaPremultiplied(), null);
    }
}
