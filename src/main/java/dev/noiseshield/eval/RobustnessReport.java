package dev.noiseshield.eval;

import java.util.List;
import java.util.Map;

/**
 * The result of an evaluation, written as report.json. Accuracies are fractions in [0,1]; {@code
 * accuracy} is the mean over repeats and {@code std} the sample standard deviation.
 */
public record RobustnessReport(
        String dataset,
        String model,
        String defense,
        Evaluation evaluation,
        Clean clean,
        List<AttackResult> attacks,
        Noise noise) {

    /** How the numbers were obtained, so that a reader can judge them. */
    public record Evaluation(
            int repeats,
            List<Long> seeds,
            String noiseMode,
            int ensembleDraws,
            String scoring,
            int testExamples,
            int attackExamples,
            double seconds) {}

    public record Clean(double accuracy, double std, List<Double> runs) {}

    /**
     * One attack's result. {@code eot} is the EOT setting asked for; {@code gradientDraws} the noise
     * draws each gradient really averaged (1 on a deterministic model, where draws are identical).
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
            double seconds) {}

    /**
     * @param stochastic whether predictions drew noise
     * @param scales learned noise scales by layer ({@link dev.noiseshield.model.Network#noiseScales})
     */
    public record Noise(boolean stochastic, Map<String, List<Float>> scales) {}
}
