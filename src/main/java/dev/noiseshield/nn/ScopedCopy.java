package dev.noiseshield.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A differentiable copy of a long-lived array (a parameter) owned by a short-lived scope. Where
 * {@link DetachedView} cuts the graph, this keeps it: gradients flow back to the parameter, while
 * every op on the copy puts its result in the scope rather than in the model's manager.
 */
public final class ScopedCopy {
    private ScopedCopy() {}

    public static NDArray of(NDArray longLived, NDManager scope) {
        return scope.zeros(longLived.getShape()).add(longLived);
    }
}
