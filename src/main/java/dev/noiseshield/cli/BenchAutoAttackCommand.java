package dev.noiseshield.cli;

import ai.djl.ndarray.NDManager;
import dev.noiseshield.api.NoiseShield;
import dev.noiseshield.bench.PassFloor;
import dev.noiseshield.data.Datasets;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.eval.EvalConfig;
import dev.noiseshield.model.Network;
import dev.noiseshield.model.PassCount;
import dev.noiseshield.report.RobustnessReport;
import dev.noiseshield.run.ComputeDevice;
import dev.noiseshield.run.Console;
import dev.noiseshield.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code noiseshield bench autoattack}: what a whole AutoAttack costs on a fixed model, in seconds
 * and in image passes, stage by stage; the figure the cascade and the attacks' early stops move,
 * where the per-step workloads of {@code bench} do not show them. {@code --attack} times another
 * attack the same way (PGD's restarts, which skip the decided examples, for one).
 */
@Command(
        name = "autoattack",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Time autoattack-standard (one repeat, no checks) on the first test digits of a fixed"
                + " model: a small CNN trained once by PGD-AT with the demo's recipe (seed 1, into"
                + " --model, about 2 minutes the first time), or any run folder given. Prints each"
                + " stage's images, seconds and image passes (forward passes with a gradient, each"
                + " followed by a backward pass to the image, and without), then the totals and"
                + " what the same passes take at the model's bare rate (each kind timed alone on"
                + " one batch): the time no attack can go below while a pass costs what it does."
                + " --attack times another attack the same way."
        })
final class BenchAutoAttackCommand implements Callable<Integer> {
    @Mixin DeviceOption device;

    /** Where the fixed model is trained the first time. */
    static final Path FIXED_MODEL = Path.of("runs", "bench", "autoattack-model");

    @Option(names = "--model", paramLabel = "DIR", descriptionKey = "bench-auto-attack.model")
    Path model = FIXED_MODEL;

    @Option(names = "--images", descriptionKey = "bench-auto-attack.images", paramLabel = "N")
    int images = 500;

    @Option(names = "--attack", paramLabel = "SPEC", descriptionKey = "bench-auto-attack.attack")
    String attack = "autoattack-standard";

    @Mixin FiguresFileOption figures;

    /** The figures of one run, as --json writes them. */
    record Figures(
            String attack,
            String model,
            int images,
            double seconds,
            double robustAccuracy,
            long gradientPasses,
            long forwardPasses,
            List<RobustnessReport.Stage> stages,
            PassFloor passFloor,
            double passFloorSeconds) {}

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast("--images", images, 1);
        if (attack.contains(";")) {
            throw new IllegalArgumentException(
                    "--attack " + attack + ": one attack is timed, not a list");
        }
        if (!Files.isDirectory(model.resolve("checkpoints"))) {
            if (!model.equals(FIXED_MODEL)) {
                throw new IllegalArgumentException(
                        "--model " + model + ": no checkpoints/ in it (a run folder of train)");
            }
            Console.progress("training the fixed model into " + model + " (PGD-AT, seed 1)");
            NoiseShield.training("pgd-at")
                    .configure(c -> c.seed(1))
                    .out(model)
                    .log(Console.progressStream())
                    .run();
        }
        PassCount.Snapshot before = PassCount.now();
        long start = System.nanoTime();
        RobustnessReport report =
                NoiseShield.evaluation(model)
                        .attacks(attack)
                        .configure(c -> c.repeats(1).checks(false).attackExamples(images))
                        .out(model.resolve("bench-autoattack"))
                        .progress(Console.progressLines())
                        .run();
        double seconds = (System.nanoTime() - start) / 1e9;
        PassCount.Snapshot passes = PassCount.now().since(before);
        RobustnessReport.AttackResult autoattack = report.attacks().get(0);
        Console.progress("timing the model's bare passes");
        PassFloor floor = passFloor();
        Figures figures =
                new Figures(
                        autoattack.name(),
                        model.toString(),
                        images,
                        seconds,
                        autoattack.accuracy(),
                        passes.gradientPasses(),
                        passes.forwardPasses(),
                        new ArrayList<>(autoattack.stages()),
                        floor,
                        floor.seconds(passes.gradientPasses(), passes.forwardPasses()));
        System.out.println();
        print(figures);
        this.figures.write(figures);
        return 0;
    }

    /**
     * The attacked model's bare passes, on the first batch of the digits attacked, as the
     * evaluation ran it (its batch size and noise mode, set up for attacks).
     */
    private PassFloor passFloor() throws IOException {
        Path file = Checkpoint.latestOf(model);
        Checkpoint.Contents contents = Checkpoint.read(file);
        ImageDataset test = Datasets.load(contents.state.dataset(), null).test();
        int n = Math.min(Math.min(images, test.size()), EvalConfig.DEFAULTS.batchSize());
        int[] first = IntStream.range(0, n).toArray();
        try (NDManager root = ComputeDevice.newBaseManager();
                Network network = contents.network(root, file);
                NDManager batch = root.newSubManager()) {
            network.setNoiseMode(EvalConfig.DEFAULTS.noiseMode());
            network.prepareForAttacks();
            return PassFloor.measure(network, test.images(first, batch), test.labels(first, batch));
        }
    }

    private static void print(Figures f) {
        if (!f.stages().isEmpty()) {
            System.out.printf(
                    Locale.ROOT, "%-34s %8s %10s %9s%n", "stage", "images", "robust %", "s");
        }
        for (RobustnessReport.Stage s : f.stages()) {
            System.out.printf(
                    Locale.ROOT,
                    "%-34s %8d %10.2f %9.1f%n",
                    s.attack(),
                    s.attacked(),
                    100 * s.accuracy(),
                    s.seconds());
        }
        System.out.printf(
                Locale.ROOT,
                "%s on %d digits: %.2f%% robust in %.1f s (with the clean pass);"
                        + " image passes: %,d with a gradient, %,d without%n",
                f.attack(),
                f.images(),
                100 * f.robustAccuracy(),
                f.seconds(),
                f.gradientPasses(),
                f.forwardPasses());
        PassFloor floor = f.passFloor();
        System.out.printf(
                Locale.ROOT,
                "the same passes at the model's bare rate (batch %d, median of timed passes:"
                        + " %.1f us an image forward, %.1f us with the backward pass to the image):"
                        + " %.1f s, %.0f%% of the time%n",
                floor.batch(),
                floor.forwardMicros(),
                floor.gradientMicros(),
                f.passFloorSeconds(),
                100 * f.passFloorSeconds() / f.seconds());
    }
}
