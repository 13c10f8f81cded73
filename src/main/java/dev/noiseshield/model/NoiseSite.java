package dev.noiseshield.model;

/** Where in a network a plugin's noise layer can go ({@link NoiseLayerKind}). */
public enum NoiseSite {
    /** On the [0,1] image, before the normalisation (where RSE's input noise goes). */
    INPUT,
    /** On the output of every convolution (where PNI-A's noise goes). */
    CONV_OUTPUT,
    /** On the penultimate features, before the final linear layer (where WCA's noise goes). */
    FEATURES
}
