package dev.noiseshield.bench;

import ai.djl.ndarray.NDManager;
import dev.noiseshield.run.ComputeDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A whole benchmark run: the matrix-multiply peak, the workloads, the peak again (on a shared
 * machine it can be measured at a slow moment; the better figure is kept, so that no workload reads
 * as above 100% of peak), and optionally the PyTorch reference in the same run.
 */
public final class BenchSession {
    /** The workloads the Python reference script knows. */
    static final List<String> REFERENCE_WORKLOADS =
            List.of("train", "pgd20", "eot8", "ensemble16", "eot8-feature");

    private BenchSession() {}

    /** The figures, with the peak they are a fraction of. */
    public record Outcome(List<BenchResult> results, double peakGflops) {}

    /**
     * Times the workloads, and the PyTorch reference beside them when asked.
     *
     * @param settings the networks' layout and batch norm folding
     * @param referenceScript the Python reference to run beside, or empty for none
     */
    public static Outcome run(
            List<Workload> workloads,
            int batch,
            int repeats,
            NetworkSettings settings,
            Optional<Path> referenceScript,
            Consumer<String> progress)
            throws IOException, InterruptedException {
        // Check what the reference needs before the minutes of Java timing, not after them.
        Optional<String> python = Optional.empty();
        if (referenceScript.isPresent()) {
            if (!Files.isRegularFile(referenceScript.get())) {
                throw new IOException(
                        "reference script not found: "
                                + referenceScript.get()
                                + " (give its path with --reference-script)");
            }
            python =
                    Optional.of(
                            PytorchReference.findPython(List.of("python3", "/usr/bin/python3"))
                                    .orElseThrow(
                                            () ->
                                                    new IllegalStateException(
                                                            "the reference needs python3 with torch"
                                                                    + " (Debian: apt-get install "
                                                                    + "python3-torch)")));
        }
        double peak = measurePeak();
        // PyTorch's own count (all cores, or -Dai.djl.pytorch.num_threads), so that the reference
        // runs with the threads we ran with
        int threads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        progress.accept(
                String.format(
                        Locale.ROOT,
                        "matrix-multiply peak (1024x1024 float32, %d threads): %.1f GFLOP/s",
                        threads,
                        peak));
        List<BenchResult> results =
                new Benchmark(batch, repeats, settings, progress).run(workloads, peak);
        double again = measurePeak();
        if (again > peak) {
            progress.accept(
                    String.format(
                            Locale.ROOT,
                            "matrix-multiply peak measured again: %.1f GFLOP/s",
                            again));
            double factor = peak / again;
            peak = again;
            results = results.stream().map(r -> r.rescalePeak(factor)).toList();
        }
        if (python.isPresent()) {
            results =
                    withReference(
                            results,
                            python.get(),
                            referenceScript.get(),
                            batch,
                            threads,
                            repeats,
                            progress);
        }
        return new Outcome(results, peak);
    }

    private static double measurePeak() {
        try (NDManager m = ComputeDevice.newBaseManager()) {
            return MatmulPeak.gflops(m, 1024, 10);
        }
    }

    private static List<BenchResult> withReference(
            List<BenchResult> results,
            String python,
            Path script,
            int batch,
            int threads,
            int repeats,
            Consumer<String> progress)
            throws IOException, InterruptedException {
        List<String> known =
                results.stream()
                        .map(BenchResult::workload)
                        .filter(REFERENCE_WORKLOADS::contains)
                        .toList();
        Map<String, Double> reference =
                PytorchReference.run(python, script, known, batch, threads, repeats, progress);
        List<BenchResult> merged = new ArrayList<>();
        for (BenchResult r : results) {
            merged.add(
                    reference.containsKey(r.workload())
                            ? r.withReference(reference.get(r.workload()))
                            : r);
        }
        return merged;
    }

    /** The figures as a plain-text table. */
    public static String table(List<BenchResult> results) {
        StringBuilder t =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "%-18s %9s %17s %9s %8s %7s %8s %11s %7s%n",
                                "workload",
                                "median s",
                                "min..max s",
                                "images/s",
                                "GFLOP/s",
                                "peak",
                                "RSS MB",
                                "PyTorch i/s",
                                "ratio"));
        for (BenchResult r : results) {
            t.append(
                    String.format(
                            Locale.ROOT,
                            "%-18s %9.3f %8.3f..%-8.3f %9.1f %8.1f %6.1f%% %8d %11s %7s%n",
                            r.workload(),
                            r.medianSeconds(),
                            r.minSeconds(),
                            r.maxSeconds(),
                            r.imagesPerSecond(),
                            r.gflops(),
                            100 * r.fractionOfPeak(),
                            r.peakResidentMegabytes(),
                            Double.isNaN(r.referenceImagesPerSecond())
                                    ? "-"
                                    : String.format(
                                            Locale.ROOT, "%.1f", r.referenceImagesPerSecond()),
                            Double.isNaN(r.ratio())
                                    ? "-"
                                    : String.format(Locale.ROOT, "%.2fx", r.ratio())));
        }
        return t.toString();
    }

    /**
     * Lines comparing each many-draw feature workload with its single-draw twin: at most 1.5x when
     * the draws share the trunk.
     */
    public static List<String> sharedDrawCosts(List<BenchResult> results) {
        List<String> lines = new ArrayList<>();
        for (String[] pair :
                new String[][] {
                    {"eot8-feature", "pgd10-feature"}, {"ensemble16-feature", "forward-feature"}
                }) {
            Optional<BenchResult> many =
                    results.stream().filter(r -> r.workload().equals(pair[0])).findFirst();
            Optional<BenchResult> single =
                    results.stream().filter(r -> r.workload().equals(pair[1])).findFirst();
            if (many.isPresent() && single.isPresent()) {
                lines.add(
                        String.format(
                                Locale.ROOT,
                                "%s costs %.2fx %s (shared trunk; target <= 1.5x)",
                                pair[0],
                                many.get().medianSeconds() / single.get().medianSeconds(),
                                pair[1]));
            }
        }
        return lines;
    }
}
