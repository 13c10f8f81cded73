package dev.noiseshield.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnsembleTest {
    /**
     * Returns scripted logits, one (N, 2) array per call, cycling: a stochastic classifier with
     * known draws.
     */
    private static final class Scripted implements Classifier {
        private final List<float[]> draws;
        private int next;

        Scripted(List<float[]> draws) {
            this.draws = draws;
        }

        @Override
        public NDArray logits(NDArray x) {
            float[] d = draws.get(next++ % draws.size());
            return x.getManager().create(d, new Shape(d.length / 2, 2));
        }

        @Override
        public int numClasses() {
            return 2;
        }

        @Override
        public boolean isStochastic() {
            return true;
        }
    }

    // Two examples, three draws. Example A: draws [10,0], [0,.1], [0,.1]: mean probability says
    // class 0 (one confident draw), mean logits class 0, the vote class 1. Example B: [3,0], [0,1],
    // [0,1]: mean probability class 1, mean logits class 0, vote class 1.
    private static final List<float[]> DRAWS =
            List.of(
                    new float[] {10f, 0f, 3f, 0f},
                    new float[] {0f, 0.1f, 0f, 1f},
                    new float[] {0f, 0.1f, 0f, 1f});

    @Test
    void theThreeRulesCombineDrawsAsTheirDefinitionsSay() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new Shape(2, 1, 2, 2));
            assertArrayEquals(new long[] {0, 1}, predict(Ensemble.Rule.MEAN_PROB, x));
            assertArrayEquals(new long[] {0, 0}, predict(Ensemble.Rule.MEAN_LOGITS, x));
            assertArrayEquals(new long[] {1, 1}, predict(Ensemble.Rule.MAJORITY_VOTE, x));
        }
    }

    @Test
    void meanProbabilityLogitsAreTheLogOfTheMeanSoftmax() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new Shape(2, 1, 2, 2));
            float[] combined =
                    new Ensemble(new Scripted(DRAWS), 3, Ensemble.Rule.MEAN_PROB)
                            .logits(x)
                            .softmax(1)
                            .toFloatArray();
            for (int i = 0; i < 2; i++) {
                for (int c = 0; c < 2; c++) {
                    double mean = 0;
                    for (float[] d : DRAWS) {
                        double a = d[2 * i];
                        double b = d[2 * i + 1];
                        mean += Math.exp(c == 0 ? a : b) / (Math.exp(a) + Math.exp(b)) / 3;
                    }
                    assertEquals(mean, combined[2 * i + c], 1e-6);
                }
            }
            float[] meanLogits =
                    new Ensemble(new Scripted(DRAWS), 3, Ensemble.Rule.MEAN_LOGITS)
                            .logits(x)
                            .toFloatArray();
            assertArrayEquals(new float[] {10f / 3, 0.2f / 3, 1f, 2f / 3}, meanLogits, 1e-6f);
        }
    }

    @Test
    void aDeterministicModelOrOneDrawIsNotWrapped() {
        Scripted model = new Scripted(DRAWS);
        assertEquals(model, Ensemble.of(model, 1, Ensemble.Rule.MAJORITY_VOTE));
    }

    private static long[] predict(Ensemble.Rule rule, NDArray x) {
        return Ensemble.predict(Ensemble.of(new Scripted(DRAWS), 3, rule), x).toLongArray();
    }
}
