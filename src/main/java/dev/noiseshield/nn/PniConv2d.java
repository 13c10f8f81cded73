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
 * A 2-D convolution whose weight carries PNI noise ({@link WeightNoise}) while its {@link
 * NoiseSwitch} is on. With the switch off it is exactly a convolution with the mean weight.
 *
 * <p>Parameters: {@code weight} (out, in, kh, kw), optional {@code bias} (out), and {@code
 * noiseScale}, the learned {@code a} with the shape its {@link ScaleGranularity} gives (initial
 * value 0.25, as in the paper). Optimisers must not weight-decay {@code noiseScale}: decay would
 * pull it to zero and undo the defense (see {@link #isNoiseScale}).
 */
public final class PniConv2d extends AbstractBlock {
    private static final byte VERSION = 1;
    public static final String SCALE_NAME = "noiseScale";

    private final int filters;
    private final Shape kernel;
    private final Shape stride;
    private final Shape padding;
    private final ScaleGranularity granularity;
    private final NoiseSwitch noise;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter scale;

    private PniConv2d(Builder b) {
        super(VERSION);
        this.filters = b.filters;
        this.kernel = b.kernel;
        this.stride = b.stride;
        this.padding = b.padding;
        this.granularity = b.granularity;
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
        this.scale = addParameter(b.newScaleParameter());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * True for the learned noise scales of every PNI layer: the parameters to exempt from decay.
     */
    public static boolean isNoiseScale(Parameter p) {
        return SCALE_NAME.equals(p.getName());
    }

    public Parameter scaleParameter() {
        return scale;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        long in = inputShapes[0].get(1);
        Shape w = new Shape(filters, in, kernel.get(0), kernel.get(1));
        weight.setShape(w);
        if (bias != null) {
            bias.setShape(new Shape(filters));
        }
        scale.setShape(granularity.scaleShape(w));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
        if (noise.isOn()) {
            w = WeightNoise.perturb(w, ps.getValue(scale, x.getDevice(), training), x.getManager());
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
        return "PniConv2d("
                + filters
                + ", kernel="
                + kernel
                + ", stride="
                + stride
                + ", "
                + granularity
                + ")";
    }

    /**
     * Builder in DJL's style: {@code setX} is required, {@code optX} has the documented default.
     */
    public static final class Builder extends NoisyConvBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }

        public PniConv2d build() {
            validateConvOptions();
            return new PniConv2d(this);
        }
    }
}
