package dev.noiseshield.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

/**
 * A fully connected layer whose weight carries PNI noise ({@link WeightNoise}) while its {@link
 * NoiseSwitch} is on; the PNI paper puts it on the classifier layer. Input (N, in), output (N,
 * units). Parameters: {@code weight} (units, in), {@code bias} (units), {@code noiseScale} (see
 * {@link PniConv2d}).
 */
public final class PniLinear extends NoisyWeightLayer {
    private static final byte VERSION = 1;

    private final int units;

    private PniLinear(Builder b) {
        super(VERSION, true, b.noise, layer -> WeightNoiseModel.pni(layer, b));
        this.units = b.units;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    Shape weightShape(Shape input) {
        return new Shape(units, input.get(1));
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
        return "PniLinear(" + units + ", " + noiseDescription() + ")";
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
