package dev.noiseshield.eval;

import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.Epsilon;
import dev.noiseshield.report.RobustnessReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code evaluate --converge}, before the evaluation: each target attack's budget settings grow in
 * turn ({@link AttackSpec#budget}: steps, EOT draws on a noisy model, restarts), each from where
 * the previous one stopped, on the attacked images with the evaluation's seed ({@link
 * Convergence#grow}); every point draws the same random starts and noise, so that two points differ
 * by their budget alone. The evaluation then runs the grown attacks in their places, so that the
 * numbers it reports, with their repeats, intervals and worst case, are the converged ones.
 */
final class ConvergeRun {
    private final boolean stochastic;
    private final Function<AttackSpec, CascadeResult> evaluate;
    private final Convergence.Settings settings;
    private final Consumer<String> progress;

    /**
     * @param stochastic whether the model is noisy (EOT draws are then a budget setting)
     * @param evaluate one point: an attack's cascade on the attacked images, with the same seeds
     *     whatever its budget
     */
    ConvergeRun(
            boolean stochastic,
            Function<AttackSpec, CascadeResult> evaluate,
            Convergence.Settings settings,
            Consumer<String> progress) {
        this.stochastic = stochastic;
        this.evaluate = evaluate;
        this.settings = settings;
        this.progress = progress;
    }

    /** Grows the targets among {@code attacks}; the attacks with the grown ones in their places. */
    Convergence.Outcome run(List<AttackSpec> attacks) {
        List<Convergence.Point> starts = new ArrayList<>();
        for (AttackSpec spec : targets(attacks)) {
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
            Grown g = grow(start, curves);
            grown.replaceAll(s -> s.equals(start.spec()) ? g.spec() : s);
            found.add(g.summary());
        }
        return new Convergence.Outcome(grown, found, curves);
    }

    /** An attack as grown, and what its curves said. */
    private record Grown(AttackSpec spec, RobustnessReport.Converged summary) {}

    /**
     * One attack's settings grown in turn, each from where the previous one stopped; then each
     * setting that settled before a later one grew confirmed at the grown attack. Each curve's
     * points go into {@code curves}.
     */
    private Grown grow(Convergence.Point start, List<RobustnessReport.SweepPoint> curves) {
        Growing g = new Growing(start, curves);
        List<String> budget = start.spec().budget(stochastic);
        List<String> settled = new ArrayList<>();
        for (String setting : budget) {
            if (g.grow(setting)) {
                settled.add(setting);
            }
        }
        // a setting that settled before the later ones grew was judged at their smaller budgets:
        // doubled once more at the grown attack, it must still settle (else more steps, say, help
        // again once restarts grew, and the number is not converged)
        settled.remove(budget.get(budget.size() - 1));
        settled.forEach(g::confirm);
        return g.result();
    }

    /** The state of one attack's growth: where it stands, and what its curves said. */
    private final class Growing {
        private final Convergence.Point start;
        private final List<RobustnessReport.SweepPoint> curves;
        private final List<String> said = new ArrayList<>();
        private Convergence.Point current;
        private boolean converged = true;

        Growing(Convergence.Point start, List<RobustnessReport.SweepPoint> curves) {
            this.start = start;
            this.curves = curves;
            this.current = start;
        }

        /** Grows {@code setting} from the current point; whether its curve settled. */
        boolean grow(String setting) {
            Convergence.Curve curve =
                    Convergence.grow(
                            setting,
                            current,
                            settings.cap(),
                            settings.tolerance(),
                            spec -> point(spec).fractions());
            add(setting, setting, curve.points());
            converged &= curve.converged();
            say(curve.describe());
            current = curve.last();
            return curve.converged();
        }

        /**
         * Doubles {@code setting} once more at the current point; a doubling that does not settle
         * makes the number not converged, and the stronger attack the one reported.
         */
        void confirm(String setting) {
            Convergence.Point again = point(current.spec().grown(setting, 2));
            Convergence.Doubling d = Convergence.of(current, again);
            add(setting + " again", setting, List.of(current, again));
            boolean still = d.settled(settings.tolerance());
            say(
                    String.format(
                            Locale.ROOT,
                            "%s again at %s: %d: %.3f, %d: %.3f (%s: the doubling %s)",
                            setting,
                            current.spec().name(),
                            current.spec().budgetValue(setting),
                            current.accuracy(),
                            again.spec().budgetValue(setting),
                            again.accuracy(),
                            still ? "still converged" : "NOT converged",
                            d.describe()));
            if (!still) {
                converged = false;
                current = again;
            }
        }

        /** The points of a curve named {@code name}, valued by {@code setting}, into the report. */
        private void add(String name, String setting, List<Convergence.Point> points) {
            for (Convergence.Point p : points) {
                curves.add(
                        RobustnessReport.SweepPoint.of(
                                "converge",
                                start.spec().name(),
                                name,
                                p.spec().budgetValue(setting),
                                p.fractions()));
            }
        }

        private void say(String line) {
            said.add(line);
            progress.accept("converge: " + start.spec().name() + ": " + line);
        }

        Grown result() {
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
    }

    /**
     * The attacks named in the settings (as reports name them), or every white-box attack with a
     * budget when none are named; an error naming what can be grown otherwise.
     */
    private List<AttackSpec> targets(List<AttackSpec> attacks) {
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
        CascadeResult result = evaluate.apply(spec);
        Convergence.Point p = new Convergence.Point(spec, result.fractions());
        progress.accept(
                String.format(
                        Locale.ROOT,
                        "converge: %s eps=%s accuracy %.4f (%.1f s)",
                        spec.name(),
                        Epsilon.format(spec.epsilon()),
                        p.accuracy(),
                        result.seconds()));
        return p;
    }
}
