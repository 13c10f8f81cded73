package dev.noiseshield.nn;

import ai.djl.ndarray.types.Shape;

/**
 * The convolution options that every noisy conv layer's builder shares ({@link PniConv2d}, {@link
 * ColoredConv2d}), beside the noise options of {@link PniBuilder}, and the output shape they give.
 *
 * @param <T> the concrete builder, returned by every setter for chaining
 */
public abstract class NoisyConvBuilder<T extends NoisyConvBuilder<T>> extends PniBuilder<T> {
    int filters;
    Shape kernel;
    Shape stride = new Shape(1, 1);
    Shape padding = new Shape(0, 0);
    boolean bias;

    public T setFilters(int filters) {
        this.filters = filters;
        return self();
    }

    public T setKernelShape(Shape kernel) {
        this.kernel = kernel;
        return self();
    }

    /** Default (1, 1). */
    public T optStride(Shape stride) {
        this.stride = stride;
        return self();
    }

    /** Default (0, 0). */
    public T optPadding(Shape padding) {
        this.padding = padding;
        return self();
    }

    /** Default false: the conv layers of the PNI ResNets are followed by batch norm. */
    public T optBias(boolean bias) {
        this.bias = bias;
        return self();
    }

    void validateConvOptions() {
        if (filters <= 0) {
            throw new IllegalArgumentException("filters must be positive, got " + filters);
        }
        if (kernel == null || kernel.dimension() != 2) {
            throw new IllegalArgumentException(
                    "kernel shape must have 2 dimensions, got " + kernel);
        }
        validateNoiseOptions();
    }
}
