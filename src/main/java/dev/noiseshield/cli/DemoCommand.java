package dev.noiseshield.cli;

import dev.noiseshield.defense.Defense;
import dev.noiseshield.eval.ReportWriter;
import dev.noiseshield.eval.RobustnessReport;
import dev.noiseshield.pipeline.EvalJob;
import dev.noiseshield.pipeline.TrainJob;
import dev.noiseshield.run.RunInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code noiseshield demo}: vanilla PGD adversarial training against PNI-W on the embedded digits,
 * both evaluated the same way, one table.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Train a small CNN on the embedded MNIST digits twice, with vanilla PGD adversarial training "
                + "and with PNI-W plus PGD adversarial training, evaluate both with the same attacks and print one "
                + "table. Writes OUT/<defense>/report.json, report.md, run.json and checkpoints/."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    TrainOptions train;

    @Mixin
    EvalOptions eval;

    @Option(names = "--out", paramLabel = "DIR", description = "Demo folder.")
    Path out = Path.of("runs", "demo");

    @Option(names = "--fresh", description = "Delete earlier checkpoints in --out and train again; without it a "
            + "finished model is reused and an interrupted one resumed.")
    boolean fresh;

    @Option(names = "--progress-every", paramLabel = "SECONDS", description = "Seconds between progress lines.")
    double progressSeconds = 10;

    @Override
    public Integer call() throws Exception {
        List<RobustnessReport> reports = new ArrayList<>();
        for (Defense defense : List.of(Defense.PGD_AT, Defense.PNI_W)) {
            reports.add(trainAndEvaluate(defense));
        }
        System.out.println();
        System.out.println("NoiseShield demo: " + model.architecture + " on " + model.dataset + ", accuracy (%) as "
                + "mean +- std over " + eval.repeats + " stochastic evaluations, attacks eps=" + eval.epsilon + " on "
                + reports.get(0).evaluation().attackExamples() + " test images:");
        System.out.println(ReportWriter.comparison(reports));
        System.out.println("reports: " + out.resolve("<defense>/report.md"));
        return 0;
    }

    private RobustnessReport trainAndEvaluate(Defense defense) throws Exception {
        Instant started = Instant.now();
        Path dir = out.resolve(defense.cliName());
        Path checkpoints = dir.resolve("checkpoints");
        if (fresh && Files.isDirectory(checkpoints)) {
            try (var files = Files.list(checkpoints)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
        }
        boolean resume = dev.noiseshield.train.Checkpoint.latest(checkpoints).isPresent();
        TrainJob job = new TrainJob(model.dataset, model.dataDir, model.architecture, model.width, defense,
                model.granularity, train.toConfig(defense), dir, resume);
        TrainJob.Outcome trained = job.run(System.out, progressSeconds);
        EvalJob evaluation = new EvalJob(trained.checkpoint(), null, model.dataDir, eval.toConfig(), dir);
        System.out.println("evaluating " + defense + " ...");
        RobustnessReport report = evaluation.run(line -> System.out.println("[" + defense + "] " + line));
        RunInfo.of("demo", spec.commandLine().getParseResult().originalArgs(),
                Map.of("train", job, "evaluate", evaluation), train.seed, started,
                Map.of("epochs", trained.history(), "report", report)).appendTo(dir);
        return report;
    }
}
