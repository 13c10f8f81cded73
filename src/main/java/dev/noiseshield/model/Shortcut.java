package dev.noiseshield.model;

import dev.noiseshield.run.CliName;

/**
 * How a residual block's shortcut meets a change of shape (stride 2, twice the channels), He et
 * al.'s options: a 1x1 convolution with batch norm ({@link #PROJECTION}, option B, ours by default)
 * or the identity subsampled and padded with zero channels ({@link #ZERO_PAD}, option A: the PNI
 * paper's code, so its parameter counts).
 */
public enum Shortcut implements CliName {
    PROJECTION,
    ZERO_PAD;

    public static Shortcut fromCliName(String name) {
        return CliName.lookup(Shortcut.class, "shortcut", name);
    }

    @Override
    public String toString() {
        return cliName();
    }

    /**
     * Leaves the default out of JSON (Jackson's custom inclusion filter: {@code equals} true means
     * "do not write"), so checkpoints and model.json written before shortcuts could be chosen keep
     * their bytes.
     */
    public static final class DefaultFilter {
        @Override
        public boolean equals(Object value) {
            return value == null || value == PROJECTION;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }
}
