package dev.noiseshield.cli;

import dev.noiseshield.bench.NanStress;
import dev.noiseshield.data.Datasets;
import dev.noiseshield.data.MnistNpm;
import dev.noiseshield.run.AtomicFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The NaN stress run of issue 10, which scripts/stress runs twice and compares: a test tool, kept
 * out of the shipped jar (issue 28) and started from the test classes by scripts/stress.
 */
@Command(
        name = "stress",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        description = {
            "Train a PNI-W small CNN and attack it (PGD-5, EOT 2), one step each, and write the"
                + " loss, the attack's result and a fixed batch's logits of every step exactly, one"
                + " line a step. Two runs with the same settings must write the same file;"
                + " scripts/stress runs one normally and one with freed memory poisoned and a"
                + " collection after every step, and counts the differences."
        })
public final class BenchStressCommand implements Callable<Integer> {
    /** scripts/stress's entry point: one stress run, its options as {@code --help} lists them. */
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new BenchStressCommand()).execute(args));
    }

    @picocli.CommandLine.Mixin DeviceOption device;

    @Option(names = "--steps", description = "Steps (a training step and an attack each).")
    int steps = 200;

    @Option(names = "--batch", description = "Images per step.")
    int batch = 64;

    @Option(names = "--gc-every-step", description = "Run the garbage collector after every step.")
    boolean gcEveryStep;

    @Option(
            names = "--reload-every",
            paramLabel = "STEPS",
            description =
                    "Steps between two round trips of the model and optimiser through a checkpoint"
                            + " file, as a resumed run makes (0: never).")
    int reloadEvery = 25;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "Where the lines go.")
    Path out;

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast("--steps", steps, 1);
        OptionChecks.atLeast("--batch", batch, 1);
        OptionChecks.atLeast("--reload-every", reloadEvery, 0);
        Datasets.Split digits = Datasets.load(MnistNpm.DATASET, null);
        List<String> lines =
                new NanStress(steps, batch, gcEveryStep, reloadEvery, digits.train(), digits.test())
                        .run();
        AtomicFiles.writeString(out, String.join("\n", lines) + "\n");
        long nonFinite = lines.stream().filter(l -> !l.endsWith("nonfinite 0")).count();
        System.out.println(
                steps
                        + " steps written to "
                        + out
                        + "; steps with non-finite logits: "
                        + nonFinite);
        return 0;
    }
}
