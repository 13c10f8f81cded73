package dev.noiseshield.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

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

    private final int rank;
    private final Parameter diagonal;
    private final Parameter factor;

    private ColoredConv2d(Builder b) {
        super(VERSION, b);
        this.rank = b.rank;
        this.diagonal = addParameter(ColoredNoise.diagonalParameter(b.initScale));
        this.factor = addParameter(ColoredNoise.factorParameter());
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    void prepareNoise(Shape weightShape) {
        long m = weightShape.size() / filters;
        diagonal.setShape(new Shape(m));
        factor.setShape(new Shape(m, rank));
    }

    @Override
    NDArray perturb(NDArray w, ParameterStore ps, NDArray x, boolean training) {
        NDArray e =
                ColoredNoise.sample(
                        filters,
                        value(ps, diagonal, x, training),
                        value(ps, factor, x, training),
                        x.getManager());
        NDArray std = WeightNoise.detachedStd(w, x.getManager());
        return e.reshape(w.getShape()).muli(std).add(w);
    }

    @Override
    public String toString() {
        return describe("ColoredConv2d", "rank=" + rank);
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
