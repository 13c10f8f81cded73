package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import dev.noiseshield.model.Classifier;

/** An evasion attack within an eps-ball of a {@link Norm} and the [0,1] box. */
public interface Attack {
    /** A short name for reports, such as "pgd-20" or "fgsm". */
    String name();

    Norm norm();

    /**
     * Adversarial examples for images x (N, C, H, W) in [0,1] with labels y (N). The result lies in
     * the eps-ball around x and in [0,1], and lives in x's manager; intermediate arrays do not.
     */
    NDArray perturb(Classifier model, NDArray x, NDArray y, float eps);

    /** An attack defined in L-inf only (Square, ZOO). */
    interface InLinf extends Attack {
        Norm LINF = new LinfNorm();

        @Override
        default Norm norm() {
            return LINF;
        }
    }

    /** An attack defined in L2 only (C&amp;W-L2, Square-L2). */
    interface InL2 extends Attack {
        Norm L2 = new L2Norm();

        @Override
        default Norm norm() {
            return L2;
        }
    }

    /** Clips an adversarial example into the eps-ball around x and the [0,1] box. */
    static NDArray clipToBallAndBox(Norm norm, NDArray candidate, NDArray x, float eps) {
        return norm.project(candidate.sub(x), eps).addi(x).clip(0f, 1f);
    }
}
