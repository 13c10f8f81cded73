package dev.noiseshield.run;

/** Resident memory passed the {@link MemoryGuard}'s ceiling. */
public final class MemoryLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MemoryLimitException(long residentMegabytes, long limitMegabytes, String where) {
        super(
                "resident memory "
                        + residentMegabytes
                        + " MB passed the limit of "
                        + limitMegabytes
                        + " MB (--max-memory)"
                        + " during "
                        + where);
    }
}
