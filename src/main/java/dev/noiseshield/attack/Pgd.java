package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.model.Classifier;

/**
 * Projected gradient descent (Madry et al., 2018): from a random start in the eps-ball, {@code
 * steps} steepest-ascent steps of the loss, each projected back onto the ball and the [0,1] box.
 * With restarts, each example keeps the first run whose end point no noise draw classified
 * correctly (judged on as many draws as the gradients average; one on a deterministic model), and
 * where no run did, the run with the highest loss averaged over those draws, so that a noisy model
 * is not judged on one lucky draw. A run that fooled the model is then never given up for one with
 * a higher loss that did not, and an example so decided sits out the restarts after.
 *
 * @param loss the loss ascended: cross-entropy, or another such as {@link AttackLoss#CW_MARGIN}
 *     (the C&amp;W L-inf attack)
 * @param lossName prefix for the report name ("cw" gives "cw-pgd-20"), empty for cross-entropy
 */
public record Pgd(Norm norm, PgdSettings settings, AttackLoss loss, String lossName)
        implements Attack {

    /** PGD on cross-entropy. */
    public Pgd(Norm norm, PgdSettings settings) {
        this(norm, settings, AttackLoss.CROSS_ENTROPY, "");
    }

    @Override
    public String name() {
        return (lossName.isEmpty() ? "" : lossName + "-")
                + "pgd-"
                + settings.steps()
                + (norm instanceof LinfNorm ? "" : "-" + norm.name());
    }

    @Override
    public NDArray perturb(Classifier model, NDArray x, NDArray y, float eps) {
        return perturb(model, x, y, eps, true);
    }

    /**
     * @param skipDecided whether each restart after the first attacks only the examples still
     *     undecided: those with a draw that classified their kept point correctly. An example no
     *     draw classified correctly keeps its point whatever later restarts find, so leaving it out
     *     changes no result; every restart's random start is still drawn for the whole batch, so
     *     that an example starts where it would with all of them (on a deterministic model the
     *     results are the same to the bit, the test of this; on a noisy one the noise draws of the
     *     smaller batches differ).
     */
    NDArray perturb(Classifier model, NDArray x, NDArray y, float eps, boolean skipDecided) {
        NDManager out = x.getManager();
        if (settings.restarts() == 1) {
            try (NDManager run = out.newSubManager()) {
                NDArray adv = singleRun(model, x, y, eps, startDelta(x, eps, run), run);
                adv.attach(out);
                return adv;
            }
        }
        int n = Math.toIntExact(x.getShape().get(0));
        BestPerExample best = new BestPerExample(out, BestPerExample.Rule.DECIDED_THEN_SCORE);
        for (int r = 0; r < settings.restarts(); r++) {
            try (NDManager run = out.newSubManager()) {
                NDArray start = startDelta(x, eps, run);
                Subset subset = best.nextRun(n, skipDecided, run);
                if (subset == null) {
                    break;
                }
                NDArray ys = subset.take(y);
                NDArray adv = singleRun(model, subset.take(x), ys, eps, subset.take(start), run);
                // judged on as many noise draws as the gradients average, as APGD judges its runs
                Scores.Judged judged = Scores.judge(model, adv, ys, loss, run);
                best.offer(subset, x, adv, judged.correct(), judged.loss(), run);
            }
        }
        return best.result();
    }

    /** The offset of each example's start from x: a uniformly random point of the ball, or zero. */
    private NDArray startDelta(NDArray x, float eps, NDManager run) {
        return settings.randomStart()
                ? norm.randomDelta(x.getShape(), eps, run)
                : run.zeros(x.getShape(), x.getDataType());
    }

    /** One PGD run from {@code x + delta}; the result is attached to {@code run}. */
    private NDArray singleRun(
            Classifier model, NDArray x, NDArray y, float eps, NDArray delta, NDManager run) {
        float stepSize = settings.stepSize(eps);
        NDArray adv;
        try (NDManager start = run.newSubManager()) {
            adv = Attack.clipToBallAndBox(norm, delta.add(x), x, eps);
            adv.attach(run);
        }
        for (int i = 0; i < settings.steps(); i++) {
            try (NDManager step = run.newSubManager()) {
                LossGradient g = Gradients.of(model, adv, y, loss, step);
                NDArray next =
                        Attack.clipToBallAndBox(
                                norm, norm.ascent(g.gradient(), stepSize).addi(adv), x, eps);
                next.attach(run);
                adv.close();
                adv = next;
            }
        }
        return adv;
    }
}
