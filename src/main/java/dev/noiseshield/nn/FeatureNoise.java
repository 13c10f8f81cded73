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
 * Gaussian noise on features (N, D) with a learned per-dimension scale:
 * {@code f' = f + softplus(rho) * z}, {@code z ~ N(0, I)} drawn independently for every example and
 * dimension while the {@link NoiseSwitch} is on; the identity while it is off. Softplus keeps the
 * scale positive whatever the optimizer does to {@code rho}. This is the feature noise of the PyTorch
 * reference's feature-noise ResNet-20 and of MFDV-SNN; its only parameter is {@code rho} (D),
 * initially 0 (scale ln 2).
 */
public final class FeatureNoise extends AbstractBlock {
    private static final byte VERSION = 1;
    public static final String RHO_NAME = "noiseRho";

    private final NoiseSwitch noise;
    private final Parameter rho;

    private FeatureNoise(NoiseSwitch noise, float initRho) {
        super(VERSION);
        this.noise = noise;
        this.rho = addParameter(Parameter.builder()
                .setName(RHO_NAME)
                .setType(Parameter.Type.OTHER)
                .optInitializer(new ConstantInitializer(initRho))
                .build());
    }

    /** Feature noise on the given switch, rho initially {@code initRho}. */
    public static FeatureNoise of(NoiseSwitch noise, float initRho) {
        return new FeatureNoise(Objects.requireNonNull(noise, "noise switch"), initRho);
    }

    /** The functional form: {@code features + softplus(rho) * z}, every new array in {@code scope}. */
    public static NDArray apply(NDArray features, NDArray rho, NDManager scope) {
        // zeros + rho puts a differentiable copy of the long-lived parameter in scope, so that the
        // softplus and product land there instead of in the model's manager
        NDArray scale = Activation.softPlus(scope.zeros(rho.getShape()).add(rho));
        NDArray z = scope.randomNormal(0f, 1f, features.getShape(), DataType.FLOAT32);
        return z.muli(scale).addi(features);
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        rho.setShape(new Shape(inputShapes[0].get(1)));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (!noise.isOn()) {
            return inputs;
        }
        return new NDList(apply(x, ps.getValue(rho, x.getDevice(), training), x.getManager()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
