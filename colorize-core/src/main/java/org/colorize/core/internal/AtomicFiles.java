package org.colorize.core.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writing files so that a reader never sees half of one: the content goes to a temporary file in the
 * target's folder, which is then moved over the target in one step (an atomic rename where the file
 * system supports it). If writing fails or the process dies, the target is untouched and the
 * temporary file is removed (or, after a kill, left as a hidden {@code .NAME*.tmp} file). The result
 * gets ordinary permissions ({@code rw-r--r--} on POSIX file systems), not the owner-only ones of a
 * temporary file.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("out/model.zip"), out -> bundle.write(out, false));
 * }</pre>
 *
 * <p>Not API: public for colorize's other modules only (see {@link org.colorize.core.internal}).
 */
public final class AtomicFiles {

    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private AtomicFiles() {
    }

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Content {
        /**
         * @param out the stream to write to (closed by the caller)
         * @throws IOException if writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Produces a file at a given path (for writers that want a path, not a stream). */
    @FunctionalInterface
    public interface FileContent {
        /**
         * @param file the temporary file to fill
         * @throws IOException if writing fails
         */
        void writeTo(Path file) throws IOException;
    }

    /**
     * Writes {@code target} atomically from a stream.
     *
     * @param target the file (its parent folder is created when missing)
     * @param content writes the bytes
     * @throws IOException if writing or moving fails; the target is then unchanged
     */
    public static void write(Path target, Content content) throws IOException {
        writeFile(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
        });
    }

    /**
     * Writes {@code target} atomically through a temporary file that {@code content} fills.
     *
     * @param target the file (its parent folder is created when missing)
     * @param content fills the temporary file
     * @throws IOException if writing or moving fails; the target is then unchanged
     */
    public static void writeFile(Path target, FileContent content) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            content.writeTo(tmp);
            if (POSIX) {
                Files.setPosixFilePermissions(tmp, READABLE);
            }
            move(tmp, abs);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Moves a file over another in one step where the file system allows it (else a plain replace).
     *
     * @param from the file to move
     * @param to its new path
     * @throws IOException if the move fails
     */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
