package dev.noiseshield.report;

import dev.noiseshield.eval.DrawScores;
import dev.noiseshield.eval.Significance;
import java.util.List;
import java.util.Map;

/**
 * The result of an evaluation, written as report.json. Accuracies are fractions in [0,1]; {@code
 * accuracy} is the mean over repeats of the expected accuracy (each adversarial example scored with
 * {@code scoringDraws} noise draws), {@code std} the sample standard deviation over repeats, {@code
 * interval} its 95% confidence interval ({@link Significance#interval}). Clean and robust
 * accuracies count the same images, and an image is robust only if it is also correct when clean
 * (the engine's {@code Cascade}).
 */
public record RobustnessReport(
        String dataset,
        String model,
        String defense,
        Evaluation evaluation,
        Clean clean,
        List<AttackResult> attacks,
        WorstCase worstCase,
        List<Check> checks,
        List<SweepPoint> sweeps,
        Noise noise,
        // written only by --converge: the reports of every other evaluation stay as they were
        @com.fasterxml.jackson.annotation.JsonInclude(
                        com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                List<Converged> convergence) {

    /** Reports written before --converge read with none. */
    public RobustnessReport {
        convergence = convergence == null ? List.of() : List.copyOf(convergence);
    }

    /**
     * One attack grown by the --converge option: the evaluation ran it as {@code attack}, grown
     * from {@code from} by doubling each budget setting until a doubling lowered robust accuracy by
     * less than {@code tolerance} and not significantly, or the setting reached {@code cap} times
     * its value; {@code converged} false when one was still falling at its cap. Each curve's points
     * are in the report's sweeps (sweep "converge"); {@code curves} says them in words.
     */
    public record Converged(
            String attack,
            String from,
            boolean converged,
            double tolerance,
            int cap,
            List<String> curves) {
        /** What a table says beside the attack's name. */
        public String label() {
            return converged ? "converged" : "NOT converged";
        }
    }

    /** How {@code attack} (a report name) was grown by --converge, or null. */
    public Converged convergenceOf(String attack) {
        return convergence().stream()
                .filter(c -> c.attack().equals(attack))
                .findFirst()
                .orElse(null);
    }

    /** This report with what --converge found: its summary, and its curves as sweep points. */
    public RobustnessReport withConvergence(List<Converged> found, List<SweepPoint> curves) {
        List<SweepPoint> all = new java.util.ArrayList<>(sweeps == null ? List.of() : sweeps);
        all.addAll(curves);
        return new RobustnessReport(
                dataset,
                model,
                defense,
                evaluation,
                clean,
                attacks,
                worstCase,
                checks,
                all,
                noise,
                List.copyOf(found));
    }

    /** How the numbers were obtained, so that a reader can judge them. */
    public record Evaluation(
            int repeats,
            List<Long> seeds,
            String noiseMode,
            int ensembleDraws,
            String scoring,
            int scoringDraws,
            String scoringRules,
            int testExamples,
            int attackExamples,
            String robustRule,
            String intervals,
            double seconds) {}

    /**
     * Clean accuracy on the attacked images; {@code testSetAccuracy} on the whole test set, which
     * differs when --attack-examples attacks only the first images.
     */
    public record Clean(
            double accuracy,
            double std,
            Significance.Interval interval,
            List<Double> runs,
            double testSetAccuracy) {}

    /**
     * One attack's result. {@code eot} is the EOT setting asked for; {@code gradientDraws} the
     * noise draws each gradient (or score) really averaged (1 on a deterministic model, where draws
     * are identical). {@code accuracy} is the expected accuracy over the scoring draws; {@code
     * majorityVote} counts an example robust when most draws classify it correctly, {@code
     * allDraws} when every draw does; each has its 95% interval as {@code accuracy} has. {@code
     * components} names the attacks whose per-example worst case a composite attack (AutoAttack)
     * is, run as a cascade whose {@code stages} say how many images each attacked and what was
     * left. {@code meanSize} and {@code maxSize} are the mean and largest size, in the attack's
     * norm, of every perturbation it produced: {@code maxSize} above {@code epsilon} would be a
     * bug. {@code meanFooledSize} is the mean size of the perturbations that fooled the model (most
     * scoring draws wrong after it, right before it; in a cascade, by the attack that fooled it: a
     * minimum-norm attack's "distortion needed to fool", as the PNI paper's Table 4 reports
     * C&amp;W), null when none did.
     */
    public record AttackResult(
            String name,
            String norm,
            float epsilon,
            int steps,
            int restarts,
            int eot,
            int gradientDraws,
            double accuracy,
            double std,
            Significance.Interval interval,
            List<Double> runs,
            double majorityVote,
            Significance.Interval majorityVoteInterval,
            double allDraws,
            Significance.Interval allDrawsInterval,
            List<String> components,
            List<Stage> stages,
            double meanSize,
            double maxSize,
            // absent from reports written before it was measured
            @com.fasterxml.jackson.annotation.JsonInclude(
                            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                    Double meanFooledSize,
            double seconds) {}

    /**
     * One attack of a cascade, in the first repeat.
     *
     * @param attacked images it attacked: those still robust before it
     * @param accuracy expected accuracy after it, over all attacked images
     */
    public record Stage(String attack, int attacked, double accuracy, double seconds) {}

    /**
     * Per example, the worst over every attack of the evaluation; then averaged. {@code scores} are
     * the per-image scores of the accuracy (the expected accuracy of each image, averaged over the
     * repeats), for paired tests between models ({@link PairedTests}).
     */
    public record WorstCase(
            double accuracy,
            double std,
            Significance.Interval interval,
            double majorityVote,
            Significance.Interval majorityVoteInterval,
            double allDraws,
            Significance.Interval allDrawsInterval,
            List<String> over,
            List<Float> scores) {}

    /**
     * One automatic sanity check: its verdict, with the numbers it judged, or why it cannot apply.
     */
    public record Check(String name, Verdict verdict, String detail) {
        /** What a check concluded. A check that could not apply is never counted as passed. */
        public enum Verdict {
            PASSED("passed"),
            FAILED("failed"),
            NOT_APPLICABLE("not applicable");

            private final String label;

            Verdict(String label) {
                this.label = label;
            }

            @com.fasterxml.jackson.annotation.JsonValue
            public String label() {
                return label;
            }
        }

        public Check {
            java.util.Objects.requireNonNull(verdict, "verdict");
        }

        /** A check that ran: passed or failed. */
        public static Check of(String name, boolean passed, String detail) {
            return new Check(name, passed ? Verdict.PASSED : Verdict.FAILED, detail);
        }

        /** A check that cannot apply to this model or evaluation, and why. */
        public static Check notApplicable(String name, String why) {
            return new Check(name, Verdict.NOT_APPLICABLE, why);
        }

        /**
         * Reads a check of report.json; reports written before checks had three verdicts hold
         * {@code passed} instead.
         */
        @com.fasterxml.jackson.annotation.JsonCreator
        static Check read(
                @com.fasterxml.jackson.annotation.JsonProperty("name") String name,
                @com.fasterxml.jackson.annotation.JsonProperty("verdict") String verdict,
                @com.fasterxml.jackson.annotation.JsonProperty("passed") Boolean passed,
                @com.fasterxml.jackson.annotation.JsonProperty("detail") String detail) {
            if (verdict == null) {
                return of(name, Boolean.TRUE.equals(passed), detail);
            }
            for (Verdict v : Verdict.values()) {
                if (v.label.equals(verdict)) {
                    return new Check(name, v, detail);
                }
            }
            throw new IllegalArgumentException("unknown check verdict '" + verdict + "'");
        }

        public boolean passed() {
            return verdict == Verdict.PASSED;
        }

        public boolean failed() {
            return verdict == Verdict.FAILED;
        }

        /**
         * How a list of checks came out, as reports print it: "9 passed, 2 not applicable", "1
         * FAILED, 8 passed, 2 not applicable"; never a count that includes checks that did not run.
         */
        public static String tally(List<Check> checks) {
            long failed = checks.stream().filter(Check::failed).count();
            long passed = checks.stream().filter(Check::passed).count();
            long notApplicable = checks.size() - failed - passed;
            List<String> parts = new java.util.ArrayList<>();
            if (failed > 0) {
                parts.add(failed + " FAILED");
            }
            parts.add(passed + " passed");
            if (notApplicable > 0) {
                parts.add(notApplicable + " not applicable");
            }
            return String.join(", ", parts);
        }
    }

    /** One point of a sweep: the attack's accuracy with one setting changed, and its interval. */
    public record SweepPoint(
            String sweep,
            String attack,
            String parameter,
            double value,
            double accuracy,
            Significance.Interval interval) {

        /** The point of per-image scores (one repeat). */
        public static SweepPoint of(
                String sweep, String attack, String parameter, double value, float[] scores) {
            double accuracy = DrawScores.expected(scores);
            return new SweepPoint(
                    sweep,
                    attack,
                    parameter,
                    value,
                    accuracy,
                    Significance.interval(accuracy, scores.length, 0, 1));
        }
    }

    /**
     * The noise of the evaluated model.
     *
     * @param stochastic whether predictions drew noise
     * @param scales learned noise scales by layer ({@link
     *     dev.noiseshield.model.Network#noiseScales})
     */
    public record Noise(boolean stochastic, Map<String, List<Float>> scales) {}

    /** This report as a RobustBench model entry (null without attacks), in report.json. */
    @com.fasterxml.jackson.annotation.JsonProperty("robustbench")
    public RobustBenchEntry robustbench() {
        return RobustBenchEntry.of(this);
    }
}
