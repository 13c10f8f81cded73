package dev.noiseshield.model;

import dev.noiseshield.nn.ScaleGranularity;
import java.util.Objects;

/**
 * Which noise layers an architecture gets. Every noise layer of a network shares one switch
 * ({@link dev.noiseshield.nn.NoiseSwitch}).
 *
 * @param weightNoise PNI-W: every conv and linear layer is a {@link dev.noiseshield.nn.PniConv2d} /
 *     {@link dev.noiseshield.nn.PniLinear}
 * @param granularity PNI scales per layer, per output channel or per element
 * @param initScale initial value of every PNI scale (paper: 0.25)
 * @param featureNoise Gaussian noise with a learned per-dimension scale on the penultimate features
 *     ({@link dev.noiseshield.nn.FeatureNoise}), as in MFDV-SNN and the reference's feature-noise model
 */
public record NoiseSpec(boolean weightNoise, ScaleGranularity granularity, float initScale, boolean featureNoise) {
    public static final NoiseSpec NONE = new NoiseSpec(false, ScaleGranularity.LAYER, 0.25f, false);

    public NoiseSpec {
        Objects.requireNonNull(granularity, "granularity");
        if (!(initScale >= 0f) || Float.isInfinite(initScale)) {
            throw new IllegalArgumentException("PNI initial scale must be finite and >= 0, got " + initScale);
        }
    }

    /** PNI-W with the paper's initial scale. */
    public static NoiseSpec pniWeights(ScaleGranularity granularity) {
        return new NoiseSpec(true, granularity, 0.25f, false);
    }

    /** Noise only on the penultimate features. */
    public static NoiseSpec features() {
        return new NoiseSpec(false, ScaleGranularity.LAYER, 0.25f, true);
    }

    public boolean any() {
        return weightNoise || featureNoise;
    }

    /**
     * True when every noise layer sits after the deterministic trunk, so that noise draws can share
     * one trunk pass (see {@link Network#features}).
     */
    public boolean onlyInHead() {
        return featureNoise && !weightNoise;
    }
}
