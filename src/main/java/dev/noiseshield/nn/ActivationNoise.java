package dev.noiseshield.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * PNI-A (Rakin et al., 2019): noise on a layer's activations, {@code a' = a + alpha * eta}, {@code
 * eta ~ N(0, std(a)^2)} with {@code std(a)} the detached standard deviation of the whole activation
 * tensor. Unlike weight noise, {@code eta} is drawn per element, so every example gets its own
 * draw. The identity while the {@link NoiseSwitch} is off.
 *
 * <p>Its one parameter is the learned {@code alpha} ({@code noiseScale}, exempt from weight decay),
 * of shape (1) per layer, (C, 1, 1) per channel or (C, H, W) per element.
 */
public final class ActivationNoise extends AdditiveNoiseLayer {
    private static final byte VERSION = 1;

    private final ScaleGranularity granularity;
    private final Parameter scale;

    private ActivationNoise(Builder b) {
        super(VERSION, b.noise);
        this.granularity = b.granularity;
        this.scale = addParameter(b.newScaleParameter());
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape in = inputShapes[0]; // (N, C, H, W) or (N, D)
        switch (granularity) {
            case LAYER -> scale.setShape(new Shape(1));
            case CHANNEL -> {
                long[] dims = new long[in.dimension() - 1];
                java.util.Arrays.fill(dims, 1);
                dims[0] = in.get(1);
                scale.setShape(new Shape(dims));
            }
            default -> scale.setShape(in.slice(1));
        }
    }

    @Override
    protected NDArray perturb(NDArray a, ParameterStore ps, boolean training) {
        // The PNI form is the same for activations and weights; drawn over the activation's shape
        // it is independent per example.
        return WeightNoise.perturb(a, ps.getValue(scale, a.getDevice(), training), a.getManager());
    }

    /** Builder in DJL's style; the noise switch is required. */
    public static final class Builder extends PniBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }

        public ActivationNoise build() {
            validateNoiseOptions();
            return new ActivationNoise(this);
        }
    }
}
