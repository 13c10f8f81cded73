package dev.noiseshield.nn;

/** Whether noise layers draw noise. Explicit, and independent of DJL's training flag. */
public enum NoiseMode {
    /** Noise is drawn on every forward pass (training, attacks and evaluation of a noisy model). */
    ON,
    /** Noise layers are the identity: the deterministic mean network. */
    OFF
}
