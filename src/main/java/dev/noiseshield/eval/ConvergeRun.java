package dev.noiseshield.eval;

import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.Epsilon;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.report.RobustnessReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code evaluate --converge}, before the evaluation: each target attack's budget settings grow in
 * turn ({@link AttackSpec#budget}: steps, EOT draws on a noisy model, restarts), each from where
 * the previous one stopped, on the attacked images with the evaluation's seed ({@link
 * Convergence#grow}). The evaluation then runs the grown attacks in their places, so that the
 * numbers it reports, with their repeats, intervals and worst case, are the converged ones.
 */
final class ConvergeRun {
    private final AttackRunner runner;
    private final ImageDataset images;
    private final long seed;
    private final Convergence.Settings settings;
    private final Consumer<String> progress;

    ConvergeRun(
            AttackRunner runner,
            ImageDataset images,
            long seed,
            Convergence.Settings settings,
            Consumer<String> progress) {
        this.runner = runner;
        this.images = images;
        this.seed = seed;
        this.settings = settings;
        this.progress = progress;
    }

    /** Grows the targets among {@code attacks}; the attacks with the grown ones in their places. */
    Convergence.Outcome run(List<AttackSpec> attacks) {
        boolean stochastic = runner.deployed().isStochastic();
        List<Convergence.Point> starts = new ArrayList<>();
        for (AttackSpec spec : targets(attacks, stochastic)) {
            starts.add(point(spec));
        }
        if (settings.attacks().isEmpty()) { // the strongest only
            starts.sort(java.util.Comparator.comparingDouble(Convergence.Point::accuracy));
            starts = starts.subList(0, 1);
            progress.accept(
                    "converge: growing "
                            + starts.get(0).spec().name()
                            + ", the strongest white-box attack at its own budget");
        }
        List<AttackSpec> grown = new ArrayList<>(attacks);
        List<RobustnessReport.Converged> found = new ArrayList<>();
        List<RobustnessReport.SweepPoint> curves = new ArrayList<>();
        for (Convergence.Point start : starts) {
            Grown g = grow(start, stochastic, curves);
            grown.replaceAll(s -> s.equals(start.spec()) ? g.spec() : s);
            found.add(g.summary());
        }
        return new Convergence.Outcome(grown, found, curves);
    }

    /** An attack as grown, and what its curves said. */
    private record Grown(AttackSpec spec, RobustnessReport.Converged summary) {}

    /**
     * One attack's settings grown in turn, each from where the previous one stopped; each curve's
     * points go into {@code curves}.
     */
    private Grown grow(
            Convergence.Point start, boolean stochastic, List<RobustnessReport.SweepPoint> curves) {
        Convergence.Point current = start;
        boolean converged = true;
        List<String> said = new ArrayList<>();
        for (String setting : start.spec().budget(stochastic)) {
            Convergence.Curve curve =
                    Convergence.grow(
                            setting,
                            current,
                            settings.cap(),
                            settings.tolerance(),
                            spec -> point(spec).fractions());
            for (Convergence.Point p : curve.points()) {
                curves.add(
                        RobustnessReport.SweepPoint.of(
                                "converge",
                                start.spec().name(),
                                setting,
                                p.spec().budgetValue(setting),
                                p.fractions()));
            }
            converged &= curve.converged();
            said.add(curve.describe());
            progress.accept("converge: " + start.spec().name() + ": " + curve.describe());
            current = curve.last();
        }
        return new Grown(
                current.spec(),
                new RobustnessReport.Converged(
                        current.spec().name(),
                        start.spec().name(),
                        converged,
                        settings.tolerance(),
                        settings.cap(),
                        said));
    }

    /**
     * The attacks named in the settings (as reports name them), or every white-box attack with a
     * budget when none are named; an error naming what can be grown otherwise.
     */
    private List<AttackSpec> targets(List<AttackSpec> attacks, boolean stochastic) {
        List<AttackSpec> growable =
                attacks.stream().filter(s -> s.hasWhiteBoxBudget(stochastic)).toList();
        if (settings.attacks().isEmpty()) {
            if (growable.isEmpty()) {
                throw new IllegalArgumentException(
                        "--converge: no attack of the evaluation has a budget to grow (single"
                                + " steps, cascades such as AutoAttack and black-box attacks have"
                                + " none); add one, for example pgd:steps=20");
            }
            return growable;
        }
        List<AttackSpec> named = new ArrayList<>();
        for (String name : settings.attacks()) {
            AttackSpec spec =
                    attacks.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
            if (spec == null || spec.budget(stochastic).isEmpty()) {
                throw new IllegalArgumentException(
                        "--converge-attacks: "
                                + name
                                + (spec == null
                                        ? " is not an attack of the evaluation"
                                        : " has no budget to grow")
                                + "; it can grow "
                                + String.join(
                                        ", ", growable.stream().map(AttackSpec::name).toList()));
            }
            named.add(spec);
        }
        return named;
    }

    private Convergence.Point point(AttackSpec spec) {
        AttackRunner.Outcome o = runner.run(spec, images, seed, false);
        Convergence.Point p = new Convergence.Point(spec, o.fractions());
        progress.accept(
                String.format(
                        Locale.ROOT,
                        "converge: %s eps=%s accuracy %.4f (%.1f s)",
                        spec.name(),
                        Epsilon.format(spec.epsilon()),
                        p.accuracy(),
                        o.seconds()));
        return p;
    }
}
