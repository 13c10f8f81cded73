package dev.noiseshield.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import dev.noiseshield.nn.NoiseSwitch;
import dev.noiseshield.nn.PniConv2d;
import dev.noiseshield.nn.PniLinear;

/**
 * Makes the weight layers of an architecture: plain DJL layers, or their PNI counterparts sharing
 * one noise switch, as the spec says. Architectures call this instead of choosing layer classes, so
 * that a defense changes what every layer is without touching the architecture's code.
 */
final class LayerFactory {
    private final ModelSpec spec;
    private final NoiseSwitch noise;

    LayerFactory(ModelSpec spec, NoiseSwitch noise) {
        this.spec = spec;
        this.noise = noise;
    }

    Block conv(int filters, int kernel, int stride, int padding, boolean bias) {
        Shape k = new Shape(kernel, kernel);
        Shape s = new Shape(stride, stride);
        Shape p = new Shape(padding, padding);
        if (spec.noise().weightNoise()) {
            return PniConv2d.builder()
                    .setFilters(filters)
                    .setKernelShape(k)
                    .optStride(s)
                    .optPadding(p)
                    .optBias(bias)
                    .optGranularity(spec.noise().granularity())
                    .optInitScale(spec.noise().initScale())
                    .setNoiseSwitch(noise)
                    .build();
        }
        return Conv2d.builder().setFilters(filters).setKernelShape(k).optStride(s).optPadding(p).optBias(bias).build();
    }

    Block linear(int units) {
        if (spec.noise().weightNoise()) {
            return PniLinear.builder()
                    .setUnits(units)
                    .optGranularity(spec.noise().granularity())
                    .optInitScale(spec.noise().initScale())
                    .setNoiseSwitch(noise)
                    .build();
        }
        return Linear.builder().setUnits(units).build();
    }

    /**
     * The classifier head on (N, features): feature noise when the spec asks for it, then the final
     * linear layer. Everything before the head is the deterministic trunk when only the head is noisy.
     */
    Block head(int classes) {
        ai.djl.nn.SequentialBlock head = new ai.djl.nn.SequentialBlock();
        if (spec.noise().featureNoise()) {
            head.add(dev.noiseshield.nn.FeatureNoise.of(noise, 0f));
        }
        return head.add(linear(classes));
    }

    /** Maps images in [0,1] to (x - mean) / std per channel, inside the model. */
    Block normalize() {
        float[] mean = toFloats(spec.mean());
        float[] std = toFloats(spec.std());
        Shape perChannel = new Shape(1, mean.length, 1, 1);
        return LambdaBlock.singleton(x -> {
            NDArray m = x.getManager().create(mean, perChannel);
            NDArray s = x.getManager().create(std, perChannel);
            return x.sub(m).div(s);
        }, "normalize");
    }

    private static float[] toFloats(java.util.List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }
}
