package dev.noiseshield.report;

import dev.noiseshield.eval.Significance;
import java.util.ArrayList;
import java.util.List;

/**
 * The paired test of every pair of models in a comparison, on the numbers the comparison shows:
 * each model's worst case per image, as expected accuracy averaged over its repeats ({@link
 * RobustnessReport.WorstCase#scores}), tested by {@link Significance#pairedScores} and adjusted for
 * testing all pairs together by Holm's method.
 */
public final class PairedTests {
    private PairedTests() {}

    /** What the tests are, as the tables and pages print it. */
    public static final String DESCRIPTION =
            "worst case per image, paired on the same images: each image's expected accuracy"
                    + " averaged over the repeats (the rule of the accuracies above); two-sided"
                    + " sign-flip test (McNemar's exact test when every score is 0 or 1); p"
                    + " adjusted by Holm's method over all pairs";

    /**
     * One pair: models {@code a} and {@code b} (positions in the comparison), the test with {@code
     * onlyB} the images b scores higher and {@code onlyA} those a does, the adjusted p, and b's
     * mean score minus a's.
     */
    public record Pair(
            int a, int b, Significance.Paired test, double adjustedP, double meanDifference) {
        /** Whether the difference is significant after the adjustment. */
        public boolean significant() {
            return adjustedP < Significance.LEVEL;
        }
    }

    /**
     * Every pair (a before b) of the models whose per-image scores are given; models with no scores
     * or scores of other images (null or another length than the first's) are left out.
     */
    public static List<Pair> of(List<float[]> scores) {
        List<int[]> pairs = new ArrayList<>();
        List<Significance.Paired> tests = new ArrayList<>();
        for (int a = 0; a < scores.size(); a++) {
            for (int b = a + 1; b < scores.size(); b++) {
                if (comparable(scores, a) && comparable(scores, b)) {
                    pairs.add(new int[] {a, b});
                    tests.add(Significance.pairedScores(scores.get(a), scores.get(b)));
                }
            }
        }
        double[] adjusted =
                Significance.holm(tests.stream().mapToDouble(Significance.Paired::p).toArray());
        List<Pair> out = new ArrayList<>();
        for (int k = 0; k < pairs.size(); k++) {
            int a = pairs.get(k)[0];
            int b = pairs.get(k)[1];
            double difference = mean(scores.get(b)) - mean(scores.get(a));
            out.add(new Pair(a, b, tests.get(k), adjusted[k], difference));
        }
        return out;
    }

    private static double mean(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static boolean comparable(List<float[]> scores, int model) {
        float[] s = scores.get(model);
        float[] reference =
                scores.stream().filter(x -> x != null && x.length > 0).findFirst().orElse(null);
        return s != null && reference != null && s.length == reference.length;
    }

    /** Per-image scores from a report's list (null when it has none). */
    public static float[] scores(List<? extends Number> values) {
        if (values == null) {
            return null;
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }
}
