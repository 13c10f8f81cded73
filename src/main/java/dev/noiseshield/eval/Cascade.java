package dev.noiseshield.eval;

import dev.noiseshield.attack.AttackSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The field's rule for robust accuracy (AutoAttack, RobustBench): an example is robust only if it
 * is classified correctly when clean and under every attack. Attacks run in turn, each on the
 * examples still robust, as AutoAttack's cascade does, so that none is spent on an example already
 * broken. On a stochastic model an example's score is a fraction of correct noise draws; its robust
 * score is that of the worst of its clean input and its adversarial ones, so that under majority
 * vote (or all draws) it is robust exactly when the majority (or all) of the draws are correct when
 * clean and under each attack. Which input is the worst is chosen on selection draws of its own,
 * and the chosen input's estimate is the score ({@link DrawScores}). An example leaves the cascade
 * when no draw of either scoring is correct.
 */
final class Cascade {
    private Cascade() {}

    /** Runs one attack on some of the examples, by their positions in the attacked set. */
    @FunctionalInterface
    interface Stage {
        AttackRunner.Outcome attack(AttackSpec spec, int[] examples);
    }

    /**
     * @param clean per example of the attacked set, its scores when clean
     * @param attacks run in this order, each on what the ones before left robust
     */
    static CascadeResult run(DrawScores.Scored clean, List<AttackSpec> attacks, Stage stage) {
        float[] robust = clean.estimate().clone();
        float[] selection = clean.selection().clone();
        List<CascadeResult.StageRun> stages = new ArrayList<>();
        List<float[]> sizes = new ArrayList<>();
        List<float[]> fooled = new ArrayList<>();
        double seconds = 0;
        for (AttackSpec spec : attacks) {
            int[] alive = stillRobust(robust, selection);
            AttackRunner.Outcome o = stage.attack(spec, alive);
            fooled.add(fooledSizes(robust, alive, o));
            DrawScores.keepWorse(robust, selection, o.scored(), alive);
            seconds += o.seconds();
            sizes.add(o.sizes());
            stages.add(
                    new CascadeResult.StageRun(
                            spec.name(), alive.length, robust.clone(), o.seconds()));
        }
        return new CascadeResult(
                robust, selection, stages, Floats.concat(sizes), Floats.concat(fooled), seconds);
    }

    /**
     * The sizes of the perturbations of {@code o} that fooled an example most draws had right
     * before it (the PNI paper's "mean C&amp;W L2 norm to fool" averages these).
     */
    private static float[] fooledSizes(float[] robustBefore, int[] alive, AttackRunner.Outcome o) {
        float[] out = new float[alive.length];
        int n = 0;
        for (int k = 0; k < alive.length; k++) {
            if (robustBefore[alive[k]] > 0.5f && o.fractions()[k] <= 0.5f && o.sizes()[k] > 0) {
                out[n++] = o.sizes()[k];
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Positions where some draw of either scoring is still correct. */
    static int[] stillRobust(float[] estimate, float[] selection) {
        return java.util.stream.IntStream.range(0, estimate.length)
                .filter(i -> estimate[i] > 0 || selection[i] > 0)
                .toArray();
    }
}
