package dev.noiseshield.eval;

import java.util.List;
import java.util.Map;

/**
 * The result of an evaluation, written as report.json. Accuracies are fractions in [0,1]; {@code
 * accuracy} is the mean over repeats of the expected accuracy (each adversarial example scored with
 * {@code scoringDraws} noise draws), {@code std} the sample standard deviation over repeats.
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
        Noise noise) {

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
            double seconds) {}

    public record Clean(double accuracy, double std, List<Double> runs) {}

    /**
     * One attack's result. {@code eot} is the EOT setting asked for; {@code gradientDraws} the
     * noise draws each gradient (or score) really averaged (1 on a deterministic model, where draws
     * are identical). {@code accuracy} is the expected accuracy over the scoring draws; {@code
     * majorityVote} counts an example robust when most draws classify it correctly, {@code
     * allDraws} when every draw does. {@code components} names the attacks whose per-example worst
     * case a composite attack (AutoAttack) is.
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
            List<Double> runs,
            double majorityVote,
            double allDraws,
            List<String> components,
            double seconds) {}

    /** Per example, the worst over every attack of the evaluation; then averaged. */
    public record WorstCase(
            double accuracy, double std, double majorityVote, double allDraws, List<String> over) {}

    /** One automatic sanity check: passed or not, with the numbers it judged. */
    public record Check(String name, boolean passed, String detail) {}

    /** One point of a sweep: the attack's accuracy with one setting changed. */
    public record SweepPoint(
            String sweep, String attack, String parameter, double value, double accuracy) {}

    /**
     * The noise of the evaluated model.
     *
     * @param stochastic whether predictions drew noise
     * @param scales learned noise scales by layer ({@link
     *     dev.noiseshield.model.Network#noiseScales})
     */
    public record Noise(boolean stochastic, Map<String, List<Float>> scales) {}
}
