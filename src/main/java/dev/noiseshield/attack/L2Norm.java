package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** The L2 ball: each example's perturbation has Euclidean norm at most eps. */
public final class L2Norm implements Norm {
    private static final float TINY = 1e-12f;

    @Override
    public String name() {
        return "l2";
    }

    /** Uniform in the ball: a Gaussian direction, radius eps * u^(1/d) with u ~ U(0,1). */
    @Override
    public NDArray randomDelta(Shape shape, float eps, NDManager scope) {
        NDArray direction = scope.randomNormal(0f, 1f, shape, DataType.FLOAT32);
        long dims = shape.size() / shape.get(0);
        NDArray radius =
                scope.randomUniform(0f, 1f, Norm.perExampleShape(shape), DataType.FLOAT32)
                        .pow(1.0 / dims)
                        .muli(eps);
        return direction.div(perExample(direction).addi(TINY)).muli(radius);
    }

    @Override
    public NDArray ascent(NDArray gradient, float stepSize) {
        return gradient.div(perExample(gradient).addi(TINY)).muli(stepSize);
    }

    @Override
    public NDArray project(NDArray delta, float eps) {
        // ||delta|| / eps, at least 1 so that points inside the ball stay where they are.
        // Divisions, not pow(-1): PyTorch's pow(-1) rounds its vectorised lanes and its scalar
        // tail differently, so an example's factor depended on its place in the batch and on the
        // batch's size, and an attack on part of a batch moved its points 1 ulp elsewhere.
        NDArray excess = perExample(delta).addi(TINY).divi(eps).maximum(1f);
        return delta.div(excess);
    }

    @Override
    public NDArray size(NDArray delta) {
        return delta.reshape(delta.getShape().get(0), -1).norm(new int[] {1});
    }

    /** Each example's L2 norm, shaped (N, 1, 1, ...) to broadcast against the batch. */
    private NDArray perExample(NDArray batch) {
        return size(batch).reshape(Norm.perExampleShape(batch.getShape()));
    }
}
