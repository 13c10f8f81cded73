package dev.noiseshield.nn;

import ai.djl.ndarray.types.Shape;

/**
 * How many learned noise scales a layer has (PNI paper, section 3.1): one for the whole layer, one
 * per output channel, or one per weight element.
 */
public enum ScaleGranularity {
    LAYER,
    CHANNEL,
    ELEMENT;

    /**
     * The shape of the scale tensor for a weight of the given shape; it broadcasts against the
     * weight ({@code (out, in, kh, kw)} for a conv, {@code (out, in)} for a linear layer).
     */
    public Shape scaleShape(Shape weightShape) {
        switch (this) {
            case LAYER -> {
                return new Shape(1);
            }
            case CHANNEL -> {
                long[] dims = new long[weightShape.dimension()];
                java.util.Arrays.fill(dims, 1);
                dims[0] = weightShape.get(0);
                return new Shape(dims);
            }
            case ELEMENT -> {
                return weightShape;
            }
            default -> throw new AssertionError(this);
        }
    }
}
