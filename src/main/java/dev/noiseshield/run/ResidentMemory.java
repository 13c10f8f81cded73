package dev.noiseshield.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident set (VmRSS) and its peak (VmHWM) from /proc, in megabytes: native PyTorch
 * memory is invisible to the Java heap, so only the OS's figure tells whether arrays leak. -1 where
 * /proc is not available.
 */
public final class ResidentMemory {
    private static final long PAGE_KILOBYTES = 4;

    private ResidentMemory() {}

    public static long currentMegabytes() {
        long kb = currentKilobytes();
        return kb < 0 ? -1 : kb / 1024;
    }

    /**
     * The resident set in kilobytes, for slopes that a megabyte's rounding would hide. Read from
     * /proc/self/statm, one short line, because the memory guard reads it at every attack step.
     */
    public static long currentKilobytes() {
        try {
            String[] fields =
                    Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+", -1);
            return Long.parseLong(fields[1]) * PAGE_KILOBYTES;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    public static long peakMegabytes() {
        long kb = field("VmHWM:");
        return kb < 0 ? -1 : kb / 1024;
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    String kb = line.substring(name.length()).trim().split("\\s+", -1)[0];
                    return Long.parseLong(kb);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
