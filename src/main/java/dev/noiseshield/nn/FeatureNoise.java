package dev.noiseshield.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import java.util.Objects;

/**
 * Gaussian noise on features (N, D) with a learned covariance {@code Sigma = L L^T}: {@code f' = f
 * + L z}, {@code z ~ N(0, I)} drawn independently for every example while the {@link NoiseSwitch}
 * is on; the identity while it is off.
 *
 * <ul>
 *   <li>{@link Covariance#DIAGONAL}: {@code L = diag(softplus(rho))}, one learned std per dimension
 *       (MFDV-SNN, diagonal WCA, the reference's feature-noise model). Parameter {@code noiseRho}
 *       (D).
 *   <li>{@link Covariance#FULL}: {@code L = diag(softplus(rho)) + strictly-lower(M)} (WCA). The
 *       diagonal of L stays positive through the softplus, so Sigma is always positive definite and
 *       sampling never fails. Parameters {@code noiseRho} (D) and {@code noiseLower} (D, D), whose
 *       upper triangle and diagonal are unused.
 * </ul>
 *
 * {@code rho} starts at the given value (0: std ln 2), {@code M} at zero.
 */
public final class FeatureNoise extends AbstractBlock {
    private static final byte VERSION = 1;
    public static final String RHO_NAME = "noiseRho";
    public static final String LOWER_NAME = "noiseLower";

    /** The shape of the learned covariance. */
    public enum Covariance {
        DIAGONAL,
        FULL
    }

    private final NoiseSwitch noise;
    private final Covariance covariance;
    private final Parameter rho;
    private final Parameter lower;

    private FeatureNoise(NoiseSwitch noise, Covariance covariance, float initRho) {
        super(VERSION);
        this.noise = noise;
        this.covariance = covariance;
        this.rho =
                addParameter(
                        Parameter.builder()
                                .setName(RHO_NAME)
                                .setType(Parameter.Type.OTHER)
                                .optInitializer(new ConstantInitializer(initRho))
                                .build());
        this.lower =
                covariance == Covariance.FULL
                        ? addParameter(
                                Parameter.builder()
                                        .setName(LOWER_NAME)
                                        .setType(Parameter.Type.OTHER)
                                        .optInitializer(new ConstantInitializer(0f))
                                        .build())
                        : null;
    }

    /** Diagonal feature noise on the given switch, rho initially {@code initRho}. */
    public static FeatureNoise of(NoiseSwitch noise, float initRho) {
        return of(noise, Covariance.DIAGONAL, initRho);
    }

    public static FeatureNoise of(NoiseSwitch noise, Covariance covariance, float initRho) {
        return new FeatureNoise(
                Objects.requireNonNull(noise, "noise switch"),
                Objects.requireNonNull(covariance, "covariance"),
                initRho);
    }

    public Covariance covariance() {
        return covariance;
    }

    /**
     * The functional diagonal form: {@code features + softplus(rho) * z}, every new array in scope.
     */
    public static NDArray apply(NDArray features, NDArray rho, NDManager scope) {
        NDArray scale = Activation.softPlus(ScopedCopy.of(rho, scope));
        NDArray z = scope.randomNormal(0f, 1f, features.getShape(), DataType.FLOAT32);
        return z.muli(scale).addi(features);
    }

    /** The functional full form: {@code features + z L^T}, i.e. each row gets {@code L z}. */
    public static NDArray applyFull(NDArray features, NDArray factorL, NDManager scope) {
        NDArray z = scope.randomNormal(0f, 1f, features.getShape(), DataType.FLOAT32);
        return z.matMul(factorL.transpose()).addi(features);
    }

    /**
     * {@code L} (D, D) from rho and M (M null for the diagonal form), differentiable with respect
     * to both, in scope.
     */
    public static NDArray factor(NDArray rho, NDArray m, NDManager scope) {
        int d = Math.toIntExact(rho.size());
        NDArray diagonal = scope.eye(d).mul(Activation.softPlus(ScopedCopy.of(rho, scope)));
        if (m == null) {
            return diagonal;
        }
        NDArray index = scope.arange(d);
        NDArray strictlyLower =
                index.reshape(d, 1).gt(index.reshape(1, d)).toType(DataType.FLOAT32, false);
        return ScopedCopy.of(m, scope).mul(strictlyLower).add(diagonal);
    }

    /** This layer's current {@code L}, differentiable with respect to its parameters, in scope. */
    public NDArray factor(NDManager scope) {
        return factor(rho.getArray(), lower == null ? null : lower.getArray(), scope);
    }

    /** The std each feature dimension gets, {@code sqrt(diag(Sigma))} (D), as plain numbers. */
    public float[] perDimensionStd() {
        try (NDManager scope = rho.getArray().getManager().newSubManager()) {
            NDArray l =
                    factor(
                            DetachedView.of(rho.getArray(), scope),
                            lower == null ? null : DetachedView.of(lower.getArray(), scope),
                            scope);
            return l.square().sum(new int[] {1}).sqrt().toFloatArray();
        }
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        long d = inputShapes[0].get(1);
        rho.setShape(new Shape(d));
        if (lower != null) {
            lower.setShape(new Shape(d, d));
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (!noise.isOn()) {
            return inputs;
        }
        NDArray r = ps.getValue(rho, x.getDevice(), training);
        if (lower == null) {
            return new NDList(apply(x, r, x.getManager()));
        }
        NDArray l = factor(r, ps.getValue(lower, x.getDevice(), training), x.getManager());
        return new NDList(applyFull(x, l, x.getManager()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
