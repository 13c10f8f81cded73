package dev.noiseshield.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import dev.noiseshield.model.NoiseSpec.Placement;
import dev.noiseshield.nn.ActivationNoise;
import dev.noiseshield.nn.BatchNormFolding;
import dev.noiseshield.nn.ColoredActivationNoise;
import dev.noiseshield.nn.ColoredConv2d;
import dev.noiseshield.nn.FeatureNoise;
import dev.noiseshield.nn.InputNoise;
import dev.noiseshield.nn.NoiseSwitch;
import dev.noiseshield.nn.OwnedArrays;
import dev.noiseshield.nn.PniConv2d;
import dev.noiseshield.nn.PniLinear;
import dev.noiseshield.nn.SequentialBlock;

/**
 * Makes the layers of an architecture that noise can touch, as the spec says: plain DJL layers, or
 * their noisy counterparts sharing one noise switch. Architectures call this instead of choosing
 * layer classes, so that a defense changes what every layer is without touching the architecture's
 * code. Where each defense's noise goes:
 *
 * <pre>
 * normalize(): [RSE input noise, s_init] -> (x - mean) / std
 * conv():      [RSE inner noise, s_inner, all but the first conv]
 *              -> [PNI-A-b activation noise, or PNI-I on the first conv only]
 *              -> conv | PNI conv | CNI conv -> [PNI-A-a or colored activation noise]
 * linear():    linear | PNI linear
 * head():      [feature noise, diagonal or full covariance] -> linear(classes)
 * </pre>
 *
 * A plugin's noise layer ({@link NoiseLayerKind}, named by the spec's {@code plugin}) goes at the
 * sites it asks for: before the normalisation, after the conv's own noise, before the head's linear
 * layer.
 */
final class LayerFactory {
    private final ModelSpec spec;
    private final NoiseSpec noiseSpec;
    private final NoiseSwitch noise;
    private final NoiseLayerKind plugin;
    private final BatchNormFolding folding = new BatchNormFolding();
    private boolean firstConvMade;
    private FeatureNoise featureNoise;

    LayerFactory(ModelSpec spec, NoiseSwitch noise) {
        this.spec = spec;
        this.noiseSpec = spec.noise();
        this.noise = noise;
        this.plugin = noiseSpec.plugin() == null ? null : NoiseLayerKinds.of(noiseSpec.plugin());
    }

    /**
     * A sequence of layers that folds each batch norm into the convolution before it while the
     * network's batch norms use their running statistics (the network's folding switch).
     */
    SequentialBlock sequence() {
        return new SequentialBlock(folding);
    }

    /** The folding switch that every {@link #sequence} of this network shares. */
    BatchNormFolding folding() {
        return folding;
    }

    /** Adds the plugin's layer at {@code site} to {@code layer}, where it puts one. */
    private void addPluginLayer(SequentialBlock layer, NoiseSite site) {
        Block extra = plugin == null ? null : plugin.layer(site, noise);
        if (extra != null) {
            layer.add(extra);
        }
    }

    Block conv(int filters, int kernel, int stride, int padding, boolean bias) {
        SequentialBlock layer = sequence();
        if (firstConvMade && noiseSpec.innerSigma() > 0) {
            layer.add(new InputNoise(noise, noiseSpec.innerSigma()));
        }
        if (pniBefore(noiseSpec.site())) {
            layer.add(activationNoise());
        }
        firstConvMade = true;
        layer.add(
                weightLayer(
                        filters,
                        new Shape(kernel, kernel),
                        new Shape(stride, stride),
                        new Shape(padding, padding),
                        bias));
        if (noiseSpec.activations() == Placement.PNI
                && noiseSpec.site() == NoiseSpec.ActivationSite.CONV_OUTPUT) {
            layer.add(activationNoise());
        } else if (noiseSpec.activations() == Placement.COLORED) {
            layer.add(new ColoredActivationNoise(noise, noiseSpec.rank(), noiseSpec.initScale()));
        }
        addPluginLayer(layer, NoiseSite.CONV_OUTPUT);
        return layer.getChildren().size() == 1 ? layer.getChildren().get(0).getValue() : layer;
    }

