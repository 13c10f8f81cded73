package dev.noiseshield.cli;

import dev.noiseshield.bench.BenchResult;
import dev.noiseshield.bench.Benchmark;
import dev.noiseshield.bench.MatmulPeak;
import dev.noiseshield.bench.PytorchReference;
import dev.noiseshield.bench.Workload;
import dev.noiseshield.run.AtomicFiles;
import dev.noiseshield.run.Json;
import dev.noiseshield.run.RunInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code noiseshield bench}: throughput of the reference workloads, beside PyTorch in Python. */
@Command(name = "bench", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Time the workloads of shared/anchors/pytorch_reference.py on a PNI-W ResNet-20 with random "
                + "CIFAR-shaped data: median and spread over repeats after warm-up, images/s, GFLOP/s, the fraction "
                + "of the measured matrix-multiply peak, and peak resident memory."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--workloads", split = ",", description = "Workloads: train, pgd20, eot8, ensemble16, "
            + "eot8-feature, pgd10-feature, ensemble16-feature, forward-feature.")
    List<String> workloads = List.of("train", "pgd20", "eot8", "ensemble16", "eot8-feature", "pgd10-feature",
            "ensemble16-feature", "forward-feature");

    /** The workloads the Python reference script knows. */
    private static final List<String> REFERENCE_WORKLOADS = List.of("train", "pgd20", "eot8", "ensemble16",
            "eot8-feature");

    @Option(names = "--batch", description = "Images per call.")
    int batch = 128;

    @Option(names = "--repeats", description = "Timed calls per workload after two warm-up calls.")
    int repeats = 5;

    @Option(names = "--reference", description = "Also run the PyTorch reference (needs python3 with torch) and "
            + "print the ratio per workload.")
    boolean reference;

    @Option(names = "--reference-script", paramLabel = "FILE", description = "The reference script.")
    Path script = Path.of(System.getProperty("noiseshield.home", "."), "..", "shared", "anchors",
            "pytorch_reference.py").normalize();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to this file.")
    Path json;

    @Override
    public Integer call() throws Exception {
        Instant started = Instant.now();
        List<Workload> chosen = workloads.stream().map(Workload::fromCliName).toList();
        int threads = Runtime.getRuntime().availableProcessors();
        List<BenchResult> results;
        double peak;
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            peak = MatmulPeak.gflops(m, 1024, 10);
        }
        System.out.printf(Locale.ROOT, "matrix-multiply peak (1024x1024 float32, %d threads): %.1f GFLOP/s%n", threads, peak);
        results = new Benchmark(batch, repeats, System.out::println).run(chosen, peak);
        // On a shared machine the peak can be measured at a slow moment; measure again after the
        // workloads and keep the better figure, so that no workload reads as above 100% of peak.
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            double again = MatmulPeak.gflops(m, 1024, 10);
            if (again > peak) {
                System.out.printf(Locale.ROOT, "matrix-multiply peak measured again: %.1f GFLOP/s%n", again);
                double factor = peak / again;
                peak = again;
                results = results.stream().map(r -> r.rescalePeak(factor)).toList();
            }
        }
        if (reference) {
            Optional<String> python = PytorchReference.findPython(List.of("python3", "/usr/bin/python3"));
            if (python.isEmpty()) {
                throw new IllegalStateException("--reference needs python3 with torch (Debian: apt-get install "
                        + "python3-torch)");
            }
            List<String> known = workloads.stream().filter(REFERENCE_WORKLOADS::contains).toList();
            Map<String, Double> ref = PytorchReference.run(python.get(), script, known, batch, threads, repeats,
                    System.out::println);
            List<BenchResult> withRef = new ArrayList<>();
            for (BenchResult r : results) {
                withRef.add(ref.containsKey(r.workload()) ? r.withReference(ref.get(r.workload())) : r);
            }
            results = withRef;
        }
        System.out.println();
        System.out.println(table(results));
        printSharedDrawCost(results, "eot8-feature", "pgd10-feature");
        printSharedDrawCost(results, "ensemble16-feature", "forward-feature");
        if (json != null) {
            List<BenchResult> figures = results;
            AtomicFiles.write(json, out -> Json.MAPPER.writeValue(out, figures));
            System.out.println("figures: " + json);
        }
        RunInfo.of("bench", spec.commandLine().getParseResult().originalArgs(),
                Map.of("batch", batch, "repeats", repeats, "threads", threads, "peakGflops", peak), 0, started, results)
                .appendTo(json != null ? json.toAbsolutePath().getParent() : Path.of("runs", "bench"));
        return 0;
    }

    /** Time of a many-draw workload over its single-draw twin: at most 1.5 when draws share the trunk. */
    private static void printSharedDrawCost(List<BenchResult> results, String many, String single) {
        Optional<BenchResult> m = results.stream().filter(r -> r.workload().equals(many)).findFirst();
        Optional<BenchResult> s = results.stream().filter(r -> r.workload().equals(single)).findFirst();
        if (m.isPresent() && s.isPresent()) {
            System.out.printf(Locale.ROOT, "%s costs %.2fx %s (shared trunk; target <= 1.5x)%n", many,
                    m.get().medianSeconds() / s.get().medianSeconds(), single);
        }
    }

    private static String table(List<BenchResult> results) {
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT,
                "%-18s %9s %17s %9s %8s %7s %8s %11s %7s%n", "workload", "median s", "min..max s", "images/s",
                "GFLOP/s", "peak", "RSS MB", "PyTorch i/s", "ratio"));
        for (BenchResult r : results) {
            t.append(String.format(Locale.ROOT, "%-18s %9.3f %8.3f..%-8.3f %9.1f %8.1f %6.1f%% %8d %11s %7s%n",
                    r.workload(), r.medianSeconds(), r.minSeconds(), r.maxSeconds(), r.imagesPerSecond(), r.gflops(),
                    100 * r.fractionOfPeak(), r.peakResidentMegabytes(),
                    Double.isNaN(r.referenceImagesPerSecond()) ? "-" : String.format(Locale.ROOT, "%.1f", r.referenceImagesPerSecond()),
                    Double.isNaN(r.ratio()) ? "-" : String.format(Locale.ROOT, "%.2fx", r.ratio())));
        }
        return t.toString();
    }
}
