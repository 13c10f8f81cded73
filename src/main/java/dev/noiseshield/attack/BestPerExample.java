package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Per example, the adversarial point with the highest score among several runs of an attack
 * (restarts, losses, targets), kept in the batch's manager while each run's arrays die with the
 * run's scope.
 */
final class BestPerExample {
    private final NDManager out;
    private NDArray best;
    private NDArray score;

    /**
     * @param out where the running best lives (the batch's manager)
     */
    BestPerExample(NDManager out) {
        this.out = out;
    }

    /**
     * Offers one run's points and their scores, both in the run's scope, which the caller closes
     * after this call.
     */
    void offer(NDArray points, NDArray scores) {
        if (best == null) {
            best = points;
            score = scores;
        } else {
            NDArray merged = Scores.choose(scores.gt(score), points, best);
            NDArray mergedScore = scores.maximum(score);
            best.close();
            score.close();
            best = merged;
            score = mergedScore;
        }
        best.attach(out);
        score.attach(out);
    }

    /** The best points; the scores are freed. */
    NDArray result() {
        score.close();
        return best;
    }
}
