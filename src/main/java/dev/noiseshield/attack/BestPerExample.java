package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.stream.IntStream;

/**
 * Per example, the best adversarial point among several runs of an attack (restarts, losses,
 * targets), kept in the batch's manager while each run's arrays die with the run's scope. Points
 * come with a score (higher is better) and the fraction of draws that classified them correctly. An
 * example whose kept point no draw classified correctly is <em>decided</em>: under both rules no
 * later run replaces it, so later runs may leave it out ({@link #nextRun}).
 */
final class BestPerExample {
    /** How a run's point is compared with the one kept. */
    enum Rule {
        /**
         * APGD's, as AutoAttack keeps its runs: fewer correct draws win, the earlier run among
         * equals; the score decides only between runs that fooled no draw.
         */
        FEWEST_CORRECT,
        /**
         * PGD's: a point no draw classified correctly wins, the earliest such; otherwise the higher
         * score. On a deterministic model the same as {@link #FEWEST_CORRECT}; on a noisy one a
         * continuous loss over the draws says more of a point's chances under fresh draws than the
         * fraction of a few draws that happened to be wrong.
         */
        DECIDED_THEN_SCORE
    }

    private final NDManager out;
    private final Rule rule;
    private NDArray best;
    private NDArray score;
    private NDArray correct;

    /**
     * @param out where the running best lives (the batch's manager)
     */
    BestPerExample(NDManager out, Rule rule) {
        this.out = out;
        this.rule = rule;
    }

    /**
     * The examples of a batch of {@code n} that the next run attacks, in the run's scope: the
     * undecided ones when {@code skipDecided}, else all; null when every one is decided.
     */
    Subset nextRun(int n, boolean skipDecided, NDManager run) {
        int[] open = skipDecided ? undecided(n) : IntStream.range(0, n).toArray();
        return open.length == 0 ? null : Subset.of(open, n, run);
    }

    /**
     * Offers a run on {@code subset}'s examples of the batch {@code x}: its points, the fraction of
     * draws that classified each correctly and their scores, all in the run's scope. The examples
     * the run left out are offered as a point that cannot win: x itself, every draw correct, no
     * score.
     */
    void offer(
            Subset subset,
            NDArray x,
            NDArray points,
            NDArray correctFractions,
            NDArray scores,
            NDManager run) {
        Shape batch = new Shape(x.getShape().get(0));
        offer(
                subset.spread(points, x),
                subset.spread(correctFractions, run.ones(batch)),
                subset.spread(scores, run.full(batch, Float.NEGATIVE_INFINITY)));
    }

    /**
     * Offers one run's points, the fraction of draws that classified each correctly and their
     * scores for the whole batch, all in the run's scope, which the caller closes after this call.
     */
    private void offer(NDArray points, NDArray correctFractions, NDArray scores) {
        if (best == null) {
            best = points;
            score = scores;
            correct = correctFractions;
        } else {
            NDArray better = better(correctFractions, scores);
            NDArray keptCorrect =
                    rule == Rule.FEWEST_CORRECT
                            ? correctFractions.minimum(correct)
                            : Scores.choose(better, correctFractions, correct);
            replace(
                    Scores.choose(better, points, best),
                    Scores.choose(better, scores, score),
                    keptCorrect);
        }
        best.attach(out);
        score.attach(out);
        correct.attach(out);
    }

    /** Where the offered point replaces the kept one; in the run's scope (its arrays first). */
    private NDArray better(NDArray correctFractions, NDArray scores) {
        NDArray higher = scores.gt(score);
        if (rule == Rule.FEWEST_CORRECT) {
            NDArray bothUnfooled = correctFractions.minimum(correct).gte(1f);
            return correctFractions.lt(correct).logicalOr(bothUnfooled.logicalAnd(higher));
        }
        NDArray keptUndecided = correctFractions.zerosLike().lt(correct);
        return correctFractions.lte(0f).logicalOr(higher).logicalAnd(keptUndecided);
    }

    private void replace(NDArray mergedBest, NDArray mergedScore, NDArray mergedCorrect) {
        best.close();
        score.close();
        correct.close();
        best = mergedBest;
        score = mergedScore;
        correct = mergedCorrect;
    }

    /**
     * Positions of the examples not decided: those whose kept point some draw classified correctly,
     * the only ones a later run can still change (every one before the first offer).
     */
    int[] undecided(int n) {
        if (correct == null) {
            return IntStream.range(0, n).toArray();
        }
        float[] fractions = correct.toFloatArray();
        return IntStream.range(0, n).filter(i -> fractions[i] > 0).toArray();
    }

    /** The best points; the scores are freed. */
    NDArray result() {
        score.close();
        correct.close();
        return best;
    }
}
