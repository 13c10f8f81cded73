package dev.noiseshield.eval;

import ai.djl.ndarray.NDManager;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.Epsilon;
import dev.noiseshield.data.Datasets;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.model.Ensemble;
import dev.noiseshield.model.EvaluatedModel;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.report.RobustnessReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Clean and adversarial accuracy of a network, repeated {@code repeats} times with seeds seed,
 * seed+1, ... Each repeat re-draws the noise and the attacks' random starts, so the spread over
 * repeats shows how much a number owes to chance. Every clean and adversarial example is scored
 * with several noise draws (expected accuracy, majority vote, correct on all draws), and the worst
 * case is taken per example over all attacks. The noise mode is set explicitly for the whole
 * evaluation, and batch norm uses its running statistics. Then the sanity checks and sweeps run.
 *
 * <p>The repeats and attacks run as tasks of (repeat, shard of test images) ({@link ShardPlan}),
 * each giving the same numbers wherever it runs: here one after another, or on Spark ({@link
 * #tasks}); their per-image results are then joined as one evaluation's.
 */
public final class RobustnessEvaluator {
    /** The rule every robust accuracy of the reports follows. */
    public static final String ROBUST_RULE =
            "an image counts as robust only if it is classified correctly when clean and under the"
                    + " attack (under every attack for the worst case), as AutoAttack and"
                    + " RobustBench count; clean and robust accuracies count the same images;"
                    + " attacks of a cascade run only on the images still robust";

    /** Seconds between the progress lines of a long attack. */
    static final double PROGRESS_SECONDS = 10;

    /** How the reports' intervals are made. */
    public static final String INTERVALS =
            "95% confidence intervals: Wilson's score interval over the images, widened in"
                    + " quadrature by 1.96 std / sqrt(repeats) over the noise re-draws";

    private final EvalConfig config;
    private final Consumer<String> progress;
    private Function<String, Classifier> sources =
            path -> {
                throw new IllegalArgumentException(
                        "no substitute models can be loaded here (transfer source " + path + ")");
            };
    private Path adversarialDir;
    private Path examplesFile;
    private EvaluationJournal journal = EvaluationJournal.inMemory();
    private TaskRunner tasks;

    /** Computes the tasks of an evaluation elsewhere (on Spark), instead of here in turn. */
    @FunctionalInterface
    public interface TaskRunner {
        /**
         * The results of every task of {@code plan}, in any order.
         *
         * @param config the settings the tasks run: the evaluation's, or one point of {@code
         *     --converge}'s growth ({@link #converge}), whose plan covers only the attacked images
         */
        List<ShardResult> run(EvalConfig config, ShardPlan plan);
    }

    public RobustnessEvaluator(EvalConfig config, Consumer<String> progress) {
        this.config = config;
        this.progress = progress;
    }

    /** Loads the substitute model of a transfer attack from its checkpoint path. */
    public RobustnessEvaluator sources(Function<String, Classifier> loader) {
        this.sources = loader;
        return this;
    }

    /** Where the report's example images go ({@link ExampleImages}); null: nowhere. */
    public RobustnessEvaluator examplesFile(Path file) {
        this.examplesFile = file;
        return this;
    }

    /** Where adversarial examples go when the config asks to save them. */
    public RobustnessEvaluator adversarialDir(Path dir) {
        this.adversarialDir = dir;
        return this;
    }

    /**
     * Where finished batches go, and come back from when an earlier evaluation was interrupted
     * (default: memory only).
     */
    public RobustnessEvaluator journal(EvaluationJournal journal) {
        this.journal = journal;
        return this;
    }

    /**
     * The tasks' results go to {@code runner} (Spark) instead of being computed here; the sanity
     * checks and the report's example images are still computed here, after them.
     */
    public RobustnessEvaluator tasks(TaskRunner runner) {
        this.tasks = runner;
        return this;
    }

    /** How this evaluation of {@code test} is cut into tasks. */
    public ShardPlan plan(ImageDataset test) {
        return ShardPlan.of(config, test.size());
    }

    /** One task of the evaluation: what a Spark task computes. */
    public ShardResult evaluateTask(
            EvaluatedModel network,
            ImageDataset test,
            String dataset,
            ShardPlan.Task task,
            NDManager root) {
        return withNoise(
                network,
                () -> shardRun(runner(network, root), plan(test), dataset).run(test, task));
    }

    public RobustnessReport evaluate(
            EvaluatedModel network,
            ImageDataset test,
            String dataset,
            String defense,
            NDManager root) {
        return withNoise(
                network, () -> evaluateWithNoiseSet(network, test, dataset, defense, root));
    }

    /**
     * {@code --converge}: grows the budgets of the attacks {@code settings} names (the strongest
     * white-box attack with a budget when it names none) on the attacked images ({@link
     * ConvergeRun}). Each point is an evaluation of one attack on those images ({@link
     * EvalConfig#growthPoint}), cut into tasks like the evaluation: run here, its batches in this
     * evaluator's journal (so a growth killed part-way resumes them), or by {@link #tasks}.
     */
    public Convergence.Outcome converge(
            EvaluatedModel network,
            ImageDataset test,
            Convergence.Settings settings,
            NDManager root) {
        return withNoise(
                network,
                () -> {
                    ImageDataset attacked = attacked(test);
                    AttackRunner runner = runner(network, root);
                    return new ConvergeRun(
                                    runner.deployed().isStochastic(),
                                    spec -> growthPoint(spec, runner, attacked),
                                    settings,
                                    progress)
                            .run(config.attacks());
                });
    }

    /** {@code spec} alone on the attacked images, as one point of a growth: its cascade. */
    private CascadeResult growthPoint(AttackSpec spec, AttackRunner runner, ImageDataset attacked) {
        EvalConfig point = config.growthPoint(spec);
        ShardPlan plan = ShardPlan.of(point, attacked.size());
        List<ShardResult> results =
                tasks != null
                        ? tasks.run(point, plan)
                        : runHere(
                                new ShardRun(point, plan, runner, spec, s -> {}, null),
                                attacked,
                                plan);
        return new ShardReduction(plan, results).attack(0, 0);
    }

    private RobustnessReport evaluateWithNoiseSet(
            EvaluatedModel network,
            ImageDataset test,
            String dataset,
            String defense,
            NDManager root) {
        long start = System.nanoTime();
        ImageDataset attacked = attacked(test);
        AttackRunner runner = runner(network, root);
        ShardPlan plan = plan(test);
        ShardReduction reduction =
                new ShardReduction(
                        plan,
                        tasks != null
                                ? elsewhere(plan)
                                : runHere(shardRun(runner, plan, dataset), test, plan));
        Repeats repeats = reduction.repeats(config);
        Datasets.Radii radii = radii(dataset);
        List<RobustnessReport.SweepPoint> sweeps =
                new ArrayList<>(userSweeps(reduction.sweeps(), radii));
        journal.continueAt(plan.checksRunIndex());
        List<RobustnessReport.Check> checks =
                config.checks()
                        ? sanityChecks(network, runner, attacked, repeats, radii, sweeps, root)
                        : List.of();
        recordExamples(runner, repeats, attacked);
        Classifier deployed = runner.deployed();
        return new RobustnessReport(
                dataset,
                network.architecture(),
                defense,
                howEvaluated(repeats, runner.scoringDraws(), test, attacked, start),
                repeats.clean(),
                repeats.attackResults(deployed),
                repeats.worstCase(),
                checks,
                sweeps,
                new RobustnessReport.Noise(deployed.isStochastic(), scales(network)),
                List.of());
    }

    /** Runs {@code body} with the evaluation's noise mode set, and the network's restored after. */
    private <T> T withNoise(EvaluatedModel network, Supplier<T> body) {
        NoiseMode previous = network.noiseMode();
        network.setNoiseMode(config.noiseMode());
        network.prepareForAttacks();
        try {
            return body.get();
        } finally {
            network.setNoiseMode(previous);
        }
    }

    private ImageDataset attacked(ImageDataset test) {
        return config.attackExamples() == 0 ? test : test.head(config.attackExamples());
    }

    /** Attacks and scores the deployed classifier (the ensemble, if predictions use one). */
    private AttackRunner runner(EvaluatedModel network, NDManager root) {
        Classifier deployed = Ensemble.of(network, config.ensembleDraws(), config.ensembleRule());
        int scoringDraws = deployed.isStochastic() ? config.scoringDraws() : 1;
        return new AttackRunner(deployed, config.batchSize(), scoringDraws, sources, journal, root)
                .progress(progress, PROGRESS_SECONDS);
    }

    private ShardRun shardRun(AttackRunner runner, ShardPlan plan, String dataset) {
        return new ShardRun(
                config, plan, runner, sweepBase(radii(dataset)), progress, adversarialDir);
    }

    /** Every task here, one after another. */
    private static List<ShardResult> runHere(ShardRun run, ImageDataset test, ShardPlan plan) {
        List<ShardResult> results = new ArrayList<>();
        for (ShardPlan.Task task : plan.tasks()) {
            results.add(run.run(test, task));
        }
        return results;
    }

    /**
     * Every task by {@link #tasks}, whose processes write the adversarial examples into {@link
     * #adversarialDir} themselves: found here only when it is a folder every machine sees.
     */
    private List<ShardResult> elsewhere(ShardPlan plan) {
        List<ShardResult> results = tasks.run(config, plan);
        if (config.saveAdversarial() && adversarialDir != null) {
            for (Path file : ShardRun.adversarialFiles(adversarialDir, config, plan)) {
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException(
                            "--save-adversarial: the tasks wrote their adversarial examples where"
                                    + " this machine does not see them (no "
                                    + file
                                    + "); with --spark, --out must be a folder every machine"
                                    + " sees at the same path");
                }
            }
        }
        return results;
    }

    /** The first attacked images under the strongest attack, for the report's grid. */
    private void recordExamples(AttackRunner runner, Repeats repeats, ImageDataset attacked) {
        AttackSpec strongest = repeats.strongest();
        if (examplesFile == null || strongest == null) {
            return;
        }
        try {
            ExampleImages.record(
                    runner.unrecorded(), strongest, attacked, config.seed(), examplesFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How the numbers were obtained, for the report. */
    private RobustnessReport.Evaluation howEvaluated(
            Repeats repeats,
            int scoringDraws,
            ImageDataset test,
            ImageDataset attacked,
            long startNanos) {
        return new RobustnessReport.Evaluation(
                config.repeats(),
                repeats.seeds,
                config.noiseMode().name(),
                config.ensembleDraws(),
                Ensemble.describe(config.ensembleDraws(), config.ensembleRule()),
                scoringDraws,
                scoringRules(scoringDraws),
                test.size(),
                attacked.size(),
                ROBUST_RULE,
                INTERVALS,
                (System.nanoTime() - startNanos) / 1e9);
    }

    /** The sanity checks on the first attacked images; their sweeps go into {@code sweeps}. */
    private List<RobustnessReport.Check> sanityChecks(
            EvaluatedModel network,
            AttackRunner runner,
            ImageDataset attacked,
            Repeats repeats,
            Datasets.Radii radii,
            List<RobustnessReport.SweepPoint> sweeps,
            NDManager root) {
        root.getEngine().setRandomSeed((int) config.seed());
        SanityChecks sanity =
                new SanityChecks(
                        network.hasNoise(),
                        network.noiseMode(),
                        runner,
                        attacked.head(Math.min(config.checkExamples(), attacked.size())),
                        config,
                        root,
                        progress);
        List<RobustnessReport.Check> checks =
                sanity.run(checkEpsilon(radii), repeats.firstRepeat());
        sweeps.addAll(sanity.sweeps());
        return checks;
    }

    private static String scoringRules(int scoringDraws) {
        return scoringDraws == 1
                ? "one prediction per example (deterministic model): all rules agree"
                : "each example scored with "
                        + scoringDraws
                        + " noise draws: accuracy = expected accuracy (mean fraction of correct"
                        + " draws); majorityVote = correct on more than half; allDraws = correct on"
                        + " every draw";
    }

    /**
     * The radii of what the settings give none (checks, the default sweep attack): the settings'
     * own, resolved from {@code --eps}/{@code --eps-l2}; the data set's for settings without them.
     */
    private Datasets.Radii radii(String dataset) {
        return config.radii() != null ? config.radii() : Datasets.radii(dataset);
    }

    /** The attack the user's sweeps vary: the first single (non-composite) attack. */
    private AttackSpec sweepBase(Datasets.Radii radii) {
        return config.attacks().stream()
                .filter(s -> !s.isComposite())
                .findFirst()
                .orElse(AttackSpec.parse("pgd:steps=20", radii.linf(), radii.l2()));
    }

    /**
     * The user's sweep points, from the tasks' results on the attacked images (first repeat),
     * robust only where also correct when clean.
     */
    private List<RobustnessReport.SweepPoint> userSweeps(
            List<CascadeResult> results, Datasets.Radii radii) {
        List<RobustnessReport.SweepPoint> points = new ArrayList<>();
        AttackSpec base = sweepBase(radii);
        int k = 0;
        for (Sweep sweep : config.sweeps()) {
            for (double value : sweep.values()) {
                CascadeResult o = results.get(k++);
                points.add(
                        RobustnessReport.SweepPoint.of(
                                "user", base.name(), sweep.parameter(), value, o.fractions()));
                progress.accept(
                        String.format(
                                Locale.ROOT,
                                "sweep %s=%s: %s accuracy %.4f (%.1f s)",
                                sweep.parameter(),
                                sweep.parameter().equals("eps")
                                        ? Epsilon.format((float) value)
                                        : String.format(Locale.ROOT, "%.0f", value),
                                sweep.apply(base, value).name(),
                                DrawScores.expected(o.fractions()),
                                o.seconds()));
            }
        }
        return points;
    }

    /** The checks' radius: the first L-inf attack's eps, else the data set's. */
    private float checkEpsilon(Datasets.Radii radii) {
        return config.attacks().stream()
                .filter(s -> s.norm().equalsIgnoreCase("linf"))
                .map(AttackSpec::epsilon)
                .findFirst()
                .orElse(radii.linf());
    }

    private static Map<String, List<Float>> scales(EvaluatedModel network) {
        Map<String, List<Float>> out = new LinkedHashMap<>();
        network.noiseScales()
                .forEach(
                        (layer, values) -> {
                            List<Float> list = new ArrayList<>();
                            for (float v : values) {
                                list.add(v);
                            }
                            out.put(layer, list);
                        });
        return out;
    }
}
