package dev.noiseshield.bench;

import dev.noiseshield.run.ResidentMemory;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads resident memory on a background thread at a fixed period, while work runs on the caller's.
 */
final class ResidentSampler {
    private final List<long[]> samples = new ArrayList<>(); // {nanoTime, kilobytes}
    private final Thread thread;
    private volatile boolean running = true;

    private ResidentSampler(long periodMillis) {
        sample();
        thread =
                new Thread(
                        () -> {
                            while (running) {
                                sample();
                                try {
                                    Thread.sleep(periodMillis);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "resident-sampler");
        thread.setDaemon(true);
    }

    static ResidentSampler start(long periodMillis) {
        ResidentSampler sampler = new ResidentSampler(periodMillis);
        sampler.thread.start();
        return sampler;
    }

    private synchronized void sample() {
        samples.add(new long[] {System.nanoTime(), ResidentMemory.currentKilobytes()});
    }

    Readings stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        synchronized (this) {
            return new Readings(List.copyOf(samples));
        }
    }

    /** The samples of one run: {nanoTime, kilobytes} each. */
    record Readings(List<long[]> samples) {
        double seconds() {
            return (samples.get(samples.size() - 1)[0] - samples.get(0)[0]) / 1e9;
        }

        long firstMegabytes() {
            return samples.get(0)[1] / 1024;
        }

        long lastMegabytes() {
            return samples.get(samples.size() - 1)[1] / 1024;
        }

        long peakMegabytes() {
            return samples.stream().mapToLong(s -> s[1]).max().orElse(0) / 1024;
        }

        /**
         * Least-squares slope, in MB a second, of the samples taken in the second half of the time.
         */
        double secondHalfSlopeMegabytesPerSecond() {
            long start = samples.get(0)[0];
            long middle = start + (samples.get(samples.size() - 1)[0] - start) / 2;
            List<long[]> late = samples.stream().filter(s -> s[0] >= middle).toList();
            if (late.size() < 2) {
                return 0;
            }
            double meanT = late.stream().mapToDouble(s -> (s[0] - start) / 1e9).average().orElse(0);
            double meanM = late.stream().mapToDouble(s -> s[1] / 1024.0).average().orElse(0);
            double num = 0;
            double den = 0;
            for (long[] s : late) {
                double t = (s[0] - start) / 1e9 - meanT;
                num += t * (s[1] / 1024.0 - meanM);
                den += t * t;
            }
            return den == 0 ? 0 : num / den;
        }
    }
}
