package dev.noiseshield.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Objects;

/**
 * RSE's noise layer (Liu et al., ECCV 2018): {@code x + sigma * z}, {@code z ~ N(0, I)} drawn per
 * element and so per example, with a fixed {@code sigma}. It learns nothing; the identity while the
 * {@link NoiseSwitch} is off.
 */
public final class InputNoise extends AbstractBlock {
    private static final byte VERSION = 1;

    private final NoiseSwitch noise;
    private final float sigma;

    public InputNoise(NoiseSwitch noise, float sigma) {
        super(VERSION);
        if (!(sigma >= 0f) || Float.isInfinite(sigma)) {
            throw new IllegalArgumentException("noise sigma must be finite and >= 0, got " + sigma);
        }
        this.noise = Objects.requireNonNull(noise, "noise switch");
        this.sigma = sigma;
    }

    public float sigma() {
        return sigma;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (!noise.isOn() || sigma == 0f) {
            return inputs;
        }
        NDArray x = inputs.singletonOrThrow();
        NDArray z = x.getManager().randomNormal(0f, sigma, x.getShape(), DataType.FLOAT32);
        return new NDList(z.addi(x));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toString() {
        return "InputNoise(sigma=" + sigma + ")";
    }
}
