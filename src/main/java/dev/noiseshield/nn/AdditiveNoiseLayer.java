package dev.noiseshield.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Objects;

/**
 * A layer that adds noise to its input while its {@link NoiseSwitch} is on and is the identity
 * while it is off, keeping the input's shape: the forward pass that {@link ActivationNoise}, {@link
 * ColoredActivationNoise} and {@link InputNoise} share, and a plugin's noise layer can extend
 * ({@link dev.noiseshield.model.NoiseLayerKind}). A subclass gives one draw of the noisy input.
 */
public abstract class AdditiveNoiseLayer extends AbstractBlock {
    private final NoiseSwitch noise;

    protected AdditiveNoiseLayer(byte version, NoiseSwitch noise) {
        super(version);
        this.noise = Objects.requireNonNull(noise, "noise switch");
    }

    /**
     * The input {@code a} with one draw of noise added, called only while the switch is on; {@code
     * training} is DJL's flag (batch statistics), not whether noise is on.
     */
    protected abstract NDArray perturb(NDArray a, ParameterStore ps, boolean training);

    @Override
    protected final NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return noise.isOn() ? new NDList(perturb(inputs.singletonOrThrow(), ps, training)) : inputs;
    }

    @Override
    public final Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
