package dev.noiseshield.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;

/**
 * RSE's noise layer (Liu et al., ECCV 2018): {@code x + sigma * z}, {@code z ~ N(0, I)} drawn per
 * element and so per example, with a fixed {@code sigma}. It learns nothing; the identity while the
 * {@link NoiseSwitch} is off.
 */
public final class InputNoise extends AdditiveNoiseLayer {
    private static final byte VERSION = 1;

    private final float sigma;

    public InputNoise(NoiseSwitch noise, float sigma) {
        super(VERSION, noise);
        if (!(sigma >= 0f) || Float.isInfinite(sigma)) {
            throw new IllegalArgumentException("noise sigma must be finite and >= 0, got " + sigma);
        }
        this.sigma = sigma;
    }

    public float sigma() {
        return sigma;
    }

    @Override
    protected NDArray perturb(NDArray x, ParameterStore ps, boolean training) {
        if (sigma == 0f) {
            return x;
        }
        // drawn in float32 whatever the input's type, so that a float64 copy of the network (the
        // tests' oracle) gets the same draws; then added in the input's type (no copy for float32)
        NDArray z = x.getManager().randomNormal(0f, sigma, x.getShape(), DataType.FLOAT32);
        return z.toType(x.getDataType(), false).addi(x);
    }

    @Override
    public String toString() {
        return "InputNoise(sigma=" + sigma + ")";
    }
}
