package dev.noiseshield.bench;

import dev.noiseshield.model.Network;

/**
 * How the benchmark's networks compute, where a setting changes the speed but not the values: the
 * memory layout ({@link Network#setChannelsLast}) and batch norm folded into the convolutions
 * ({@link Network#setBatchNormFolding}). Both are on by default; off, for comparison.
 */
public record NetworkSettings(boolean channelsLast, boolean foldBatchNorm) {
    /** The defaults of every other command: channels-last, batch norm folded. */
    public static final NetworkSettings DEFAULT = new NetworkSettings(true, true);

    void applyTo(Network network) {
        network.setChannelsLast(channelsLast);
        network.setBatchNormFolding(foldBatchNorm);
    }
}
