package dev.noiseshield.nn;

import ai.djl.nn.Parameter;
import java.util.Set;

/** Recognises the parameters of noise layers, which optimisers must not weight-decay. */
public final class NoiseParameters {
    private static final Set<String> NAMES =
            Set.of(
                    PniConv2d.SCALE_NAME,
                    FeatureNoise.RHO_NAME,
                    FeatureNoise.LOWER_NAME,
                    ColoredNoise.DIAGONAL_NAME,
                    ColoredNoise.FACTOR_NAME);

    /** The prefix that marks a plugin noise layer's parameters as noise parameters. */
    public static final String PLUGIN_PREFIX = "noise_";

    private NoiseParameters() {}

    /**
     * True for PNI scales, feature-noise and colored-noise parameters, and a plugin's parameters
     * named {@code noise_...}. Decay would pull a PNI scale to zero (switching the defense off) and
     * the other noise parameters to arbitrary values.
     */
    public static boolean isNoiseParameter(Parameter p) {
        return NAMES.contains(p.getName()) || p.getName().startsWith(PLUGIN_PREFIX);
    }
}
