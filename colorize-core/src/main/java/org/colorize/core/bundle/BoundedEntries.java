package org.colorize.core.bundle;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reading zip entries without inflating more than a bound: the size an entry declares is checked
 * before it is opened, and the bytes actually inflated are counted while reading (a declared size
 * can lie), so a zip bomb is refused after at most {@code limit} bytes.
 */
final class BoundedEntries {

    private BoundedEntries() {
    }

    /**
     * Refuses an entry whose declared uncompressed size is above {@code limit}.
     *
     * @throws BundleFormatException naming the file, the entry, its declared size and the limit
     */
    static void checkDeclared(ZipEntry e, long limit, String name, String why) throws BundleFormatException {
        long declared = e.getSize();
        if (declared > limit) {
            throw new BundleFormatException(name + ": refused: entry '" + e.getName() + "' declares "
                    + Settings.size(declared) + " uncompressed, more than the " + Settings.size(limit) + " " + why
                    + " (not inflated)");
        }
    }

    /** Opens an entry after {@link #checkDeclared}, counting what it inflates against {@code limit}. */
    static InputStream open(ZipFile zip, ZipEntry e, long limit, String name, String why) throws IOException {
        checkDeclared(e, limit, name, why);
        return new Limited(zip.getInputStream(e), limit, name, e.getName(), why);
    }

    /** Reads a whole entry into memory, at most {@code limit} bytes. */
    static byte[] read(ZipFile zip, ZipEntry e, int limit, String name, String why) throws IOException {
        try (InputStream in = open(zip, e, limit, name, why)) {
            return in.readAllBytes();
        }
    }

    /** Copies an entry to a file, at most {@code limit} bytes. */
    static void copy(ZipFile zip, ZipEntry e, long limit, Path target, String name, String why) throws IOException {
        try (InputStream in = open(zip, e, limit, name, why); OutputStream out = Files.newOutputStream(target)) {
            in.transferTo(out);
        }
    }

    /** A stream that fails once more than {@code limit} bytes have been read from it. */
    static final class Limited extends FilterInputStream {
        private final long limit;
        private final String name;
        private final String entry;
        private final String why;
        private long count;

        Limited(InputStream in, long limit, String name, String entry, String why) {
            super(in);
            this.limit = limit;
            this.name = name;
            this.entry = entry;
            this.why = why;
        }

        private void add(long n) throws BundleFormatException {
            count += n;
            if (count > limit) {
                throw new BundleFormatException(name + ": refused: entry '" + entry + "' inflates to more than the "
                        + Settings.size(limit) + " " + why + " (stopped reading; its declared size was false or absent)");
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            // Never ask for more than one byte beyond the limit, so a bomb is stopped there.
            int n = super.read(b, off, (int) Math.min(len, Math.max(1, limit + 1 - count)));
            if (n > 0) {
                add(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(Math.min(n, Math.max(1, limit + 1 - count)));
            if (s > 0) {
                add(s);
            }
            return s;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
