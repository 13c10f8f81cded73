package dev.noiseshield.eval;

import dev.noiseshield.attack.AttackSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * When an attack's budget is enough: the stopping rule of {@code --converge} and of the "budget has
 * converged" check (docs/evaluation.md, "Converged numbers").
 *
 * <p>A budget setting (steps, EOT draws, restarts) doubles, on the same images with the same seed,
 * until one doubling lowers the robust accuracy by less than a tolerance <em>and</em> not
 * significantly (the paired test of per-image scores on the expected-accuracy rule the number is
 * counted by, {@link Significance#pairedScores}: McNemar's for scores of 0 and 1, seeded sign flips
 * for a noisy model's fractions): the number has stopped falling. A curve that is still falling
 * when the setting reaches its cap is not converged, and says so.
 */
public final class Convergence {
    /** The largest drop one doubling may make for the number to count as converged: one point. */
    public static final double DEFAULT_TOLERANCE = 0.01;

    /** How far a setting may grow: 8 times its value as asked (three doublings). */
    public static final int DEFAULT_CAP = 8;

    private Convergence() {}

    /**
     * What {@code --converge} grows and when it stops.
     *
     * @param attacks the attacks to grow, as reports name them; empty: the strongest white-box
     *     attack with a budget
     * @param tolerance the largest drop of a settled doubling, as a fraction
     * @param cap the most a setting grows, as a factor of its value: a power of two
     */
    public record Settings(List<String> attacks, double tolerance, int cap)
            implements java.io.Serializable {
        public Settings {
            attacks = List.copyOf(attacks);
            if (!(tolerance > 0 && tolerance < 1)) {
                throw new IllegalArgumentException(
                        "--converge-tolerance must be between 0 and 1 (a fraction: 0.01 is one"
                                + " point), got "
                                + tolerance);
            }
            if (cap < 2 || Integer.bitCount(cap) != 1) {
                throw new IllegalArgumentException(
                        "--converge-cap must be a power of two, 2 or more (how many times a"
                                + " setting may grow), got "
                                + cap);
            }
        }
    }

    /**
     * What {@code --converge} found: the evaluation's attacks with the grown ones in their places,
     * each grown attack's summary and its curves' points.
     */
    public record Outcome(
            List<AttackSpec> attacks,
            List<dev.noiseshield.report.RobustnessReport.Converged> found,
            List<dev.noiseshield.report.RobustnessReport.SweepPoint> curves) {}

    /**
     * One budget's per-image scores (fractions of correct scoring draws, robust only where also
     * correct when clean).
     */
    @SuppressWarnings("ArrayRecordComponent") // a carrier of results, never compared or hashed
    public record Point(AttackSpec spec, float[] fractions) {
        public double accuracy() {
            return DrawScores.expected(fractions);
        }
    }

    /**
     * What one doubling did.
     *
     * @param drop accuracy before minus accuracy after (positive: the larger budget found more)
     * @param test the paired test of the two; its {@code onlyB} are the images the smaller budget
     *     scored higher
     */
    public record Doubling(double drop, Significance.Paired test) {
        /** The larger budget leaves significantly fewer images correct. */
        public boolean significant() {
            return test.bSignificantlyHigher();
        }

        /**
         * The number clearly still falls: a drop of the tolerance or more, and a significant one.
         * The sanity check fails on this; growth, which must not stop early, goes on unless the
         * doubling {@link #settled}.
         */
        public boolean stillFalling(double tolerance) {
            return drop >= tolerance && significant();
        }

        /**
         * The number has stopped falling: a drop below the tolerance, and not a significant one.
         */
        public boolean settled(double tolerance) {
            return drop < tolerance && !significant();
        }

        /** "0.005 lower (paired p = 0.500)", for reports. */
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "%.3f %s (paired p %s)",
                    Math.abs(drop),
                    drop >= 0 ? "lower" : "higher",
                    Significance.formatP(test.p()));
        }
    }

    /** The doubling from {@code before} to {@code after}, on the same images. */
    public static Doubling of(Point before, Point after) {
        return new Doubling(
                before.accuracy() - after.accuracy(),
                Significance.pairedScores(after.fractions(), before.fractions()));
    }

    /**
     * One setting's curve: its points, budget doubling from the first, and whether the last
     * doubling settled.
     */
    public record Curve(String setting, List<Point> points, boolean converged) {
        /** The last point: the largest budget measured, the number the curve reports. */
        public Point last() {
            return points.get(points.size() - 1);
        }

        /** "steps 10: 0.420, 20: 0.380, 40: 0.378 (converged: ...)", for reports. */
        public String describe() {
            StringBuilder out = new StringBuilder(setting).append(' ');
            for (int i = 0; i < points.size(); i++) {
                Point p = points.get(i);
                out.append(i == 0 ? "" : ", ")
                        .append(p.spec().budgetValue(setting))
                        .append(String.format(Locale.ROOT, ": %.3f", p.accuracy()));
            }
            if (points.size() < 2) {
                return out.toString();
            }
            Doubling last = of(points.get(points.size() - 2), last());
            return out.append(
                            converged
                                    ? " (converged: the last doubling " + last.describe() + ")"
                                    : " (NOT converged: still " + last.describe() + " at the cap)")
                    .toString();
        }
    }

    /**
     * Grows {@code setting} of {@code start}'s attack, doubling, until a doubling settles or the
     * setting would pass {@code cap} times its starting value.
     *
     * @param measure the per-image scores of an attack on the curve's images, with its seed
     */
    public static Curve grow(
            String setting,
            Point start,
            int cap,
            double tolerance,
            Function<AttackSpec, float[]> measure) {
        List<Point> points = new ArrayList<>(List.of(start));
        for (int factor = 2; factor <= cap; factor *= 2) {
            AttackSpec doubled = start.spec().grown(setting, factor);
            Point next = new Point(doubled, measure.apply(doubled));
            Point previous = points.get(points.size() - 1);
            points.add(next);
            if (of(previous, next).settled(tolerance)) {
                return new Curve(setting, points, true);
            }
        }
        return new Curve(setting, points, false);
    }
}
