package dev.noiseshield.nn;

import java.util.Objects;

/**
 * The options every PNI layer's builder shares (as DJL's {@code Convolution.ConvolutionBuilder}
 * does for convolutions): the noise switch, the scale granularity and the initial scale.
 *
 * @param <T> the concrete builder, returned by every setter for chaining
 */
public abstract class PniBuilder<T extends PniBuilder<T>> {
    ScaleGranularity granularity = ScaleGranularity.LAYER;
    float initScale = 0.25f;
    NoiseSwitch noise;

    protected abstract T self();

    /** Required: the switch shared by all noise layers of the network. */
    public T setNoiseSwitch(NoiseSwitch noise) {
        this.noise = noise;
        return self();
    }

    /** Default {@link ScaleGranularity#LAYER}. */
    public T optGranularity(ScaleGranularity granularity) {
        this.granularity = granularity;
        return self();
    }

    /** Default 0.25, the PNI paper's initial scale. */
    public T optInitScale(float initScale) {
        this.initScale = initScale;
        return self();
    }

    /**
     * The learned scale {@code a}: named so that optimisers exempt it from decay, shape set in
     * prepare.
     */
    ai.djl.nn.Parameter newScaleParameter() {
        return ai.djl.nn.Parameter.builder()
                .setName(PniConv2d.SCALE_NAME)
                .setType(ai.djl.nn.Parameter.Type.OTHER)
                .optInitializer(new ai.djl.training.initializer.ConstantInitializer(initScale))
                .build();
    }

    void validateNoiseOptions() {
        Objects.requireNonNull(noise, "noise switch");
        Objects.requireNonNull(granularity, "granularity");
        if (!(initScale >= 0f) || Float.isInfinite(initScale)) {
            throw new IllegalArgumentException(
                    "initial noise scale must be finite and >= 0, got " + initScale);
        }
    }
}
