package dev.noiseshield.run;

import java.util.Locale;

/**
 * How far a long job is and when the rest should be done at the pace so far: the "12 s so far,
 * about 28 s to go" of every progress line that counts units of work (attack batches, certified
 * images, Spark tasks), and the rule of when such a line is due, so that they read alike and none
 * floods a log.
 */
public final class Pace {
    private final double secondsBetweenLines;
    private long lastLine = System.nanoTime();

    /** Lines at most every {@code secondsBetweenLines}, besides those a caller always prints. */
    public Pace(double secondsBetweenLines) {
        this.secondsBetweenLines = secondsBetweenLines;
    }

    /** Whether a line is due now; if so the next one is due a period from now. */
    public boolean due() {
        long now = System.nanoTime();
        if ((now - lastLine) / 1e9 < secondsBetweenLines) {
            return false;
        }
        lastLine = now;
        return true;
    }

    /**
     * "S s so far, about T s to go", where T is what the {@code left} units take at the pace of the
     * {@code measured} units that took {@code seconds}; "S s so far" once nothing is left.
     */
    public static String soFar(double seconds, int measured, int left) {
        String so = String.format(Locale.ROOT, "%.0f s so far", seconds);
        if (left <= 0 || measured <= 0) {
            return so;
        }
        return so + String.format(Locale.ROOT, ", about %.0f s to go", seconds / measured * left);
    }
}