    /**
     * Whether PNI activation noise goes before the conv being made: before every conv (PNI-A-b), or
     * before the first only (PNI-I).
     */
    private boolean pniBefore(NoiseSpec.ActivationSite site) {
        return noiseSpec.activations() == Placement.PNI
                && (site == NoiseSpec.ActivationSite.CONV_INPUT
                        || (site == NoiseSpec.ActivationSite.IMAGE && !firstConvMade));
    }

    private Block activationNoise() {
        return ActivationNoise.builder()
                .optGranularity(noiseSpec.granularity())
                .optInitScale(noiseSpec.initScale())
                .setNoiseSwitch(noise)
                .build();
    }

    private Block weightLayer(int filters, Shape k, Shape s, Shape p, boolean bias) {
        return switch (noiseSpec.weights()) {
            case PNI ->
                    PniConv2d.builder()
                            .setFilters(filters)
                            .setKernelShape(k)
                            .optStride(s)
                            .optPadding(p)
                            .optBias(bias)
                            .optGranularity(noiseSpec.granularity())
                            .optInitScale(noiseSpec.initScale())
                            .setNoiseSwitch(noise)
                            .build();
            case COLORED ->
                    ColoredConv2d.builder()
                            .setFilters(filters)
                            .setKernelShape(k)
                            .optStride(s)
                            .optPadding(p)
                            .optBias(bias)
                            .optRank(noiseSpec.rank())
                            .optInitScale(noiseSpec.initScale())
                            .setNoiseSwitch(noise)
                            .build();
            default ->
                    Conv2d.builder()
                            .setFilters(filters)
                            .setKernelShape(k)
                            .optStride(s)
                            .optPadding(p)
                            .optBias(bias)
                            .build();
        };
    }

    /**
     * A fully connected layer; PNI-W makes it noisy too (the paper's final layer), CNI leaves it
     * plain.
     */
    Block linear(int units) {
        if (noiseSpec.weights() == Placement.PNI) {
            return PniLinear.builder()
                    .setUnits(units)
                    .optGranularity(noiseSpec.granularity())
                    .optInitScale(noiseSpec.initScale())
                    .setNoiseSwitch(noise)
                    .build();
        }
        return Linear.builder().setUnits(units).build();
    }

    /**
     * The classifier head on (N, features): feature noise when the spec asks for it, then the final
     * linear layer. Everything before the head is the deterministic trunk when only the head is
     * noisy.
     */
    Block head(int classes) {
        SequentialBlock head = sequence();
        if (noiseSpec.hasFeatureNoise()) {
            featureNoise = FeatureNoise.of(noise, noiseSpec.featureCovariance(), 0f);
            head.add(featureNoise);
        }
        addPluginLayer(head, NoiseSite.FEATURES);
        return head.add(linear(classes));
    }

    /** The feature-noise layer that {@link #head} made, or null. */
    FeatureNoise featureNoise() {
        return featureNoise;
    }

    /**
     * Maps images in [0,1] to (x - mean) / std per channel, inside the model; RSE's input noise
     * first.
     */
    Block normalize() {
        float[] mean = toFloats(spec.mean());
        float[] std = toFloats(spec.std());
        Shape perChannel = new Shape(1, mean.length, 1, 1);
        Block normalize =
                LambdaBlock.singleton(
                        x -> {
                            NDArray m = OwnedArrays.of(x.getManager(), mean, perChannel);
                            NDArray s = OwnedArrays.of(x.getManager(), std, perChannel);
                            return x.sub(m).div(s);
                        },
                        "normalize");
        SequentialBlock noisy = sequence();
        if (noiseSpec.inputSigma() > 0) {
            noisy.add(new InputNoise(noise, noiseSpec.inputSigma()));
        }
        addPluginLayer(noisy, NoiseSite.INPUT);
        return noisy.getChildren().isEmpty() ? normalize : noisy.add(normalize);
    }

    private static float[] toFloats(java.util.List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }
}
