package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.nn.DetachedView;

/**
 * Adam's moment updates and bias-corrected direction (Kingma and Ba, 2015) with the usual betas 0.9
 * and 0.999, as C&W-L2 (on tensors) and ZOO (one coordinate at a time) use it. The caller scales
 * the direction by its learning rate and steps: C&W descends its objective, ZOO ascends the margin.
 */
final class Adam {
    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private Adam() {}

    /**
     * Updates the moments {@code m} and {@code v} in place with {@code gradient} at step {@code t}
     * (from 1) and returns {@code mHat / (sqrt(vHat) + eps)}, in {@code scope}.
     */
    static NDArray direction(NDArray m, NDArray v, NDArray gradient, int t, NDManager scope) {
        m.muli(BETA1).addi(gradient.mul(1f - BETA1));
        v.muli(BETA2).addi(gradient.square().muli(1f - BETA2));
        NDArray mHat = DetachedView.of(m, scope).div(1 - Math.pow(BETA1, t));
        NDArray vHat = DetachedView.of(v, scope).div(1 - Math.pow(BETA2, t));
        return mHat.divi(vHat.sqrt().addi(EPSILON));
    }

    /** The same for coordinate {@code i} of the moments {@code m} and {@code v}. */
    static double direction(double[] m, double[] v, int i, int t, double gradient) {
        m[i] = BETA1 * m[i] + (1 - BETA1) * gradient;
        v[i] = BETA2 * v[i] + (1 - BETA2) * gradient * gradient;
        double mHat = m[i] / (1 - Math.pow(BETA1, t));
        double vHat = v[i] / (1 - Math.pow(BETA2, t));
        return mHat / (Math.sqrt(vHat) + EPSILON);
    }
}
