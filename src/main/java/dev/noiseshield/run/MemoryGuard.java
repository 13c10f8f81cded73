package dev.noiseshield.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A ceiling on the process's resident memory, checked at every attack step and batch. The kernel's
 * OOM killer ends a process without a trace; passing this ceiling instead throws {@link
 * MemoryLimitException}, which the evaluation turns into one clear line and a file of the
 * per-example results it has. The default is 85% of the machine's memory (cgroup limit included),
 * so that the guard acts before the kernel does; {@code --max-memory} sets another.
 */
public final class MemoryGuard {

    private static volatile long limitMegabytes = defaultLimitMegabytes();
    private static volatile LongSupplier resident = ResidentMemory::currentMegabytes;

    private MemoryGuard() {}

    /** Sets the ceiling in megabytes; 0 turns the guard off. */
    public static void setLimitMegabytes(long megabytes) {
        if (megabytes < 0) {
            throw new IllegalArgumentException("memory limit must be >= 0 MB, got " + megabytes);
        }
        limitMegabytes = megabytes;
    }

    /** The ceiling in megabytes; 0 when the guard is off. */
    public static long limitMegabytes() {
        return limitMegabytes;
    }

    /**
     * Throws when resident memory is above the ceiling; {@code where} names the work in progress.
     */
    public static void check(String where) {
        long limit = limitMegabytes;
        if (limit == 0) {
            return;
        }
        long now = resident.getAsLong();
        if (now > limit) {
            throw new MemoryLimitException(now, limit, where);
        }
    }

    /**
     * Where the guard reads resident memory (megabytes); tests replace it to stop an evaluation on
     * cue.
     */
    public static void setReader(LongSupplier megabytes) {
        resident = megabytes == null ? ResidentMemory::currentMegabytes : megabytes;
    }

    /**
     * 85% of the smaller of the machine's memory and the cgroup's limit; 0 (off) where neither is
     * known.
     */
    public static long defaultLimitMegabytes() {
        long machine = meminfoMegabytes();
        long cgroup = cgroupMegabytes();
        long total = cgroup > 0 && (machine <= 0 || cgroup < machine) ? cgroup : machine;
        return total <= 0 ? 0 : total * 85 / 100;
    }

    private static long meminfoMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static long cgroupMegabytes() {
        for (String file :
                List.of(
                        "/sys/fs/cgroup/memory.max",
                        "/sys/fs/cgroup/memory/memory.limit_in_bytes")) {
            try {
                String value = Files.readString(Path.of(file)).trim();
                if (!value.equals("max")) {
                    long bytes = Long.parseLong(value);
                    if (bytes < (1L << 50)) {
                        return bytes / (1024 * 1024);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not this cgroup version
            }
        }
        return -1;
    }
}
