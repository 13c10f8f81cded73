package dev.noiseshield.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.attack.AttackLoss;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.Eot;
import dev.noiseshield.attack.Epsilon;
import dev.noiseshield.attack.Gradients;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.report.RobustnessReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The usual signs of gradient masking and broken evaluations (Athalye et al. 2018, Carlini et al.
 * 2019), checked on a subset of the attacked images with a reference attack, PGD-10 (EOT over
 * {@link #EOT} draws on a stochastic model). Two attacks run on the same images, so a difference
 * between them counts only when McNemar's paired test finds it ({@link Significance#paired}, images
 * counted correct by majority of the scoring draws, p below 0.05): treating the two accuracies as
 * independent, as these checks once did, let about ten points through on 200 images.
 */
final class SanityChecks {
    /** EOT draws of the reference attack on a stochastic model. */
    static final int EOT = 5;

    private final boolean noiseLayers;
    private final NoiseMode noiseMode;
    private final AttackRunner runner;
    private final Classifier deployed;
    private final ImageDataset subset;
    private final EvalConfig config;
    private final NDManager root;
    private final Consumer<String> progress;
    private final List<RobustnessReport.SweepPoint> sweeps = new ArrayList<>();
    private final int k;

    /**
     * @param noiseLayers whether the model has noise layers at all
     * @param noiseMode the mode the evaluation runs them in
     * @param runner runs the checks' attacks on what the evaluation attacks
     */
    SanityChecks(
            boolean noiseLayers,
            NoiseMode noiseMode,
            AttackRunner runner,
            ImageDataset subset,
            EvalConfig config,
            NDManager root,
            Consumer<String> progress) {
        this.noiseLayers = noiseLayers;
        this.noiseMode = noiseMode;
        this.runner = runner;
        this.deployed = runner.deployed();
        this.subset = subset;
        this.config = config;
        this.root = root;
        this.progress = progress;
        this.k = deployed.isStochastic() ? EOT : 1;
    }

    /** The sweeps the checks ran, as data. */
    List<RobustnessReport.SweepPoint> sweeps() {
        return sweeps;
    }

    /**
     * An attack's per-image scores (fractions of correct draws) on the checks' images.
     *
     * @param name as the checks' details print it
     */
    @SuppressWarnings("ArrayRecordComponent") // a carrier of results, never compared or hashed
    record Measured(String name, float[] fractions) {
        double accuracy() {
            return DrawScores.expected(fractions);
        }
    }

    /**
     * Runs the checks in a fixed order (each attack run's seed depends on its place in the
     * evaluation, so the order is part of the result).
     *
     * @param eps the evaluation's radius (the first L-inf attack's)
     * @param results per-image scores of every attack of the evaluation on the full attacked set
     */
    List<RobustnessReport.Check> run(float eps, Map<AttackSpec, float[]> results) {
        List<RobustnessReport.Check> checks = new ArrayList<>();
        checks.add(noiseActive());
        checks.add(eotUsed(results));
        checks.add(gradients());
        Measured pgd = measure("pgd:steps=10", eps, 10, k, 1);
        Measured fgsm = measure("fgsm", eps, 1, 1, 1);
        checks.add(notAbove("PGD not weaker than FGSM", pgd, fgsm));
        // Cross-entropy saturates when the logits are huge (its gradient underflows to 0); the C&W
        // margin does not. A margin attack far stronger than the cross-entropy one means the
        // cross-entropy numbers of the evaluation overstate robustness.
        Measured margin = measure("cw-linf", eps, 10, k, 1);
        checks.add(notAbove("cross-entropy PGD not weaker than margin PGD", pgd, margin));
        checks.add(fallsWithEps(eps, pgd));
        checks.add(largeEpsReachesChance());
        checks.addAll(moreBudgetDoesNotHelp(eps, pgd));
        checks.addAll(weakerAttacksAreWeaker(eps, pgd, results));
        checks.add(budgetConverged(results));
        return checks;
    }

    static final String CONVERGED = "the budget has converged";

    /**
     * The evaluation's strongest white-box attack with a budget, run again on the checks' images as
     * it is and with its steps, then its EOT draws (on a noisy model), doubled: a doubling that
     * lowers accuracy significantly and by the convergence tolerance or more means the evaluation's
     * number is still falling when its attack stops, and overstates robustness ({@link
     * Convergence}; {@code --converge} grows it).
     */
    private RobustnessReport.Check budgetConverged(Map<AttackSpec, float[]> results) {
        AttackSpec strongest = null;
        double lowest = Double.POSITIVE_INFINITY;
        for (Map.Entry<AttackSpec, float[]> e : results.entrySet()) {
            double accuracy = DrawScores.expected(e.getValue());
            if (e.getKey().hasWhiteBoxBudget(deployed.isStochastic()) && accuracy < lowest) {
                strongest = e.getKey();
                lowest = accuracy;
            }
        }
        if (strongest == null) {
            return RobustnessReport.Check.notApplicable(
                    CONVERGED,
                    "no white-box attack of the evaluation has a budget to grow (single steps,"
                            + " cascades such as AutoAttack, black-box attacks)");
        }
        Convergence.Point base = new Convergence.Point(strongest, measured(strongest).fractions());
        StringBuilder detail =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "%s %.3f on %d images",
                                strongest.name(),
                                base.accuracy(),
                                base.fractions().length));
        boolean settled = true;
        List<String> budget = strongest.budget(deployed.isStochastic());
        for (String setting : List.of("steps", "eot")) {
            if (!budget.contains(setting)) {
                continue;
            }
            AttackSpec doubled = strongest.grown(setting, 2);
            Convergence.Doubling d =
                    Convergence.of(
                            base, new Convergence.Point(doubled, measured(doubled).fractions()));
            settled &= !d.stillFalling(Convergence.DEFAULT_TOLERANCE);
            detail.append("; ")
                    .append(setting)
                    .append(" doubled (")
                    .append(doubled.name())
                    .append("): ")
                    .append(d.describe());
        }
        if (!settled) {
            detail.append(
                    "; the number still falls when the attack stops: grow it (evaluate"
                            + " --converge)");
        }
        return RobustnessReport.Check.of(CONVERGED, settled, detail.toString());
    }

    /**
     * PGD-10 at a quarter, half, one and one and a half times eps: accuracy must not rise
     * significantly from one radius to the next.
     */
    private RobustnessReport.Check fallsWithEps(float eps, Measured pgd) {
        float[] factors = {0.25f, 0.5f, 1f, 1.5f};
        Measured previous = null;
        boolean monotone = true;
        StringBuilder curve = new StringBuilder();
        for (float f : factors) {
            Measured m = f == 1f ? pgd : measure("pgd:steps=10", eps * f, 10, k, 1);
            sweeps.add(
                    RobustnessReport.SweepPoint.of(
                            "check",
                            "pgd-10",
                            "eps",
                            Double.parseDouble(Float.toString(eps * f)),
                            m.fractions()));
            curve.append(
                    String.format(
                            Locale.ROOT,
                            "%s%s: %.3f",
                            curve.length() == 0 ? "" : ", ",
                            Epsilon.format(eps * f),
                            m.accuracy()));
            if (previous != null && rises(previous, m).bSignificantlyHigher()) {
                monotone = false;
            }
            previous = m;
        }
        return RobustnessReport.Check.of(
                "accuracy falls as eps grows",
                monotone,
                "pgd-10 accuracy at eps " + curve + " (paired tests between neighbours)");
    }

    /**
     * The share of images a sound attack may leave right at L-inf eps 1, above which the "large
     * eps" check fails: its 95% interval must reach down to it (docs/evaluation.md).
     */
    static final double LARGE_EPS_BOUND = 0.01;

    /**
     * PGD-10 at L-inf eps 1: the ball is the whole box, so every image can be turned into any
     * other, an image of another class included, and a sound attack leaves none right. Chance (1 /
     * classes) is no bound here: a model at chance under such an attack is one the attack failed on
     * for most images. The check fails when the accuracy's 95% Wilson interval lies wholly above
     * {@link #LARGE_EPS_BOUND}: on 200 images, 5 right fail it and 4 do not.
     */
    private RobustnessReport.Check largeEpsReachesChance() {
        Measured large = measure("pgd:steps=10", 1f, 10, k, 1);
        sweeps.add(RobustnessReport.SweepPoint.of("check", "pgd-10", "eps", 1f, large.fractions()));
        return largeEps(large);
    }

    /** The verdict on an attack's per-image scores at L-inf eps 1. */
    static RobustnessReport.Check largeEps(Measured large) {
        Significance.Interval interval =
                Significance.interval(large.accuracy(), large.fractions().length, 0, 1);
        return RobustnessReport.Check.of(
                "a large eps leaves no image right",
                interval.low() <= LARGE_EPS_BOUND,
                String.format(
                        Locale.ROOT,
                        "%s at L-inf eps 1 (the whole box, where any image can become any other):"
                                + " %.3f (95%% interval %.3f-%.3f); a sound attack leaves none, so"
                                + " the interval must reach %.2f",
                        large.name(),
                        large.accuracy(),
                        interval.low(),
                        interval.high(),
                        LARGE_EPS_BOUND));
    }

    /** More steps, restarts and (on a stochastic model) EOT draws must not raise accuracy. */
    private List<RobustnessReport.Check> moreBudgetDoesNotHelp(float eps, Measured pgd) {
        List<RobustnessReport.Check> checks = new ArrayList<>();
        Measured longer = measure("pgd:steps=40", eps, 40, k, 1);
        sweeps.add(RobustnessReport.SweepPoint.of("check", "pgd", "steps", 10, pgd.fractions()));
        sweeps.add(RobustnessReport.SweepPoint.of("check", "pgd", "steps", 40, longer.fractions()));
        checks.add(notAbove("more steps do not raise accuracy", longer, pgd));
        Measured restarts = measure("pgd:steps=10,restarts=3", eps, 10, k, 3);
        checks.add(notAbove("more restarts do not raise accuracy", restarts, pgd));
        if (deployed.isStochastic()) {
            Measured moreEot = measure("pgd:steps=10", eps, 10, 2 * k, 1);
            sweeps.add(
                    RobustnessReport.SweepPoint.of("check", "pgd-10", "eot", k, pgd.fractions()));
            sweeps.add(
                    RobustnessReport.SweepPoint.of(
                            "check", "pgd-10", "eot", 2 * k, moreEot.fractions()));
            checks.add(notAbove("more EOT samples do not raise accuracy", moreEot, pgd));
        } else {
            checks.add(
                    RobustnessReport.Check.notApplicable(
                            "more EOT samples do not raise accuracy",
                            "deterministic model: every draw is the same"));
        }
        return checks;
    }

    /** Random noise, Square and the evaluation's black-box attacks must not beat white-box ones. */
    private List<RobustnessReport.Check> weakerAttacksAreWeaker(
            float eps, Measured pgd, Map<AttackSpec, float[]> results) {
        List<RobustnessReport.Check> checks = new ArrayList<>();
        Measured random = measure("random", eps, 1, 1, 1);
        checks.add(notAbove("random noise is weaker than white-box", pgd, random));
        Measured square = measure("square:steps=200", eps, 200, k, 1);
        checks.add(notAbove("black-box is not stronger than white-box", pgd, square));
        Measured bestWhiteBox = null;
        for (Map.Entry<AttackSpec, float[]> e : results.entrySet()) {
            Measured m = new Measured(e.getKey().name(), e.getValue());
            if (!e.getKey().isBlackBox()
                    && !e.getKey().kind().equals("random")
                    && (bestWhiteBox == null || m.accuracy() < bestWhiteBox.accuracy())) {
                bestWhiteBox = m;
            }
        }
        for (Map.Entry<AttackSpec, float[]> e : results.entrySet()) {
            if (e.getKey().isBlackBox() && bestWhiteBox != null) {
                checks.add(
                        notAbove(
                                "black-box is not stronger than white-box",
                                bestWhiteBox,
                                new Measured(e.getKey().name(), e.getValue())));
            }
        }
        return checks;
    }

    private RobustnessReport.Check noiseActive() {
        if (!noiseLayers) {
            return RobustnessReport.Check.notApplicable(
                    "noise layers active during attacks", "deterministic model: no noise layers");
        }
        if (noiseMode == NoiseMode.OFF) {
            return RobustnessReport.Check.notApplicable(
                    "noise layers active during attacks",
                    "noise switched off on request (--noise OFF): attacks and predictions see the"
                            + " mean network");
        }
        try (NDManager scope = root.newSubManager()) {
            NDArray x = subset.images(first(Math.min(16, subset.size())), scope);
            float difference = deployed.logits(x).sub(deployed.logits(x)).abs().max().getFloat();
            return RobustnessReport.Check.of(
                    "noise layers active during attacks",
                    difference > 0f,
                    String.format(
                            Locale.ROOT,
                            "two passes on the same images differ by up to %.3g in the logits",
                            difference));
        }
    }

    private RobustnessReport.Check eotUsed(Map<AttackSpec, float[]> results) {
        if (!deployed.isStochastic()) {
            return RobustnessReport.Check.notApplicable(
                    "EOT used on a stochastic model", "deterministic model: nothing to average");
        }
        List<String> withEot = new ArrayList<>();
        results.keySet().stream().filter(s -> s.eot() > 1).forEach(s -> withEot.add(s.name()));
        return RobustnessReport.Check.of(
                "EOT used on a stochastic model",
                !withEot.isEmpty(),
                withEot.isEmpty()
                        ? "the model draws noise, but no attack averages gradients over draws: add"
                                + " eot=K or autoattack-rand"
                        : "attacks averaging draws: " + String.join(", ", withEot));
    }

    private RobustnessReport.Check gradients() {
        try (NDManager scope = root.newSubManager()) {
            int n = Math.min(100, subset.size());
            NDArray x = subset.images(first(n), scope);
            NDArray y = subset.labels(first(n), scope);
            NDArray g =
                    Gradients.of(Eot.wrap(deployed, k), x, y, AttackLoss.CROSS_ENTROPY, scope)
                            .gradient()
                            .reshape(n, -1);
            long nan =
                    (long)
                            g.isNaN()
                                    .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                                    .max(new int[] {1})
                                    .sum()
                                    .getFloat();
            long zero =
                    (long)
                            g.abs()
                                    .max(new int[] {1})
                                    .eq(0f)
                                    .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                                    .sum()
                                    .getFloat();
            boolean ok = nan == 0 && zero <= 0.05 * n;
            return RobustnessReport.Check.of(
                    "no zero or NaN input gradients",
                    ok,
                    String.format(
                            Locale.ROOT,
                            "of %d clean inputs, %d have a NaN and %d an all-zero cross-entropy"
                                    + " gradient (allowed: 5%%)",
                            n,
                            nan,
                            zero));
        }
    }

    /**
     * Passes unless the attack that should be stronger leaves significantly more images correct
     * than the weaker one, by McNemar's paired test on the same images.
     */
    static RobustnessReport.Check notAbove(String name, Measured strong, Measured weak) {
        Significance.Paired test = rises(weak, strong);
        return RobustnessReport.Check.of(
                name,
                !test.bSignificantlyHigher(),
                String.format(
                        Locale.ROOT,
                        "%s %.3f vs %s %.3f on %d images; correct under %s only: %d, under %s"
                                + " only: %d; McNemar p %s",
                        strong.name(),
                        strong.accuracy(),
                        weak.name(),
                        weak.accuracy(),
                        strong.fractions().length,
                        strong.name(),
                        test.onlyB(),
                        weak.name(),
                        test.onlyA(),
                        Significance.formatP(test.p())));
    }

    /** The paired test of b against a: does b leave significantly more images correct? */
    private static Significance.Paired rises(Measured a, Measured b) {
        return Significance.paired(
                Significance.correct(a.fractions()), Significance.correct(b.fractions()));
    }

    private Measured measure(String text, float eps, int steps, int eot, int restarts) {
        AttackSpec parsed = AttackSpec.parse(text, eps);
        return measured(
                new AttackSpec(
                        parsed.kind(),
                        parsed.norm(),
                        eps,
                        steps,
                        0f,
                        restarts,
                        eot,
                        parsed.options()));
    }

    /** The per-image scores of {@code spec} on the checks' images, with the evaluation's seed. */
    private Measured measured(AttackSpec spec) {
        float eps = spec.epsilon();
        AttackRunner.Outcome o = runner.run(spec, subset, config.seed(), false);
        double acc = DrawScores.expected(o.fractions());
        progress.accept(
                String.format(
                        Locale.ROOT,
                        "check: %s eps=%s accuracy %.4f (%.1f s)",
                        spec.name(),
                        Epsilon.format(eps),
                        acc,
                        o.seconds()));
        return new Measured(spec.name(), o.fractions());
    }

    private static int[] first(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }
}
