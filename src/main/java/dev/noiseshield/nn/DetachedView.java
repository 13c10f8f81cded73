package dev.noiseshield.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A detached view of a long-lived array (a parameter), owned by a short-lived scope. DJL attaches
 * an op's result to the manager of its first operand, so {@code weight.mul(x)} would leave its
 * result in the model's manager for the life of the model; {@code of(weight, step).mul(x)} leaves
 * it in the step's manager instead. The view shares storage: no copy is made.
 */
public final class DetachedView {
    private DetachedView() {}

    public static NDArray of(NDArray longLived, NDManager scope) {
        NDArray view = longLived.stopGradient();
        view.attach(scope);
        return view;
    }
}
