package dev.noiseshield.cli;

import dev.noiseshield.defense.Defense;
import dev.noiseshield.defense.DefenseKind;
import dev.noiseshield.pipeline.TrainJob;
import dev.noiseshield.run.Console;
import dev.noiseshield.run.RunInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code noiseshield train}: train one defended model into a run folder. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        description = {
            "Train a defended model. Writes a checkpoint after every epoch to OUT/checkpoints and "
                    + "appends a record to OUT/run.json; --resume continues an interrupted run."
        })
final class TrainCommand implements Callable<Integer> {
    @Mixin DeviceOption device;

    @Spec CommandSpec spec;

    @Option(
            names = "--defense",
            completionCandidates = NameLists.DefenseNames.class,
            paramLabel = "DEFENSE")
    DefenseKind defense = Defense.PNI_W;

    @Mixin TrainingSetup setup;

    @Option(names = "--out", paramLabel = "DIR", descriptionKey = "train.out")
    Path out;

    @Option(names = "--resume", descriptionKey = "train.resume")
    boolean resume;

    @Option(names = "--progress-every", paramLabel = "SECONDS")
    double progressSeconds = 10;

    @Override
    public Integer call() throws Exception {
        Instant started = Instant.now();
        setup.model.checked();
        OptionChecks.positive("--progress-every", progressSeconds);
        TrainJob job =
                setup.job(defense, out, resume); // no --out: the API's runs/<model>-<defense>
        TrainJob.Outcome outcome = job.run(Console.progressStream(), progressSeconds);
        RunInfo.of(
                        "train",
                        spec.commandLine().getParseResult().originalArgs(),
                        job,
                        setup.train.seed,
                        started,
                        Map.of(
                                "checkpoint",
                                outcome.checkpoint().toString(),
                                "epochs",
                                outcome.history(),
                                "restartsAfterFault",
                                outcome.restarts()))
                .appendTo(job.out());
        System.out.println("checkpoint: " + outcome.checkpoint());
        return 0;
    }
}
