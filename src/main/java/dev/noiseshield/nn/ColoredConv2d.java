package dev.noiseshield.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

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
public final class ColoredConv2d extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int filters;
    private final Shape kernel;
    private final Shape stride;
    private final Shape padding;
    private final int rank;
    private final NoiseSwitch noise;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter diagonal;
    private final Parameter factor;

    private ColoredConv2d(Builder b) {
        super(VERSION);
        this.filters = b.filters;
        this.kernel = b.kernel;
        this.stride = b.stride;
        this.padding = b.padding;
        this.rank = b.rank;
        this.noise = b.noise;
        this.weight =
                addParameter(
                        Parameter.builder()
                                .setName("weight")
                                .setType(Parameter.Type.WEIGHT)
                                .build());
        this.bias =
                b.bias
                        ? addParameter(
                                Parameter.builder()
                                        .setName("bias")
                                        .setType(Parameter.Type.BIAS)
                                        .build())
                        : null;
        this.diagonal = addParameter(ColoredNoise.diagonalParameter(b.initScale));
        this.factor = addParameter(ColoredNoise.factorParameter());
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        long in = inputShapes[0].get(1);
        weight.setShape(new Shape(filters, in, kernel.get(0), kernel.get(1)));
        if (bias != null) {
            bias.setShape(new Shape(filters));
        }
        long m = in * kernel.get(0) * kernel.get(1);
        diagonal.setShape(new Shape(m));
        factor.setShape(new Shape(m, rank));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
        if (noise.isOn()) {
            NDArray e =
                    ColoredNoise.sample(
                            filters,
                            ps.getValue(diagonal, x.getDevice(), training),
                            ps.getValue(factor, x.getDevice(), training),
                            x.getManager());
            NDArray std = WeightNoise.detachedStd(w, x.getManager());
            w = e.reshape(w.getShape()).muli(std).add(w);
        }
        return Conv2d.conv2d(x, w, b, stride, padding, new Shape(1, 1), 1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {
            NoisyConvBuilder.outputShape(inputShapes[0], filters, kernel, stride, padding)
        };
    }

    @Override
    public String toString() {
        return "ColoredConv2d("
                + filters
                + ", kernel="
                + kernel
                + ", stride="
                + stride
                + ", rank="
                + rank
                + ")";
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
