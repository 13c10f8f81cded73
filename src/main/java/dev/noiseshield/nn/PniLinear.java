package dev.noiseshield.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A fully connected layer whose weight carries PNI noise ({@link WeightNoise}) while its {@link
 * NoiseSwitch} is on; the PNI paper puts it on the classifier layer. Input (N, in), output (N,
 * units). Parameters: {@code weight} (units, in), {@code bias} (units), {@code noiseScale} (see
 * {@link PniConv2d}).
 */
public final class PniLinear extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int units;
    private final ScaleGranularity granularity;
    private final NoiseSwitch noise;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter scale;

    private PniLinear(Builder b) {
        super(VERSION);
        this.units = b.units;
        this.granularity = b.granularity;
        this.noise = b.noise;
        this.weight =
                addParameter(
                        Parameter.builder()
                                .setName("weight")
                                .setType(Parameter.Type.WEIGHT)
                                .build());
        this.bias =
                addParameter(
                        Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
        this.scale = addParameter(b.newScaleParameter());
    }

    public static Builder builder() {
        return new Builder();
    }

    public Parameter scaleParameter() {
        return scale;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape w = new Shape(units, inputShapes[0].get(1));
        weight.setShape(w);
        bias.setShape(new Shape(units));
        scale.setShape(granularity.scaleShape(w));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        if (noise.isOn()) {
            w = WeightNoise.perturb(w, ps.getValue(scale, x.getDevice(), training), x.getManager());
        }
        return Linear.linear(x, w, b);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), units)};
    }

    @Override
    public String toString() {
        return "PniLinear(" + units + ", " + granularity + ")";
    }

    /**
     * Builder in DJL's style: {@code setX} is required, {@code optX} has the documented default.
     */
    public static final class Builder extends PniBuilder<Builder> {
        private int units;

        @Override
        protected Builder self() {
            return this;
        }

        public Builder setUnits(int units) {
            this.units = units;
            return this;
        }

        public PniLinear build() {
            if (units <= 0) {
                throw new IllegalArgumentException("units must be positive, got " + units);
            }
            validateNoiseOptions();
            return new PniLinear(this);
        }
    }
}
