package dev.noiseshield.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The field's rule for robust accuracy (AutoAttack, RobustBench): an example is robust only if it
 * is classified correctly when clean and under every attack. Attacks run in turn, each on the
 * examples still robust, as AutoAttack's cascade does, so that none is spent on an example already
 * broken. On a stochastic model an example's score is a fraction of correct noise draws; its robust
 * score is the smallest of its clean score and its scores under the attacks, so that under majority
 * vote (or all draws) it is robust exactly when the majority (or all) of the draws are correct when
 * clean and under each attack. An example leaves the cascade when no draw is correct.
 */
final class Cascade {
    private Cascade() {}

    /** Runs one attack on some of the examples, by their positions in the attacked set. */
    @FunctionalInterface
    interface Stage {
        AttackRunner.Outcome attack(AttackSpec spec, int[] examples);
    }

    /**
     * @param clean per example of the attacked set, the fraction of correct draws when clean
     * @param attacks run in this order, each on what the ones before left robust
     */
    static CascadeResult run(float[] clean, List<AttackSpec> attacks, Stage stage) {
        float[] robust = clean.clone();
        List<CascadeResult.StageRun> stages = new ArrayList<>();
        List<float[]> sizes = new ArrayList<>();
        double seconds = 0;
        for (AttackSpec spec : attacks) {
            int[] alive = stillRobust(robust);
            AttackRunner.Outcome o = stage.attack(spec, alive);
            for (int k = 0; k < alive.length; k++) {
                robust[alive[k]] = Math.min(robust[alive[k]], o.fractions()[k]);
            }
            seconds += o.seconds();
            sizes.add(o.sizes());
            stages.add(
                    new CascadeResult.StageRun(
                            spec.name(), alive.length, robust.clone(), o.seconds()));
        }
        return new CascadeResult(robust, stages, Floats.concat(sizes), seconds);
    }

    /** Positions whose score is above 0: some draw is still correct. */
    static int[] stillRobust(float[] scores) {
        return java.util.stream.IntStream.range(0, scores.length)
                .filter(i -> scores[i] > 0)
                .toArray();
    }
}
