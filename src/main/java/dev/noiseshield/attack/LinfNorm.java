package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** The L-infinity ball: every pixel moves by at most eps. */
public final class LinfNorm implements Norm {
    @Override
    public String name() {
        return "linf";
    }

    @Override
    public NDArray randomDelta(Shape shape, float eps, NDManager scope) {
        return scope.randomUniform(-eps, eps, shape, DataType.FLOAT32);
    }

    @Override
    public NDArray ascent(NDArray gradient, float stepSize) {
        return gradient.sign().muli(stepSize);
    }

    @Override
    public NDArray project(NDArray delta, float eps) {
        return delta.clip(-eps, eps);
    }

    @Override
    public NDArray size(NDArray delta) {
        return delta.abs().reshape(delta.getShape().get(0), -1).max(new int[] {1});
    }
}
