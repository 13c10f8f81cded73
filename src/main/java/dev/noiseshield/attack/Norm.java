package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The geometry of a threat model, kept out of the attacks (as in foolbox 3). Each method creates
 * its results in the manager of its first array argument (or the given scope), so that an attack
 * step that passes step-scoped arrays leaves nothing behind in longer-lived managers.
 */
public interface Norm {
    /** Command-line and report name: "linf" or "l2". */
    String name();

    /** A perturbation drawn uniformly from the eps-ball, one per example, in scope. */
    NDArray randomDelta(Shape shape, float eps, NDManager scope);

    /** The steepest-ascent step of length {@code stepSize} in this norm for the gradient. */
    NDArray ascent(NDArray gradient, float stepSize);

    /** The perturbation projected onto the eps-ball, per example. */
    NDArray project(NDArray delta, float eps);

    /** The size of each example's perturbation in this norm, (N). */
    NDArray size(NDArray delta);

    /** (N, 1, 1, ...): one value per example, broadcasting against a batch of the given shape. */
    static Shape perExampleShape(Shape batch) {
        long[] dims = new long[batch.dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = batch.get(0);
        return new Shape(dims);
    }

    static Norm fromName(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "linf", "l-inf", "inf" -> new LinfNorm();
            case "l2" -> new L2Norm();
            default ->
                    throw new IllegalArgumentException(
                            "unknown norm '" + name + "'; choose linf or l2");
        };
    }
}
