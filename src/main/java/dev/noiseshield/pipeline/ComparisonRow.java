package dev.noiseshield.pipeline;

import dev.noiseshield.eval.Convergence;
import dev.noiseshield.eval.EvalConfig;
import dev.noiseshield.eval.EvaluationJournal;
import dev.noiseshield.report.ReportWriter;
import dev.noiseshield.report.RobustnessReport;
import dev.noiseshield.report.RunPage;
import dev.noiseshield.run.ChildJvm;
import dev.noiseshield.run.Console;
import dev.noiseshield.run.RunInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One defense of a comparison ({@code compare}, {@code demo}): trained into its folder, or its
 * training resumed or found finished, then evaluated there (an evaluation that was stopped
 * continues), with its run.json record and report.html. A {@link ChildJvm.Job}, so that each row
 * can run in a process of its own.
 *
 * @param train the training, whose folder is the row's
 * @param evaluation the evaluation settings
 * @param converge attack budgets grown before the evaluation ({@code --converge}), or null
 * @param fresh whether the evaluation starts afresh rather than continuing a journal of the same
 *     evaluation
 * @param command the command's name and its arguments as given, for run.json
 * @param progressSeconds seconds between training progress lines
 */
public record ComparisonRow(
        TrainJob.Portable train,
        EvalConfig evaluation,
        Convergence.Settings converge,
        boolean fresh,
        List<String> command,
        double progressSeconds)
        implements ChildJvm.Job {

    /** The row's folder: {@code OUT/<defense>}. */
    public Path folder() {
        return Path.of(train.out());
    }

    @Override
    public void run() throws IOException {
        run(null);
    }

    /** Trains and evaluates here, the tasks on {@code cluster} (null: here); the report. */
    public RobustnessReport run(Cluster cluster) throws IOException {
        Instant started = Instant.now();
        String defense = train.defense();
        // A non-finite loss from finite weights starts the training again from its checkpoint (at
        // most twice); any other stops the run, and the same command again resumes.
        TrainJob job = train.job();
        TrainJob.Outcome trained = job.run(Console.progressStream(), progressSeconds);
        EvalJob evaluate =
                new EvalJob(
                        ModelSource.checkpoint(trained.checkpoint()),
                        null,
                        train.dataDir() == null ? null : Path.of(train.dataDir()),
                        evaluation,
                        folder(),
                        fresh
                                ? EvaluationJournal.Mode.FRESH
                                : EvaluationJournal.Mode.RESUME_IF_SAME,
                        0,
                        converge);
        Console.progress("evaluating " + defense + " ...");
        RobustnessReport report =
                evaluate.run(line -> Console.progress("[" + defense + "] " + line), cluster);
        RunInfo.of(
                        command.get(0),
                        command.subList(1, command.size()),
                        Map.of("train", job, "evaluate", evaluate),
                        train.config().seed(),
                        started,
                        Map.of(
                                "epochs",
                                trained.history(),
                                "restartsAfterFault",
                                trained.restarts(),
                                "report",
                                report))
                .appendTo(folder());
        RunPage.write(folder());
        return report;
    }

    /** Runs the row in a child JVM and reads its report back. */
    public RobustnessReport runInChild() throws Exception {
        ChildJvm.run(train.defense() + " in " + folder(), this);
        return ReportWriter.read(folder().resolve("report.json"));
    }
}
