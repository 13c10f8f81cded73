package dev.noiseshield.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see either the old content or the whole new content, never a
 * half-written file: write a temporary file beside it, force it to disk, rename it over the target.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Something that writes a file's content. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically. A write that fails (no space, a file-size limit, a folder
     * that cannot be written) throws an error naming the target and the cause, and leaves the
     * previous file as it was.
     */
    public static void write(Path target, Writer writer) throws IOException {
        try {
            writeAtomically(target, writer);
        } catch (IOException e) {
            String cause = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            if (cause.contains(target.toString())) {
                throw e; // already names the file
            }
            throw new IOException(
                    target
                            + ": cannot be written ("
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : cause)
                            + ")"
                            + (Files.isRegularFile(target)
                                    ? "; the previous file is kept as it was"
                                    : "; nothing was written"),
                    e);
        }
    }

    private static void writeAtomically(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp))) {
                writer.writeTo(out);
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(
                    tmp,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
