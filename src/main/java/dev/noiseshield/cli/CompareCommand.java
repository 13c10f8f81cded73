package dev.noiseshield.cli;

import dev.noiseshield.defense.Defense;
import dev.noiseshield.defense.DefenseKind;
import dev.noiseshield.pipeline.Cluster;
import dev.noiseshield.pipeline.ComparisonRow;
import dev.noiseshield.pipeline.TrainJob;
import dev.noiseshield.report.ComparisonPage;
import dev.noiseshield.report.ReportWriter;
import dev.noiseshield.report.RobustnessReport;
import dev.noiseshield.run.Console;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code noiseshield compare}: several defenses trained with one recipe, evaluated with the same
 * attacks, one table. A finished model in the output folder is reused and an interrupted one
 * resumed, so a comparison can be extended by naming more defenses.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        description = {
            "Train each of --defenses with the same recipe, evaluate all with the same attacks and"
                + " print one table of clean and robust accuracy. Writes OUT/<defense>/report.json,"
                + " report.md, run.json and checkpoints/, and OUT/comparison.md."
        })
class CompareCommand implements Callable<Integer> {
    @Mixin DeviceOption device;

    @Spec CommandSpec spec;

    @Option(
            names = "--defenses",
            split = ",",
            paramLabel = "DEFENSE",
            completionCandidates = NameLists.DefenseNames.class)
    List<DefenseKind> defenses = List.of(Defense.PGD_AT, Defense.PNI_W);

    @Mixin TrainingSetup setup;

    @Mixin EvaluationSetup evalSetup;

    @Option(names = "--out", paramLabel = "DIR", descriptionKey = "compare.out")
    Path out = Path.of("runs", "compare");

    @Option(names = "--fresh")
    boolean fresh;

    @Option(names = "--progress-every", paramLabel = "SECONDS")
    double progressSeconds = 10;

    @Mixin ChildJvmOption childJvm;

    /** What the table's heading calls this run. */
    String title() {
        return "NoiseShield comparison";
    }

    @Override
    public Integer call() throws Exception {
        // a bad option is refused now, not after every defense has trained
        setup.model.checked();
        OptionChecks.positive("--progress-every", progressSeconds);
        evalSetup.checked(spec, setup.model.dataset);
        for (DefenseKind defense : defenses) {
            setup.train.toConfig(defense, setup.knobs.toOptions(), setup.model.dataset);
        }
        List<RobustnessReport> reports = new ArrayList<>();
        try (Cluster cluster = evalSetup.spark.connect()) {
            if (cluster != null) {
                trainOnCluster(cluster);
            }
            for (DefenseKind defense : defenses) {
                reports.add(trainAndEvaluate(defense, cluster));
            }
        }
        String table = ReportWriter.comparison(reports);
        String heading =
                String.format(
                        Locale.ROOT,
                        "%s: %s on %s, accuracy (%%) with its 95%% interval, mean over %d"
                                + " stochastic evaluations of the same %d test images; robust ="
                                + " right when clean and under attack. The row 'vs %s' is the"
                                + " paired test of each worst case against the first model's"
                                + " (Holm-adjusted p; +images this model scores higher on,"
                                + " -images the first does), described under the table:",
                        title(),
                        setup.model.architecture,
                        setup.model.dataset,
                        evalSetup.eval.repeats,
                        reports.get(0).evaluation().attackExamples(),
                        reports.get(0).defense());
        System.out.println();
        System.out.println(heading);
        System.out.println(table);
        Files.createDirectories(out);
        dev.noiseshield.run.AtomicFiles.writeString(
                out.resolve("comparison.md"), heading + "\n\n" + table + "\n");
        Path page =
                ComparisonPage.write(
                        out, defenses.stream().map(DefenseKind::cliName).toList(), heading);
        System.out.println(
                "reports: "
                        + out.resolve("<defense>/report.md")
                        + " and report.html, table: "
                        + out.resolve("comparison.md")
                        + ", page: "
                        + page);
        return 0;
    }

    /**
     * Every defense's training as its own task on the cluster, all at once; the loop of {@link
     * #call} then finds them finished and evaluates them.
     */
    private void trainOnCluster(Cluster cluster) throws Exception {
        List<TrainJob.Portable> jobs = new ArrayList<>();
        for (DefenseKind defense : defenses) {
            Path dir = out.resolve(defense.cliName());
            clearIfFresh(dir);
            jobs.add(trainJob(defense, dir).portable());
        }
        cluster.train(jobs, Console::progress);
    }

    /** With --fresh, the earlier checkpoints of {@code dir} go. */
    private void clearIfFresh(Path dir) throws java.io.IOException {
        Path checkpoints = dir.resolve("checkpoints");
        if (fresh && Files.isDirectory(checkpoints)) {
            try (var files = Files.list(checkpoints)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
        }
    }

    /**
     * A defense trained and evaluated in its folder: in a child JVM of its own unless told
     * otherwise, here when the tasks go to a cluster (this process is then only its driver).
     */
    private RobustnessReport trainAndEvaluate(DefenseKind defense, Cluster cluster)
            throws Exception {
        Path dir = out.resolve(defense.cliName());
        if (cluster == null) {
            clearIfFresh(dir);
        }
        List<String> command = new ArrayList<>();
        command.add(spec.name());
        command.addAll(spec.commandLine().getParseResult().originalArgs());
        ComparisonRow row =
                new ComparisonRow(
                        trainJob(defense, dir).portable(),
                        evalSetup.eval.toConfig(setup.model.dataset),
                        evalSetup.converge.settings(spec),
                        fresh,
                        List.copyOf(command),
                        progressSeconds);
        return cluster == null && childJvm.enabled ? row.runInChild() : row.run(cluster);
    }

    /** Training into {@code dir}, resuming from its last checkpoint when it has one. */
    private TrainJob trainJob(DefenseKind defense, Path dir) throws java.io.IOException {
        boolean resume =
                dev.noiseshield.train.Checkpoint.latest(dir.resolve("checkpoints")).isPresent();
        return setup.job(defense, dir, resume);
    }
}
