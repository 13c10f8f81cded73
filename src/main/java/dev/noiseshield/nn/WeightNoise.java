package dev.noiseshield.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * The functional form of PNI weight noise (He, Rakin and Fan, CVPR 2019, eq. 2): {@code w' = w + a
 * * eta}, {@code eta ~ N(0, std(w)^2)}.
 *
 * <p>{@code std(w)} is the unbiased standard deviation of the whole weight tensor (as {@code
 * torch.std}), recomputed on every call and detached, so that the gradient reaches {@code w} only
 * through the identity and {@code a} only through {@code eta}. One draw is made per call, shared by
 * every example of the batch, as in the paper.
 */
public final class WeightNoise {
    private WeightNoise() {}

    /**
     * Returns {@code weight + scale * eta}. Every array this creates lives in {@code scope}: the
     * weight belongs to the model's long-lived manager, and an op whose first operand is the weight
     * would attach its result there and leak it.
     *
     * @param weight the layer's weight (a parameter, possibly requiring gradient)
     * @param scale the learned scale {@code a}; any shape that broadcasts against the weight
     * @param scope the manager of the current batch or attack step
     */
    public static NDArray perturb(NDArray weight, NDArray scale, NDManager scope) {
        NDArray std = detachedStd(weight, scope);
        NDArray eta = scope.randomNormal(0f, 1f, weight.getShape(), DataType.FLOAT32).muli(std);
        return eta.muli(scale).add(weight);
    }

    /** Unbiased standard deviation of all elements, detached from the graph, living in scope. */
    public static NDArray detachedStd(NDArray weight, NDManager scope) {
        NDArray detached = DetachedView.of(weight, scope);
        long n = weight.size();
        NDArray centered = detached.sub(detached.mean());
        return centered.square().sum().div(Math.max(1, n - 1)).sqrt();
    }
}
