package dev.noiseshield.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One writer per run folder. The lock is the operating system's lock on {@code DIR/.lock}, which
 * the kernel drops when the process ends however it ends (kill -9 included), so a dead process
 * never leaves a folder locked; the file itself stays, naming the last holder's process id.
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks the folder (creating it), or refuses with a message naming the process that holds it.
     */
    public static RunLock acquire(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        FileChannel channel =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this process holds it already
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException(
                    dir
                            + " is being written by another NoiseShield process (pid "
                            + holder(file)
                            + "); wait for it to end, or write elsewhere with --out");
        }
        channel.truncate(0);
        channel.write(
                ByteBuffer.wrap(
                        Long.toString(ProcessHandle.current().pid())
                                .getBytes(StandardCharsets.UTF_8)),
                0);
        channel.force(false);
        return new RunLock(channel, lock);
    }

    private static String holder(Path file) {
        try {
            String pid = Files.readString(file).strip();
            return pid.isEmpty() ? "unknown" : pid;
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
