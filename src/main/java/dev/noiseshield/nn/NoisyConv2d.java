package dev.noiseshield.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.function.Function;

/**
 * The convolution geometry that {@link PniConv2d} and {@link ColoredConv2d} share: filters, kernel,
 * stride and padding, the weight's shape, the convolution itself (dilation 1, one group) and its
 * output shape.
 */
public abstract class NoisyConv2d extends NoisyWeightLayer {
    final int filters;
    final Shape kernel;
    final Shape stride;
    final Shape padding;

    NoisyConv2d(
            byte version,
            NoisyConvBuilder<?> b,
            Function<NoisyWeightLayer, WeightNoiseModel> noiseModel) {
        super(version, b.bias, b.noise, noiseModel);
        this.filters = b.filters;
        this.kernel = b.kernel;
        this.stride = b.stride;
        this.padding = b.padding;
    }

    @Override
    final Shape weightShape(Shape input) {
        return new Shape(filters, input.get(1), kernel.get(0), kernel.get(1));
    }

    @Override
    final NDList apply(NDArray x, NDArray weight, NDArray bias) {
        return Conv2d.conv2d(x, weight, bias, stride, padding, new Shape(1, 1), 1);
    }

    /** (N, filters, H', W') for an (N, C, H, W) input. */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long h = (in.get(2) + 2 * padding.get(0) - kernel.get(0)) / stride.get(0) + 1;
        long w = (in.get(3) + 2 * padding.get(1) - kernel.get(1)) / stride.get(1) + 1;
        return new Shape[] {new Shape(in.get(0), filters, h, w)};
    }

    /** The layer's name, its filters, kernel and stride, and its noise. */
    String describe(String name) {
        return name
                + "("
                + filters
                + ", kernel="
                + kernel
                + ", stride="
                + stride
                + ", "
                + noiseDescription()
                + ")";
    }
}
