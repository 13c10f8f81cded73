package dev.noiseshield.bench;

import java.util.Arrays;

/** Wall times of repeated calls, what the benchmarks' medians and spreads are taken from. */
final class CallTimes {
    private CallTimes() {}

    /** {@code warmUps} untimed calls, then the sorted seconds of {@code timed} calls. */
    static double[] sortedSeconds(Runnable call, int warmUps, int timed) {
        for (int i = 0; i < warmUps; i++) {
            call.run();
        }
        double[] seconds = new double[timed];
        for (int i = 0; i < timed; i++) {
            long start = System.nanoTime();
            call.run();
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        return seconds;
    }
}
