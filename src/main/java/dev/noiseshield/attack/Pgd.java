package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.model.Classifier;

/**
 * Projected gradient descent (Madry et al., 2018): from a random start in the eps-ball, {@code
 * steps} steepest-ascent steps of the loss, each projected back onto the ball and the [0,1] box.
 * With restarts, each example keeps the run that ends with the highest loss, averaged over as many
 * noise draws as the gradients are ({@link Scores#meanLoss}), so that a noisy model is not judged
 * on one lucky draw.
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
        NDManager out = x.getManager();
        if (settings.restarts() == 1) {
            try (NDManager run = out.newSubManager()) {
                NDArray adv = singleRun(model, x, y, eps, run);
                adv.attach(out);
                return adv;
            }
        }
        BestPerExample best = new BestPerExample(out);
        for (int r = 0; r < settings.restarts(); r++) {
            try (NDManager run = out.newSubManager()) {
                NDArray adv = singleRun(model, x, y, eps, run);
                // judged on as many noise draws as the gradients average, as APGD judges its runs
                best.offer(adv, Scores.meanLoss(model, adv, y, this.loss, run));
            }
        }
        return best.result();
    }

    /** One PGD run; the result is attached to {@code run}, every step's arrays are freed. */
    private NDArray singleRun(Classifier model, NDArray x, NDArray y, float eps, NDManager run) {
        float stepSize = settings.stepSize(eps);
        NDArray adv;
        try (NDManager start = run.newSubManager()) {
            adv =
                    settings.randomStart()
                            ? Attack.clipToBallAndBox(
                                    norm,
                                    norm.randomDelta(x.getShape(), eps, start).addi(x),
                                    x,
                                    eps)
                            : x.duplicate();
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
