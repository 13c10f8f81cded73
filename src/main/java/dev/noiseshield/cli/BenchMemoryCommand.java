package dev.noiseshield.cli;

import dev.noiseshield.bench.MemorySoak;
import dev.noiseshield.data.Datasets;
import dev.noiseshield.data.MnistNpm;
import dev.noiseshield.run.ResidentMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code noiseshield bench memory}: the memory soak of every code path (README "Memory"). */
@Command(
        name = "memory",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        description = {
            "Run each code path (training, every attack, an evaluation) for many steps on a PNI-W"
                + " small CNN and the embedded digits, read resident memory after every step, and"
                + " print peak memory and growth per 1,000 steps (slope of the second half of the"
                + " readings). Exit code 1 when a path grows faster than the bound."
        })
final class BenchMemoryCommand implements Callable<Integer> {
    @Mixin DeviceOption device;

    @Option(
            names = "--paths",
            split = ",",
            completionCandidates = NameLists.SoakPaths.class,
            paramLabel = "NAMES")
    List<String> paths = new ArrayList<>(MemorySoak.PATHS.keySet());

    @Option(names = "--scale", descriptionKey = "bench-memory.scale", paramLabel = "FACTOR")
    double scale = 1;

    @Option(names = "--batch", descriptionKey = "bench-memory.batch", paramLabel = "N")
    int batch = 128;

    @Option(names = "--bound", paramLabel = "MB")
    double bound = MemorySoak.DEFAULT_BOUND_MB_PER_1000;

    @Mixin FiguresFileOption figures;

    @Override
    public Integer call() throws Exception {
        MemorySoak.requireKnown(paths); // before the data is read
        OptionChecks.positive("--scale", scale);
        OptionChecks.atLeast("--batch", batch, 1);
        OptionChecks.positive("--bound", bound);
        System.out.printf(
                Locale.ROOT,
                "memory soak: batch %d, steps x %s, bound %.0f MB per 1,000 steps%n",
                batch,
                scale,
                bound);
        Datasets.Split digits = Datasets.load(MnistNpm.DATASET, null);
        List<MemorySoak.Result> results =
                new MemorySoak(scale, batch, bound, digits.test(), System.out::println).run(paths);
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "%-10s %-38s %6s %9s %9s %9s %8s %14s %8s%n",
                "path",
                "step",
                "steps",
                "first MB",
                "last MB",
                "peak MB",
                "seconds",
                "MB/1000 steps",
                "verdict");
        for (MemorySoak.Result r : results) {
            System.out.printf(
                    Locale.ROOT,
                    "%-10s %-38s %6d %9d %9d %9d %8.1f %14.1f %8s%n",
                    r.path(),
                    r.step(),
                    r.steps(),
                    r.firstMegabytes(),
                    r.lastMegabytes(),
                    r.peakMegabytes(),
                    r.seconds(),
                    r.growthPer1000Steps(),
                    r.passed() ? "ok" : "GROWS");
        }
        System.out.println(
                "process peak resident memory: " + ResidentMemory.peakMegabytes() + " MB");
        figures.write(results);
        long failed = results.stream().filter(r -> !r.passed()).count();
        if (failed > 0) {
            System.out.println(
                    failed + " path(s) grew faster than " + bound + " MB per 1,000 steps");
            return 1;
        }
        return 0;
    }
}
