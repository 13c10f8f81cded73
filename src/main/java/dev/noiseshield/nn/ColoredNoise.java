package dev.noiseshield.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;

/**
 * The functional form of CNI's colored noise (Zheltonozhskii et al., 2020): vectors of dimension
 * {@code M} drawn from {@code N(0, Sigma)} with {@code Sigma = diag(d) + F F^T}, {@code F} (M, r) a
 * low-rank factor, by reparameterisation: {@code e = sqrt(d) * z1 + F z2}, {@code z1 ~ N(0, I_M)},
 * {@code z2 ~ N(0, I_r)}. {@code sqrt(d) = softplus(rho)}, so the covariance is positive definite
 * whatever the optimiser does, and sampling never fails.
 */
public final class ColoredNoise {
    /**
     * Name of the parameter {@code rho} (M) that gives the diagonal, {@code sqrt(d) =
     * softplus(rho)}.
     */
    public static final String DIAGONAL_NAME = "noiseDiagRho";

    /** Name of the low-rank factor {@code F} (M, r). */
    public static final String FACTOR_NAME = "noiseFactor";

    private ColoredNoise() {}

    /**
     * {@code count} independent draws (count, M). Gradients reach {@code rho} and {@code factor};
     * every array lives in {@code scope}.
     */
    public static NDArray sample(long count, NDArray rho, NDArray factor, NDManager scope) {
        long m = rho.size();
        long rank = factor.getShape().get(1);
        NDArray diagonalStd = Activation.softPlus(ScopedCopy.of(rho, scope));
        NDArray z1 = scope.randomNormal(0f, 1f, new Shape(count, m), DataType.FLOAT32);
        NDArray z2 = scope.randomNormal(0f, 1f, new Shape(count, rank), DataType.FLOAT32);
        return z1.muli(diagonalStd).addi(z2.matMul(ScopedCopy.of(factor, scope).transpose()));
    }

    /** The covariance {@code diag(softplus(rho)^2) + F F^T} (M, M) the samples follow, in scope. */
    public static NDArray covariance(NDArray rho, NDArray factor, NDManager scope) {
        NDArray f = DetachedView.of(factor, scope);
        NDArray d = Activation.softPlus(DetachedView.of(rho, scope)).square();
        return scope.eye(Math.toIntExact(rho.size())).mul(d).add(f.matMul(f.transpose()));
    }

    /** {@code rho} with {@code softplus(rho) = std}: the inverse softplus. */
    public static float rhoForStd(float std) {
        return (float) Math.log(Math.expm1(std));
    }

    static Parameter diagonalParameter(float initialStd) {
        return Parameter.builder()
                .setName(DIAGONAL_NAME)
                .setType(Parameter.Type.OTHER)
                .optInitializer(new ConstantInitializer(rhoForStd(initialStd)))
                .build();
    }

    /**
     * F starts at zero: white noise at first; its gradient is not zero there, so colour is learned.
     */
    static Parameter factorParameter() {
        return Parameter.builder()
                .setName(FACTOR_NAME)
                .setType(Parameter.Type.OTHER)
                .optInitializer(new ConstantInitializer(0f))
                .build();
    }
}
