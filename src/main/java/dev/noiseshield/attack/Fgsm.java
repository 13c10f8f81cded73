package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.model.Classifier;

/**
 * The fast gradient method (Goodfellow et al., 2015): one step of length eps along the
 * steepest-ascent direction of the norm; with L-inf, {@code x + eps * sign(grad)}, clipped to
 * [0,1].
 */
public record Fgsm(Norm norm) implements Attack {

    public Fgsm() {
        this(new LinfNorm());
    }

    @Override
    public String name() {
        return norm instanceof LinfNorm ? "fgsm" : "fgm-" + norm.name();
    }

    @Override
    public NDArray perturb(Classifier model, NDArray x, NDArray y, float eps) {
        try (NDManager step = x.getManager().newSubManager()) {
            LossGradient g = Gradients.of(model, x, y, AttackLoss.CROSS_ENTROPY, step);
            NDArray adv =
                    Attack.clipToBallAndBox(norm, norm.ascent(g.gradient(), eps).addi(x), x, eps);
            adv.attach(x.getManager());
            return adv;
        }
    }
}
