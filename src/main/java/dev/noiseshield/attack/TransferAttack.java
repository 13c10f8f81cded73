package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import dev.noiseshield.model.Classifier;
import java.util.Objects;

/**
 * A transfer attack: adversarial examples crafted by a white-box attack on a substitute model (the
 * source), then shown to the model under test, whose gradients are never used.
 */
public record TransferAttack(Classifier source, String sourceName, Attack inner) implements Attack {

    public TransferAttack {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(inner, "inner");
    }

    @Override
    public String name() {
        return "transfer-" + inner.name() + "-from-" + sourceName;
    }

    @Override
    public Norm norm() {
        return inner.norm();
    }

    @Override
    public NDArray perturb(Classifier model, NDArray x, NDArray y, float eps) {
        return inner.perturb(source, x, y, eps);
    }
}
