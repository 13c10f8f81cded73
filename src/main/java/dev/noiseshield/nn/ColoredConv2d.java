package dev.noiseshield.nn;

/**
 * CNI-W: a 2-D convolution whose weight carries colored noise ({@link ColoredNoise}) while its
 * {@link NoiseSwitch} is on: {@code w'_o = w_o + std(w) * e_o} for every output filter {@code o},
 * where {@code w_o} is the filter's {@code M = in * kh * kw} weights and {@code e_o ~ N(0, diag(d)
 * + F F^T)} independently per filter. Correlating the noise within a filter (one learned covariance
 * shared by the filters of a layer) keeps the parameter count at {@code M (r + 1)} instead of the
 * {@code O M (r + 1)} a covariance over the whole tensor would need. As in PNI, {@code std(w)} is
 * the detached standard deviation of the whole weight, so the learned covariance is relative to the
 * layer's scale; one draw per forward pass, shared by the batch.
 */
public final class ColoredConv2d extends NoisyConv2d {
    private static final byte VERSION = 1;

    private ColoredConv2d(Builder b) {
        super(VERSION, b, layer -> WeightNoiseModel.colored(layer, b.filters, b.rank, b.initScale));
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return describe("ColoredConv2d");
    }

    /**
     * Builder in DJL's style. {@code optInitScale} sets the initial per-weight noise std relative
     * to {@code std(w)} (default 0.25, as PNI's scale); the granularity option does not apply.
     */
    public static final class Builder extends NoisyConvBuilder<Builder> {
        private int rank = 5;

        @Override
        protected Builder self() {
            return this;
        }

        /** Rank of the low-rank factor F; default 5, as in the CNI paper. */
        public Builder optRank(int rank) {
            this.rank = rank;
            return this;
        }

        public ColoredConv2d build() {
            validateConvOptions();
            if (rank < 1) {
                throw new IllegalArgumentException("CNI rank must be >= 1, got " + rank);
            }
            if (!(initScale > 0f)) {
                throw new IllegalArgumentException(
                        "CNI initial noise std must be > 0, got " + initScale);
            }
            return new ColoredConv2d(this);
        }
    }
}
