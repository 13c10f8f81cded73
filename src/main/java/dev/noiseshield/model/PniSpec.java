package dev.noiseshield.model;

import dev.noiseshield.nn.ScaleGranularity;
import java.util.Objects;

/**
 * Where PNI weight noise goes in an architecture: when enabled, on every conv and linear layer.
 *
 * @param enabled whether the weight layers are {@link dev.noiseshield.nn.PniConv2d} / {@link
 *     dev.noiseshield.nn.PniLinear}
 * @param granularity one scale per layer, per output channel or per element
 * @param initScale initial value of every scale (paper: 0.25)
 */
public record PniSpec(boolean enabled, ScaleGranularity granularity, float initScale) {
    public static final PniSpec NONE = new PniSpec(false, ScaleGranularity.LAYER, 0.25f);

    public PniSpec {
        Objects.requireNonNull(granularity, "granularity");
        if (!(initScale >= 0f) || Float.isInfinite(initScale)) {
            throw new IllegalArgumentException("PNI initial scale must be finite and >= 0, got " + initScale);
        }
    }

    public static PniSpec weights(ScaleGranularity granularity) {
        return new PniSpec(true, granularity, 0.25f);
    }
}
