package dev.noiseshield.model;

import ai.djl.nn.Block;
import dev.noiseshield.nn.NoiseSwitch;

/**
 * A noise layer a plugin adds, by the name a {@link NoiseSpec} gives in {@code plugin} (and a
 * checkpoint keeps, so that the model is built the same way when it is loaded). The network asks it
 * for a layer at each {@link NoiseSite}; it answers with a block, or null where it puts none.
 *
 * <p>A layer must be the identity while the switch is off (noise on or off is the evaluation's
 * choice, {@link dev.noiseshield.nn.NoiseMode}, never DJL's training flag): extending {@link
 * dev.noiseshield.nn.AdditiveNoiseLayer} gives that for free. Learned parameters whose names start
 * with {@code noise_} are kept out of weight decay, as PNI's scales are.
 */
public interface NoiseLayerKind {
    /** The name a noise spec gives; kept in checkpoints. */
    String name();

    /** One line for {@code --help} and the docs. */
    String summary();

    /**
     * The layer this kind puts at {@code site} of a network (a new block at every call: each conv
     * gets its own), or null where it puts none.
     */
    Block layer(NoiseSite site, NoiseSwitch noise);
}
