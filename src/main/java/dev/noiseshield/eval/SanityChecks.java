package dev.noiseshield.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.attack.AttackLoss;
import dev.noiseshield.attack.Eot;
import dev.noiseshield.attack.Gradients;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.nn.NoiseMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The usual signs of gradient masking and broken evaluations (Athalye et al. 2018, Carlini et al.
 * 2019), checked on a subset of the attacked images with a reference attack, PGD-10 (EOT over
 * {@link #EOT} draws on a stochastic model). Differences count only beyond a Monte-Carlo tolerance
 * of three standard errors of the difference of two accuracies, plus one example.
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
     * @param eps the evaluation's radius (the first L-inf attack's)
     * @param results expected accuracy of every attack of the evaluation on the full attacked set
     */
    /**
     * Runs the checks in a fixed order (each attack run's seed depends on its place in the
     * evaluation, so the order is part of the result).
     */
    List<RobustnessReport.Check> run(float eps, Map<AttackSpec, Double> results) {
        List<RobustnessReport.Check> checks = new ArrayList<>();
        checks.add(noiseActive());
        checks.add(eotUsed(results));
        checks.add(gradients());
        double pgd = accuracy("pgd:steps=10", eps, 10, k, 1);
        double fgsm = accuracy("fgsm", eps, 1, 1, 1);
        checks.add(notAbove("PGD not weaker than FGSM", "pgd-10", pgd, "fgsm", fgsm));
        // Cross-entropy saturates when the logits are huge (its gradient underflows to 0); the C&W
        // margin does not. A margin attack far stronger than the cross-entropy one means the
        // cross-entropy numbers of the evaluation overstate robustness.
        double margin = accuracy("cw-linf", eps, 10, k, 1);
        checks.add(
                notAbove(
                        "cross-entropy PGD not weaker than margin PGD",
                        "pgd-10",
                        pgd,
                        "cw-pgd-10",
                        margin));
        checks.add(fallsWithEps(eps, pgd));
        checks.add(largeEpsReachesChance());
        checks.addAll(moreBudgetDoesNotHelp(eps, pgd));
        checks.addAll(weakerAttacksAreWeaker(eps, pgd, results));
        return checks;
    }

    /** PGD-10 at a quarter, half, one and one and a half times eps: accuracy must not rise. */
    private RobustnessReport.Check fallsWithEps(float eps, double pgd) {
        float[] factors = {0.25f, 0.5f, 1f, 1.5f};
        double previous = -1;
        boolean monotone = true;
        StringBuilder curve = new StringBuilder();
        for (float f : factors) {
            double acc = f == 1f ? pgd : accuracy("pgd:steps=10", eps * f, 10, k, 1);
            sweeps.add(
                    new RobustnessReport.SweepPoint(
                            "check",
                            "pgd-10",
                            "eps",
                            Double.parseDouble(Float.toString(eps * f)),
                            acc));
            curve.append(
                    String.format(
                            Locale.ROOT,
                            "%s%.3g: %.3f",
                            curve.length() == 0 ? "" : ", ",
                            eps * f,
                            acc));
            if (previous >= 0 && acc > previous + tolerance(acc, previous)) {
                monotone = false;
            }
            previous = acc;
        }
        return new RobustnessReport.Check(
                "accuracy falls as eps grows", monotone, "pgd-10 accuracy at eps " + curve);
    }

    /** PGD-10 at L-inf eps 1, the whole box, must reach chance. */
    private RobustnessReport.Check largeEpsReachesChance() {
        double chance = 1.0 / deployed.numClasses();
        double large = accuracy("pgd:steps=10", 1f, 10, k, 1);
        sweeps.add(new RobustnessReport.SweepPoint("check", "pgd-10", "eps", 1f, large));
        return new RobustnessReport.Check(
                "a large eps reaches chance",
                large <= chance + tolerance(large, chance),
                String.format(
                        Locale.ROOT,
                        "pgd-10 at L-inf eps 1 (the whole box): %.3f, chance %.3f",
                        large,
                        chance));
    }

    /** More steps, restarts and (on a stochastic model) EOT draws must not raise accuracy. */
    private List<RobustnessReport.Check> moreBudgetDoesNotHelp(float eps, double pgd) {
        List<RobustnessReport.Check> checks = new ArrayList<>();
        double longer = accuracy("pgd:steps=40", eps, 40, k, 1);
        sweeps.add(new RobustnessReport.SweepPoint("check", "pgd", "steps", 10, pgd));
        sweeps.add(new RobustnessReport.SweepPoint("check", "pgd", "steps", 40, longer));
        checks.add(notAbove("more steps do not raise accuracy", "pgd-40", longer, "pgd-10", pgd));
        double restarts = accuracy("pgd:steps=10,restarts=3", eps, 10, k, 3);
        checks.add(
                notAbove(
                        "more restarts do not raise accuracy",
                        "pgd-10-r3",
                        restarts,
                        "pgd-10",
                        pgd));
        if (deployed.isStochastic()) {
            double moreEot = accuracy("pgd:steps=10", eps, 10, 2 * k, 1);
            sweeps.add(new RobustnessReport.SweepPoint("check", "pgd-10", "eot", k, pgd));
            sweeps.add(new RobustnessReport.SweepPoint("check", "pgd-10", "eot", 2 * k, moreEot));
            checks.add(
                    notAbove(
                            "more EOT samples do not raise accuracy",
                            "eot " + 2 * k,
                            moreEot,
                            "eot " + k,
                            pgd));
        }
        return checks;
    }

    /** Random noise, Square and the evaluation's black-box attacks must not beat white-box ones. */
    private List<RobustnessReport.Check> weakerAttacksAreWeaker(
            float eps, double pgd, Map<AttackSpec, Double> results) {
        List<RobustnessReport.Check> checks = new ArrayList<>();
        double random = accuracy("random", eps, 1, 1, 1);
        checks.add(
                notAbove("random noise is weaker than white-box", "pgd-10", pgd, "random", random));
        double square = accuracy("square:steps=200", eps, 200, k, 1);
        checks.add(
                notAbove(
                        "black-box is not stronger than white-box",
                        "pgd-10",
                        pgd,
                        "square-200",
                        square));
        double bestWhiteBox =
                results.entrySet().stream()
                        .filter(
                                e ->
                                        !e.getKey().isBlackBox()
                                                && !e.getKey().kind().equals("random"))
                        .mapToDouble(Map.Entry::getValue)
                        .min()
                        .orElse(Double.NaN);
        for (Map.Entry<AttackSpec, Double> e : results.entrySet()) {
            if (e.getKey().isBlackBox() && !Double.isNaN(bestWhiteBox)) {
                checks.add(
                        notAbove(
                                "black-box is not stronger than white-box",
                                "best white-box of the evaluation",
                                bestWhiteBox,
                                e.getKey().name(),
                                e.getValue()));
            }
        }
        return checks;
    }

    private RobustnessReport.Check noiseActive() {
        if (!noiseLayers) {
            return new RobustnessReport.Check(
                    "noise layers active during attacks",
                    true,
                    "deterministic model: no noise layers");
        }
        if (noiseMode == NoiseMode.OFF) {
            return new RobustnessReport.Check(
                    "noise layers active during attacks",
                    true,
                    "noise switched off on request (--noise OFF): attacks and predictions see the"
                            + " mean network");
        }
        try (NDManager scope = root.newSubManager()) {
            NDArray x = subset.images(first(Math.min(16, subset.size())), scope);
            float difference = deployed.logits(x).sub(deployed.logits(x)).abs().max().getFloat();
            return new RobustnessReport.Check(
                    "noise layers active during attacks",
                    difference > 0f,
                    String.format(
                            Locale.ROOT,
                            "two passes on the same images differ by up to %.3g in the logits",
                            difference));
        }
    }

    private RobustnessReport.Check eotUsed(Map<AttackSpec, Double> results) {
        if (!deployed.isStochastic()) {
            return new RobustnessReport.Check(
                    "EOT used on a stochastic model",
                    true,
                    "deterministic model: nothing to average");
        }
        List<String> withEot = new ArrayList<>();
        results.keySet().stream().filter(s -> s.eot() > 1).forEach(s -> withEot.add(s.name()));
        return new RobustnessReport.Check(
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
            return new RobustnessReport.Check(
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

    private RobustnessReport.Check notAbove(
            String name, String strongName, double strong, String weakName, double weak) {
        double tol = tolerance(strong, weak);
        return new RobustnessReport.Check(
                name,
                strong <= weak + tol,
                String.format(
                        Locale.ROOT,
                        "%s %.3f vs %s %.3f (tolerance %.3f, %d images)",
                        strongName,
                        strong,
                        weakName,
                        weak,
                        tol,
                        subset.size()));
    }

    /**
     * Three standard errors of the difference of two accuracies on the subset, plus one example.
     */
    private double tolerance(double a, double b) {
        int n = subset.size();
        return 3 * Math.sqrt((a * (1 - a) + b * (1 - b)) / n) + 1.0 / n;
    }

    private double accuracy(String text, float eps, int steps, int eot, int restarts) {
        AttackSpec parsed = AttackSpec.parse(text, eps);
        AttackSpec spec =
                new AttackSpec(
                        parsed.kind(),
                        parsed.norm(),
                        eps,
                        steps,
                        0f,
                        restarts,
                        eot,
                        parsed.options());
        AttackRunner.Outcome o = runner.run(spec, subset, config.seed(), false);
        double acc = DrawScores.expected(o.fractions());
        progress.accept(
                String.format(
                        Locale.ROOT,
                        "check: %s eps=%.3g accuracy %.4f (%.1f s)",
                        spec.name(),
                        eps,
                        acc,
                        o.seconds()));
        return acc;
    }

    private static int[] first(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }
}
