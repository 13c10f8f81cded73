package dev.noiseshield.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.model.Classifier;

/**
 * Scores inputs with several noise draws: per example, the fraction of draws whose prediction is
 * the label. From these fractions come the three scoring rules of the report: expected accuracy
 * (their mean), majority vote (fraction above one half) and correct on all draws (fraction 1).
 *
 * <p>Every score comes twice, from independent draws: one to choose by, one to report. The worst
 * case per example is a choice among several noisy scores (clean, each attack); chosen and reported
 * on the same draws it would lean low, as the smallest of several noisy numbers does on average. So
 * the choice is made on the selection draws and the chosen input's estimate, from draws that played
 * no part in the choice, is what the report counts (as randomized smoothing separates selection
 * from estimation).
 */
public final class DrawScores {
    private DrawScores() {}

    /**
     * Two independent scorings of the same inputs, per example.
     *
     * @param estimate the fraction of correct draws that the report counts
     * @param selection the fraction of correct draws on other draws, by which the worst case is
     *     chosen; the same array as {@code estimate} on a deterministic model
     */
    @SuppressWarnings("ArrayRecordComponent") // a carrier of results, never compared or hashed
    public record Scored(float[] estimate, float[] selection) {}

    /**
     * Per-example fractions (N) of {@code draws} predictions of the deployed classifier that are
     * correct, twice: the first {@code draws} draws are the estimate, the next ones the selection.
     */
    public static Scored correctFractions(Classifier deployed, NDArray x, NDArray y, int draws) {
        if (!deployed.isStochastic()) {
            float[] once = fractions(deployed, x, y, 1);
            return new Scored(once, once);
        }
        float[] estimate = fractions(deployed, x, y, draws);
        return new Scored(estimate, fractions(deployed, x, y, draws));
    }

    private static float[] fractions(Classifier deployed, NDArray x, NDArray y, int passes) {
        int n = Math.toIntExact(x.getShape().get(0));
        int[] right = new int[n];
        for (int d = 0; d < passes; d++) {
            try (NDManager pass = x.getManager().newSubManager()) {
                NDArray input = x.duplicate();
                input.attach(pass);
                boolean[] correct = Predictions.classes(deployed, input).eq(y).toBooleanArray();
                for (int i = 0; i < n; i++) {
                    right[i] += correct[i] ? 1 : 0;
                }
            }
        }
        // counted, then divided: ten additions of 1/10 make 1.0000001, which is not "all draws"
        float[] fractions = new float[n];
        for (int i = 0; i < n; i++) {
            fractions[i] = right[i] / (float) passes;
        }
        return fractions;
    }

    /**
     * Per example, the pair whose selection score is the smaller (the first on a tie): the worst of
     * two, chosen on the selection draws. Writes into {@code into}.
     */
    static void keepWorse(float[] intoEstimate, float[] intoSelection, Scored other, int[] where) {
        for (int k = 0; k < where.length; k++) {
            int i = where[k];
            if (other.selection()[k] < intoSelection[i]) {
                intoSelection[i] = other.selection()[k];
                intoEstimate[i] = other.estimate()[k];
            }
        }
    }

    public static double expected(float[] fractions) {
        double sum = 0;
        for (float f : fractions) {
            sum += f;
        }
        return fractions.length == 0 ? Double.NaN : sum / fractions.length;
    }

    public static double majority(float[] fractions) {
        int count = 0;
        for (float f : fractions) {
            count += f > 0.5f ? 1 : 0;
        }
        return fractions.length == 0 ? Double.NaN : count / (double) fractions.length;
    }

    public static double allDraws(float[] fractions) {
        int count = 0;
        for (float f : fractions) {
            count += f > 1f - 1e-6f ? 1 : 0;
        }
        return fractions.length == 0 ? Double.NaN : count / (double) fractions.length;
    }
}
