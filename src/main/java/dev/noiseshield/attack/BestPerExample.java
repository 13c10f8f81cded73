package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Per example, the best adversarial point among several runs of an attack (restarts, losses,
 * targets), kept in the batch's manager while each run's arrays die with the run's scope. Points
 * come with a score (higher is better) and, for APGD, the fraction of draws that classified them
 * correctly: then a point that fooled more draws wins, the earlier run among equals, and the score
 * decides only between runs that fooled no draw.
 */
final class BestPerExample {
    private final NDManager out;
    private NDArray best;
    private NDArray score;
    private NDArray correct;

    /**
     * @param out where the running best lives (the batch's manager)
     */
    BestPerExample(NDManager out) {
        this.out = out;
    }

    /**
     * Offers one run's points and their scores, both in the run's scope, which the caller closes
     * after this call; the highest score wins.
     */
    void offer(NDArray points, NDArray scores) {
        offer(points, null, scores);
    }

    /**
     * Offers one run's points, the fraction of draws that classified each correctly (null: not
     * known, the score alone decides) and their scores, all in the run's scope.
     */
    void offer(NDArray points, NDArray correctFractions, NDArray scores) {
        if (best == null) {
            best = points;
            score = scores;
            correct = correctFractions;
        } else {
            NDArray better = scores.gt(score);
            if (correctFractions != null) {
                // from the run's array, so that nothing lands in the batch's manager
                NDArray bothUnfooled = correctFractions.minimum(correct).gte(1f);
                better = correctFractions.lt(correct).logicalOr(bothUnfooled.logicalAnd(better));
            }
            replace(
                    Scores.choose(better, points, best),
                    Scores.choose(better, scores, score),
                    correctFractions == null ? null : correctFractions.minimum(correct));
        }
        best.attach(out);
        score.attach(out);
        if (correct != null) {
            correct.attach(out);
        }
    }

    private void replace(NDArray mergedBest, NDArray mergedScore, NDArray mergedCorrect) {
        best.close();
        score.close();
        if (correct != null) {
            correct.close();
        }
        best = mergedBest;
        score = mergedScore;
        correct = mergedCorrect;
    }

    /**
     * Positions of the examples whose best point some draw classified correctly: the only ones a
     * later run can still change (every one before the first offer, or when correctness is not
     * known).
     */
    int[] undecided(int n) {
        if (correct == null) {
            return java.util.stream.IntStream.range(0, n).toArray();
        }
        float[] fractions = correct.toFloatArray();
        return java.util.stream.IntStream.range(0, n).filter(i -> fractions[i] > 0).toArray();
    }

    /** The best points; the scores are freed. */
    NDArray result() {
        score.close();
        if (correct != null) {
            correct.close();
        }
        return best;
    }
}
