package dev.noiseshield.cli;

import dev.noiseshield.bench.BenchSession;
import dev.noiseshield.bench.NetworkSettings;
import dev.noiseshield.bench.Workload;
import dev.noiseshield.run.RunInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code noiseshield bench}: throughput of the reference workloads, beside PyTorch in Python. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        subcommands = {
            BenchMemoryCommand.class,
            BenchCertifyCommand.class,
            BenchServeCommand.class,
            BenchAutoAttackCommand.class
        },
        description = {
            "Time the workloads of shared/anchors/pytorch_reference.py on a PNI-W ResNet-20 with"
                + " random CIFAR-shaped data: median and spread over repeats after warm-up,"
                + " images/s, GFLOP/s, the fraction of the measured matrix-multiply peak, and peak"
                + " resident memory. 'bench memory' runs the memory soak of every code path (the"
                + " NaN stress run is scripts/stress, a test tool); 'bench autoattack' times a"
                + " whole AutoAttack on a fixed model, with the image passes of each stage."
        })
final class BenchCommand implements Callable<Integer> {
    @Mixin DeviceOption device;

    @Spec CommandSpec spec;

    @Option(names = "--workloads", split = ",", paramLabel = "NAMES")
    List<Workload> workloads = List.of(Workload.values());

    @Option(names = "--batch", descriptionKey = "bench.batch", paramLabel = "N")
    int batch = 128;

    @Option(names = "--repeats", descriptionKey = "bench.repeats", paramLabel = "N")
    int repeats = 5;

    @Option(names = "--channels-last", arity = "1", paramLabel = "true|false")
    boolean channelsLast = true;

    @Option(names = "--fold-batch-norm", arity = "1", paramLabel = "true|false")
    boolean foldBatchNorm = true;

    @Option(names = "--reference")
    boolean reference;

    @Option(names = "--reference-script", paramLabel = "FILE")
    Path script =
            Path.of(
                            System.getProperty("noiseshield.home", "."),
                            "..",
                            "shared",
                            "anchors",
                            "pytorch_reference.py")
                    .normalize();

    @Mixin FiguresFileOption figures;

    @Override
    public Integer call() throws Exception {
        Instant started = Instant.now();
        OptionChecks.atLeast("--batch", batch, 1);
        OptionChecks.atLeast("--repeats", repeats, 1);
        Path log =
                figures.file != null
                        ? figures.file.toAbsolutePath().getParent()
                        : Path.of("runs", "bench");
        RunInfo.checkLog(log);
        List<Workload> chosen = workloads;
        BenchSession.Outcome outcome =
                BenchSession.run(
                        chosen,
                        batch,
                        repeats,
                        new NetworkSettings(channelsLast, foldBatchNorm),
                        reference ? Optional.of(script) : Optional.empty(),
                        System.out::println);
        System.out.println();
        System.out.println(BenchSession.table(outcome.results()));
        BenchSession.sharedDrawCosts(outcome.results()).forEach(System.out::println);
        figures.write(outcome.results());
        RunInfo.of(
                        "bench",
                        spec.commandLine().getParseResult().originalArgs(),
                        Map.of(
                                "batch",
                                batch,
                                "repeats",
                                repeats,
                                "channelsLast",
                                channelsLast,
                                "foldBatchNorm",
                                foldBatchNorm,
                                "threads",
                                ai.djl.pytorch.jni.JniUtils.getNumThreads(),
                                "peakGflops",
                                outcome.peakGflops()),
                        0,
                        started,
                        outcome.results())
                .appendTo(log);
        return 0;
    }
}
