package dev.noiseshield.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.noiseshield.attack.Attack;
import dev.noiseshield.attack.AttackLoss;
import dev.noiseshield.attack.Gradients;
import dev.noiseshield.attack.LinfNorm;
import dev.noiseshield.attack.Norm;
import dev.noiseshield.model.Classifier;

/**
 * TRADES' inner maximisation (Zhang et al., 2019): from {@code x + 0.001 N(0, I)}, L-inf PGD steps
 * that ascend {@code KL(p(x) || p(x'))}, the divergence of the prediction on x' from the clean one.
 * It needs no label: the clean prediction is the target it moves away from.
 */
final class TradesAttack {
    private static final Norm LINF = new LinfNorm();

    private TradesAttack() {}

    /** The adversarial batch, in x's manager. */
    static NDArray perturb(
            Classifier model, NDArray x, NDArray y, float eps, int steps, float stepSize) {
        NDManager out = x.getManager();
        NDArray cleanLogProb;
        try (NDManager clean = out.newSubManager()) {
            NDArray input = x.duplicate();
            input.attach(clean);
            cleanLogProb = model.logits(input).logSoftmax(1).stopGradient();
            cleanLogProb.attach(out);
        }
        AttackLoss kl = klFrom(cleanLogProb);
        NDArray adv;
        try (NDManager start = out.newSubManager()) {
            adv =
                    Attack.clipToBallAndBox(
                            LINF,
                            start.randomNormal(0f, 0.001f, x.getShape(), DataType.FLOAT32).addi(x),
                            x,
                            eps);
            adv.attach(out);
        }
        for (int i = 0; i < steps; i++) {
            try (NDManager step = out.newSubManager()) {
                NDArray g = Gradients.of(model, adv, y, kl, step).gradient();
                NDArray next =
                        Attack.clipToBallAndBox(LINF, LINF.ascent(g, stepSize).addi(adv), x, eps);
                next.attach(out);
                adv.close();
                adv = next;
            }
        }
        cleanLogProb.close();
        return adv;
    }

    /**
     * {@code KL(p || q) = sum_c p_c (log p_c - log q_c)} per example, q from the logits. Working
     * from log p keeps classes with p = 0 at 0 instead of 0 * log 0 = NaN.
     */
    static AttackLoss klFrom(NDArray cleanLogProb) {
        NDArray cleanProb = cleanLogProb.exp();
        return (logits, labels) -> {
            NDArray logP = cleanLogProb;
            NDArray p = cleanProb;
            long rows = logits.getShape().get(0);
            long n = logP.getShape().get(0);
            if (rows != n) { // EOT draws stacked draw-major
                logP = logP.tile(new long[] {rows / n, 1});
                p = p.tile(new long[] {rows / n, 1});
            }
            // first operand from the logits, so that results land in the step's manager
            return logits.logSoftmax(1).neg().addi(logP).muli(p).sum(new int[] {1});
        };
    }
}
