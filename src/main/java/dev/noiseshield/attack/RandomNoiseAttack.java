package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.noiseshield.model.Classifier;

/**
 * A baseline, not an attack: a random perturbation of full size eps (a random corner of the L-inf
 * ball, a random direction of length eps in L2). A model must withstand it far better than any real
 * attack; if it does not, the attacks are too weak.
 */
public record RandomNoiseAttack(Norm norm) implements Attack {

    @Override
    public String name() {
        return "random" + (norm instanceof LinfNorm ? "" : "-" + norm.name());
    }

    @Override
    public NDArray perturb(Classifier model, NDArray x, NDArray y, float eps) {
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray direction = scope.randomNormal(0f, 1f, x.getShape(), DataType.FLOAT32);
            NDArray delta =
                    norm instanceof LinfNorm
                            ? direction.sign().muli(eps)
                            : norm.ascent(direction, eps);
            NDArray adv = Attack.clipToBallAndBox(norm, delta.addi(x), x, eps);
            adv.attach(x.getManager());
            return adv;
        }
    }
}
