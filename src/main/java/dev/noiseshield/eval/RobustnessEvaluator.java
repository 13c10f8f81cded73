package dev.noiseshield.eval;

import ai.djl.ndarray.NDManager;
import dev.noiseshield.attack.Epsilon;
import dev.noiseshield.data.Datasets;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.model.Ensemble;
import dev.noiseshield.model.EvaluatedModel;
import dev.noiseshield.nn.NoiseMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Clean and adversarial accuracy of a network, repeated {@code repeats} times with seeds seed,
 * seed+1, ... Each repeat re-draws the noise and the attacks' random starts, so the spread over
 * repeats shows how much a number owes to chance. Every clean and adversarial example is scored
 * with several noise draws (expected accuracy, majority vote, correct on all draws), and the worst
 * case is taken per example over all attacks. The noise mode is set explicitly for the whole
 * evaluation, and batch norm uses its running statistics. Then the sanity checks and sweeps run.
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

    public RobustnessReport evaluate(
            EvaluatedModel network,
            ImageDataset test,
            String dataset,
            String defense,
            NDManager root) {
        long start = System.nanoTime();
        NoiseMode previous = network.noiseMode();
        network.setNoiseMode(config.noiseMode());
        network.prepareForAttacks();
        try {
            ImageDataset attacked =
                    config.attackExamples() == 0 ? test : test.head(config.attackExamples());
            Classifier deployed =
                    Ensemble.of(network, config.ensembleDraws(), config.ensembleRule());
            int scoringDraws = deployed.isStochastic() ? config.scoringDraws() : 1;
            AttackRunner runner =
                    new AttackRunner(
                                    deployed,
                                    config.batchSize(),
                                    scoringDraws,
                                    sources,
                                    journal,
                                    root)
                            .progress(progress, PROGRESS_SECONDS);
            Repeats repeats = runRepeats(runner, test, attacked);
            Datasets.Radii radii = Datasets.radii(dataset);
            List<RobustnessReport.SweepPoint> sweeps =
                    new ArrayList<>(
                            userSweeps(runner, attacked, repeats.cleanScores.get(0), radii));
            List<RobustnessReport.Check> checks =
                    config.checks()
                            ? sanityChecks(network, runner, attacked, repeats, radii, sweeps, root)
                            : List.of();
            recordExamples(runner, repeats, attacked);
            RobustnessReport.Evaluation evaluation =
                    howEvaluated(repeats, scoringDraws, test, attacked, start);
            return new RobustnessReport(
                    dataset,
                    network.architecture(),
                    defense,
                    evaluation,
                    repeats.clean(),
                    repeats.attackResults(deployed),
                    repeats.worstCase(),
                    checks,
                    sweeps,
                    new RobustnessReport.Noise(deployed.isStochastic(), scales(network)));
        } finally {
            network.setNoiseMode(previous);
        }
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

    /**
     * Per repeat: clean scores on the whole test set, then every attack as a cascade on the
     * attacked images that are correct when clean.
     */
    private Repeats runRepeats(AttackRunner runner, ImageDataset test, ImageDataset attacked) {
        Repeats out = new Repeats(config.attacks());
        for (int r = 0; r < config.repeats(); r++) {
            long seed = config.seed() + r;
            out.seeds.add(seed);
            float[] cleanAll = runner.run(null, test, seed, false).fractions();
            float[] clean = java.util.Arrays.copyOf(cleanAll, attacked.size());
            out.clean.add(DrawScores.expected(clean));
            out.testSetClean.add(DrawScores.expected(cleanAll));
            out.cleanScores.add(clean);
            progress.accept(
                    String.format(
                            Locale.ROOT,
                            "repeat %d/%d: clean %.4f",
                            r + 1,
                            config.repeats(),
                            out.clean.get(r)));
            float[] worstOfRepeat = clean;
            int repeat = r;
            for (int a = 0; a < out.specs.size(); a++) {
                boolean save = config.saveAdversarial() && r == 0 && adversarialDir != null;
                Cascade.Result result =
                        Cascade.run(
                                clean,
                                out.specs.get(a).components(),
                                (component, examples) ->
                                        attackAndReport(
                                                runner, component, attacked, examples, seed, repeat,
                                                save));
                out.add(a, result);
                worstOfRepeat = DrawScores.minimum(worstOfRepeat, result.fractions());
            }
            out.worst.add(worstOfRepeat);
        }
        return out;
    }

    /** One attack of a cascade on some of the attacked images, with its progress line. */
    private AttackRunner.Outcome attackAndReport(
            AttackRunner runner,
            AttackSpec spec,
            ImageDataset attacked,
            int[] examples,
            long seed,
            int repeat,
            boolean save) {
        ImageDataset subset = attacked.select(examples);
        AttackRunner.Outcome o = runner.run(spec, subset, seed, save);
        progress.accept(
                String.format(
                        Locale.ROOT,
                        "repeat %d/%d: %s eps=%s on %d images still robust: %d robust (%.1f s)",
                        repeat + 1,
                        config.repeats(),
                        spec.name(),
                        Epsilon.format(spec.epsilon()),
                        examples.length,
                        Math.round(DrawScores.expected(o.fractions()) * examples.length),
                        o.seconds()));
        if (save) {
            saveExamples(spec, subset, examples, o);
        }
        return o;
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
     * The user's sweeps, of the first single (non-composite) attack, on the attacked images, robust
     * only where also correct when clean (first repeat).
     */
    private List<RobustnessReport.SweepPoint> userSweeps(
            AttackRunner runner, ImageDataset attacked, float[] clean, Datasets.Radii radii) {
        List<RobustnessReport.SweepPoint> points = new ArrayList<>();
        if (config.sweeps().isEmpty()) {
            return points;
        }
        AttackSpec base =
                config.attacks().stream()
                        .filter(s -> !s.isComposite())
                        .findFirst()
                        .orElse(AttackSpec.parse("pgd:steps=20", radii));
        for (Sweep sweep : config.sweeps()) {
            for (double value : sweep.values()) {
                AttackSpec spec = sweep.apply(base, value);
                Cascade.Result o =
                        Cascade.run(
                                clean,
                                List.of(spec),
                                (s, examples) ->
                                        runner.run(
                                                s,
                                                attacked.select(examples),
                                                config.seed(),
                                                false));
                double acc = DrawScores.expected(o.fractions());
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
                                spec.name(),
                                acc,
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

    private void saveExamples(
            AttackSpec spec, ImageDataset subset, int[] index, AttackRunner.Outcome o) {
        try {
            java.nio.file.Files.createDirectories(adversarialDir);
            Path file =
                    AdversarialExamples.write(
                            adversarialDir,
                            spec,
                            new AdversarialExamples.Batch(
                                    subset,
                                    index,
                                    o.images(),
                                    o.predictions(),
                                    o.fractions(),
                                    o.sizes()));
            progress.accept("adversarial examples: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
