package dev.noiseshield.nn;

import ai.djl.nn.Parameter;

/**
 * A 2-D convolution whose weight carries PNI noise ({@link WeightNoise}) while its {@link
 * NoiseSwitch} is on. With the switch off it is exactly a convolution with the mean weight.
 *
 * <p>Parameters: {@code weight} (out, in, kh, kw), optional {@code bias} (out), and {@code
 * noiseScale}, the learned {@code a} with the shape its {@link ScaleGranularity} gives (initial
 * value 0.25, as in the paper). Optimisers must not weight-decay {@code noiseScale}: decay would
 * pull it to zero and undo the defense (see {@link #isNoiseScale}).
 */
public final class PniConv2d extends NoisyConv2d {
    private static final byte VERSION = 1;
    public static final String SCALE_NAME = "noiseScale";

    private PniConv2d(Builder b) {
        super(VERSION, b, layer -> WeightNoiseModel.pni(layer, b));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * True for the learned noise scales of every PNI layer: the parameters to exempt from decay.
     */
    public static boolean isNoiseScale(Parameter p) {
        return SCALE_NAME.equals(p.getName());
    }

    @Override
    public String toString() {
        return describe("PniConv2d");
    }

    /**
     * Builder in DJL's style: {@code setX} is required, {@code optX} has the documented default.
     */
    public static final class Builder extends NoisyConvBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }

        public PniConv2d build() {
            validateConvOptions();
            return new PniConv2d(this);
        }
    }
}
