package dev.noiseshield.nn;

import ai.djl.nn.Parameter;

/** Recognises the parameters of noise layers, which optimisers must not weight-decay. */
public final class NoiseParameters {
    private NoiseParameters() {}

    /**
     * True for PNI scales and feature-noise scales. Decay would pull a PNI scale to zero (switching
     * the defense off) and a feature-noise rho to an arbitrary ln 2 scale.
     */
    public static boolean isNoiseParameter(Parameter p) {
        return PniConv2d.SCALE_NAME.equals(p.getName()) || FeatureNoise.RHO_NAME.equals(p.getName());
    }
}
