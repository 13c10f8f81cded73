package dev.noiseshield.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * The two rules that keep one point per example across runs, on four examples whose second run
 * differs from the first in what each rule weighs: the fraction of correct draws (0 is decided) and
 * the score. Points are the run's number, so the result says which run each example kept.
 */
class BestPerExampleTest {
    private static final float[] FIRST_CORRECT = {0.5f, 1f, 0f, 1f};
    private static final float[] FIRST_SCORE = {1f, 1f, 1f, 3f};
    private static final float[] SECOND_CORRECT = {1f, 0.5f, 0f, 0f};
    private static final float[] SECOND_SCORE = {2f, 0f, 5f, 0f};

    private static float[] kept(BestPerExample.Rule rule) {
        try (NDManager m = NDManager.newBaseManager()) {
            BestPerExample best = new BestPerExample(m, rule);
            for (int run = 1; run <= 2; run++) {
                try (NDManager scope = m.newSubManager()) {
                    // every example in both runs: the second run's offer decides, not a skip
                    Subset all = best.nextRun(4, false, scope);
                    best.offer(
                            all,
                            scope.zeros(new Shape(4)),
                            scope.full(new Shape(4), run),
                            scope.create(run == 1 ? FIRST_CORRECT : SECOND_CORRECT),
                            scope.create(run == 1 ? FIRST_SCORE : SECOND_SCORE),
                            scope);
                }
            }
            // examples 2 and 3 kept a point that fooled every draw: decided under both rules
            assertArrayEquals(new int[] {0, 1}, best.undecided(4));
            return best.result().toFloatArray();
        }
    }

    /**
     * APGD's: fewer correct draws win (examples 1 and 3), the earlier among equals (example 2,
     * though the second scored higher), the score only where both fooled no draw.
     */
    @Test
    void fewestCorrectKeepsTheRunThatFooledMoreDraws() {
        assertArrayEquals(new float[] {1, 2, 1, 2}, kept(BestPerExample.Rule.FEWEST_CORRECT));
    }

    /**
     * PGD's: a run that fooled every draw wins (example 3) and is never given up (example 2);
     * otherwise the higher score, whatever fraction of the few judged draws was wrong (examples 0
     * and 1).
     */
    @Test
    void decidedThenScoreKeepsAFoolingRunElseTheHigherLoss() {
        assertArrayEquals(new float[] {2, 1, 1, 2}, kept(BestPerExample.Rule.DECIDED_THEN_SCORE));
    }
}
