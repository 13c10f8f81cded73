package dev.noiseshield.cli;

import dev.noiseshield.api.Evaluation;
import dev.noiseshield.api.NoiseShield;
import dev.noiseshield.eval.Convergence;
import dev.noiseshield.pipeline.Cluster;
import dev.noiseshield.pipeline.EvalJob;
import dev.noiseshield.report.ReportWriter;
import dev.noiseshield.report.RobustnessReport;
import dev.noiseshield.report.RunPage;
import dev.noiseshield.run.Console;
import dev.noiseshield.run.RunInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code noiseshield evaluate}: clean and adversarial accuracy of a trained model. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        description = {
            "Evaluate a model (a run, a checkpoint or a TorchScript file): clean accuracy and"
                    + " accuracy under each attack, as mean +- std over repeated stochastic"
                    + " evaluations. Writes report.json and report.md and appends to run.json."
        })
final class EvaluateCommand implements Callable<Integer> {
    @Mixin DeviceOption device;

    @Spec CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    Source source;

    /** A run or a checkpoint of the tool, or a TorchScript file. */
    static final class Source extends RunSource {
        @Option(names = "--model-file", paramLabel = "FILE")
        Path modelFile;
    }

    @Option(names = "--dataset", descriptionKey = "evaluate.dataset", paramLabel = "DATASET")
    String dataset;

    @Mixin DataDirOption dataDir;

    @Mixin EvaluationSetup evalSetup;

    @Option(names = "--test-images", paramLabel = "N", descriptionKey = "evaluate.test-images")
    int testImages = 0;

    @Option(names = "--out", paramLabel = "DIR", descriptionKey = "evaluate.out")
    Path out;

    @Option(names = "--resume", descriptionKey = "evaluate.resume")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        Instant started = Instant.now();
        Convergence.Settings growing = evalSetup.checked(spec); // before any file is read
        OptionChecks.notNegative("--test-images", testImages);
        if (source.modelFile != null && dataset == null) {
            throw new IllegalArgumentException(
                    "--model-file needs --dataset: a TorchScript file does not say which data it"
                            + " takes");
        }
        Evaluation evaluation =
                NoiseShield.evaluation(source.modelFile != null ? source.modelFile : source.given())
                        .dataset(dataset)
                        .dataDir(dataDir.dir)
                        // at the radii of the data set, maybe the one the checkpoint names
                        .config(evalSetup.eval::toConfig)
                        .testImages(testImages)
                        .out(out) // no --out: the API's default, beside the model
                        .resume(resume)
                        .converge(growing);
        if (source.modelFile != null) {
            evaluation.torchScript();
        }
        EvalJob job = evaluation.job();
        Path dir = job.out();
        RobustnessReport report;
        try (Cluster cluster = evalSetup.spark.connect()) {
            report = job.run(Console.progressLines(), cluster);
        }
        RunInfo.of(
                        "evaluate",
                        spec.commandLine().getParseResult().originalArgs(),
                        job,
                        evalSetup.eval.seed,
                        started,
                        report)
                .appendTo(dir);
        System.out.println();
        System.out.println(ReportWriter.markdown(report));
        System.out.println(
                "reports: "
                        + dir.resolve("report.json")
                        + ", "
                        + dir.resolve("report.md")
                        + ", "
                        + RunPage.write(dir));
        return 0;
    }
}
