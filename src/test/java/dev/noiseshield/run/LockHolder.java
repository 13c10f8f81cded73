package dev.noiseshield.run;

import java.nio.file.Path;

/**
 * A child process for {@link RunLockTest}: locks the folder given, says so, and waits to be killed.
 */
public final class LockHolder {
    private LockHolder() {}

    public static void main(String[] args) throws Exception {
        RunLock lock = RunLock.acquire(Path.of(args[0]));
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(120_000);
        lock.close();
    }
}
