package dev.noiseshield.serve;

import dev.noiseshield.run.ResidentMemory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The serving API under load: many threads call {@link NoiseShieldModel#predict} on the same model
 * for a while, each call's probabilities compared with the single-thread answer (for a model
 * without noise they must be equal, bit for bit), every call's latency kept, and the process's
 * resident memory sampled, so that a leak shows as growth and a race as a wrong answer. Between the
 * good calls, bad ones (wrong shape, NaN and out-of-range pixels) must each be refused with an
 * {@link IllegalArgumentException} and leave the model answering right.
 */
public final class ServingLoad {
    private ServingLoad() {}

    /**
     * What a load run measured.
     *
     * @param threads callers
     * @param calls good calls made
     * @param wrong good calls whose answer differed from the single-thread one
     * @param refused bad calls refused as they should be
     * @param latencyMillis percentiles 50, 95, 99 and the maximum of one good call
     * @param residentMegabytes resident memory at the start, after the first quarter, at the end
     * @param seconds how long the load ran
     */
    public record Result(
            int threads,
            long calls,
            long wrong,
            long refused,
            List<Double> latencyMillis,
            List<Long> residentMegabytes,
            double seconds) {

        /** One line per quantity, as {@code bench serve} prints them. */
        public String summary() {
            return String.format(
                    java.util.Locale.ROOT,
                    "serving: %d threads, %.0f s, %d calls (%.0f/s), %d wrong, %d bad calls"
                        + " refused%nlatency ms: p50 %.2f, p95 %.2f, p99 %.2f, max %.2f%nresident"
                        + " MB: %d at start, %d after a quarter, %d at the end",
                    threads,
                    seconds,
                    calls,
                    calls / seconds,
                    wrong,
                    refused,
                    latencyMillis.get(0),
                    latencyMillis.get(1),
                    latencyMillis.get(2),
                    latencyMillis.get(3),
                    residentMegabytes.get(0),
                    residentMegabytes.get(1),
                    residentMegabytes.get(2));
        }
    }

    /**
     * Runs {@code threads} callers for {@code seconds} on {@code images} (N, C, H, W in [0, 1]).
     * The expected answer is the model's own, from this thread, before the load.
     */
    public static Result run(
            NoiseShieldModel model, float[][][][] images, int threads, double seconds)
            throws InterruptedException {
        if (threads < 1 || !(seconds > 0)) {
            throw new IllegalArgumentException("threads must be >= 1 and seconds > 0");
        }
        float[][] expected = model.predict(images);
        long startMb = ResidentMemory.currentMegabytes();
        AtomicLong calls = new AtomicLong();
        AtomicLong wrong = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<double[]> latencies = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<double[]>> callers = new ArrayList<>();
        long begin = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int caller = t;
            callers.add(
                    pool.submit(
                            () ->
                                    call(
                                            model, images, expected, caller, stop, calls, wrong,
                                            refused)));
        }
        long quarterMb;
        Thread.sleep((long) (seconds * 250));
        quarterMb = ResidentMemory.currentMegabytes();
        Thread.sleep((long) (seconds * 750));
        stop.set(true);
        for (Future<double[]> f : callers) {
            try {
                latencies.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                pool.shutdownNow();
                throw new IllegalStateException("a caller failed: " + e.getCause(), e.getCause());
            }
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        double elapsed = (System.nanoTime() - begin) / 1e9;
        double[] all = latencies.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
        return new Result(
                threads,
                calls.get(),
                wrong.get(),
                refused.get(),
                List.of(
                        percentile(all, 0.50),
                        percentile(all, 0.95),
                        percentile(all, 0.99),
                        all.length == 0 ? Double.NaN : all[all.length - 1]),
                List.of(startMb, quarterMb, ResidentMemory.currentMegabytes()),
                elapsed);
    }

    /** One caller: good calls, every tenth followed by a bad one; its latencies in ms. */
    private static double[] call(
            NoiseShieldModel model,
            float[][][][] images,
            float[][] expected,
            int caller,
            AtomicBoolean stop,
            AtomicLong calls,
            AtomicLong wrong,
            AtomicLong refused) {
        double[] kept = new double[1024];
        int n = 0;
        for (long k = 0; !stop.get(); k++) {
            long start = System.nanoTime();
            float[][] answer = model.predict(images);
            double millis = (System.nanoTime() - start) / 1e6;
            if (n == kept.length) {
                kept = Arrays.copyOf(kept, 2 * n);
            }
            kept[n++] = millis;
            calls.incrementAndGet();
            if (!Arrays.deepEquals(answer, expected)) {
                wrong.incrementAndGet();
            }
            if (k % 10 == caller % 10) {
                refused.addAndGet(badCall(model, images, k));
            }
        }
        return Arrays.copyOf(kept, n);
    }

    /** One bad call of three kinds in turn: 1 when it was refused as it should be, else 0. */
    private static long badCall(NoiseShieldModel model, float[][][][] images, long k) {
        float[][][][] bad;
        switch ((int) (k % 3)) {
            case 0 -> bad = new float[1][images[0].length + 1][1][1]; // wrong shape
            case 1 -> {
                bad = copyOfFirst(images);
                bad[0][0][0][0] = Float.NaN;
            }
            default -> {
                bad = copyOfFirst(images);
                bad[0][0][0][0] = 255f; // a raw byte, not scaled to [0, 1]
            }
        }
        try {
            model.predict(bad);
            return 0;
        } catch (IllegalArgumentException expected) {
            return 1;
        }
    }

    private static float[][][][] copyOfFirst(float[][][][] images) {
        float[][][] first = images[0];
        float[][][] copy = new float[first.length][][];
        for (int c = 0; c < first.length; c++) {
            copy[c] = new float[first[c].length][];
            for (int r = 0; r < first[c].length; r++) {
                copy[c][r] = first[c][r].clone();
            }
        }
        return new float[][][][] {copy};
    }

    /** The nearest-rank percentile (commons-math's R_1), NaN for no calls. */
    private static double percentile(double[] values, double q) {
        return values.length == 0
                ? Double.NaN
                : new org.apache.commons.math3.stat.descriptive.rank.Percentile()
                        .withEstimationType(
                                org.apache.commons.math3.stat.descriptive.rank.Percentile
                                        .EstimationType.R_1)
                        .evaluate(values, 100 * q);
    }
}
