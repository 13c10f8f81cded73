package dev.noiseshield.bench;

import dev.noiseshield.model.Architecture;
import dev.noiseshield.model.ModelSpec;

/**
 * Multiply-accumulates of one forward pass per image, counted from the architecture (convolutions
 * and linear layers; batch norm, ReLU, pooling and noise sampling are left out as they are in the
 * usual counts). FLOPs are twice the MACs.
 */
public final class ForwardFlops {
    private ForwardFlops() {}

    public static long macs(ModelSpec spec) {
        long size = spec.imageSize();
        if (spec.architecture() == Architecture.SMALL_CNN) {
            long conv1 = size * size * (long) spec.channels(16) * spec.inputChannels() * 9;
            long conv2 =
                    (size / 2)
                            * (size / 2)
                            * (long) spec.channels(32)
                            * (long) spec.channels(16)
                            * 9;
            long flat = (size / 4) * (size / 4) * (long) spec.channels(32);
            return conv1 + conv2 + flat * 128 + 128L * spec.numClasses();
        }
        int n = (spec.architecture().depth() - 2) / 6;
        long macs = size * size * (long) spec.channels(16) * spec.inputChannels() * 9;
        long in = (long) spec.channels(16);
        long h = size;
        long[] widths = {
            (long) spec.channels(16), (long) spec.channels(32), (long) spec.channels(64)
        };
        for (int stage = 0; stage < 3; stage++) {
            for (int b = 0; b < n; b++) {
                boolean down = stage > 0 && b == 0;
                long out = widths[stage];
                long ho = down ? h / 2 : h;
                macs += ho * ho * out * in * 9 + ho * ho * out * out * 9;
                if (down || in != out) {
                    macs += ho * ho * out * in;
                }
                in = out;
                h = ho;
            }
        }
        return macs + in * spec.numClasses();
    }
}
