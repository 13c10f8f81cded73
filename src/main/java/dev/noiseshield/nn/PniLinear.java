package dev.noiseshield.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

/**
 * A fully connected layer whose weight carries PNI noise ({@link WeightNoise}) while its {@link
 * NoiseSwitch} is on; the PNI paper puts it on the classifier layer. Input (N, in), output (N,
 * units). Parameters: {@code weight} (units, in), {@code bias} (units), {@code noiseScale} (see
 * {@link PniConv2d}).
 */
public final class PniLinear extends NoisyWeightLayer {
    private static final byte VERSION = 1;

    private final int units;
    private final ScaleGranularity granularity;
    private final Parameter scale;

    private PniLinear(Builder b) {
        super(VERSION, true, b.noise);
        this.units = b.units;
        this.granularity = b.granularity;
        this.scale = addParameter(b.newScaleParameter());
    }

    public static Builder builder() {
        return new Builder();
    }

    public Parameter scaleParameter() {
        return scale;
    }

    @Override
    Shape weightShape(Shape input) {
        return new Shape(units, input.get(1));
    }

    @Override
    void prepareNoise(Shape weightShape) {
        scale.setShape(granularity.scaleShape(weightShape));
    }

    @Override
    NDArray perturb(NDArray w, ParameterStore ps, NDArray x, boolean training) {
        return WeightNoise.perturb(w, value(ps, scale, x, training), x.getManager());
    }

    @Override
    NDList apply(NDArray x, NDArray weight, NDArray bias) {
        return Linear.linear(x, weight, bias);
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
