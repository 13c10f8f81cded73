package dev.noiseshield.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.model.Classifier;

/**
 * Scores inputs with several noise draws: per example, the fraction of draws whose prediction is
 * the label. From these fractions come the three scoring rules of the report: expected accuracy
 * (their mean), majority vote (fraction above one half) and correct on all draws (fraction 1).
 */
public final class DrawScores {
    private DrawScores() {}

    /**
     * Per-example fraction (N) of {@code draws} predictions of the deployed classifier that are
     * correct.
     */
    public static float[] correctFractions(Classifier deployed, NDArray x, NDArray y, int draws) {
        int n = Math.toIntExact(x.getShape().get(0));
        float[] fractions = new float[n];
        int passes = deployed.isStochastic() ? draws : 1;
        for (int d = 0; d < passes; d++) {
            try (NDManager pass = x.getManager().newSubManager()) {
                NDArray input = x.duplicate();
                input.attach(pass);
                boolean[] correct = Predictions.classes(deployed, input).eq(y).toBooleanArray();
                for (int i = 0; i < n; i++) {
                    fractions[i] += correct[i] ? 1f / passes : 0f;
                }
            }
        }
        return fractions;
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

    /** Per example, the smaller fraction: the worst case of two attacks. */
    public static float[] minimum(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.min(a[i], b[i]);
        }
        return out;
    }
}
