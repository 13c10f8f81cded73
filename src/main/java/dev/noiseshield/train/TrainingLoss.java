package dev.noiseshield.train;

import java.util.Objects;

/**
 * What a training step minimises besides the Madry mix of {@link TrainConfig}: TRADES instead of
 * the mix, and a noise regularizer.
 *
 * @param tradesBeta 0: the Madry mix {@code (1 - w) CE(clean) + w CE(adv)}; > 0: TRADES (Zhang et
 *     al., 2019), {@code CE(clean) + beta KL(p(clean) || p(adv))} with the adversarial example
 *     maximising the KL term (paper: beta 6)
 * @param regularizer term on the feature noise (WCA, MFDV), or NONE
 * @param regularizerWeight its weight
 */
public record TrainingLoss(float tradesBeta, NoiseRegularizer regularizer, float regularizerWeight)
        implements java.io.Serializable {
    /** The Madry mix alone. */
    public static final TrainingLoss STANDARD = new TrainingLoss(0f, NoiseRegularizer.NONE, 0f);

    public TrainingLoss {
        Objects.requireNonNull(regularizer, "regularizer");
        if (!(tradesBeta >= 0) || Float.isInfinite(tradesBeta)) {
            throw new IllegalArgumentException(
                    "TRADES beta must be finite and >= 0, got " + tradesBeta);
        }
        if (!(regularizerWeight >= 0) || Float.isInfinite(regularizerWeight)) {
            throw new IllegalArgumentException(
                    "regularizer weight must be finite and >= 0, got " + regularizerWeight);
        }
    }

    public boolean trades() {
        return tradesBeta > 0;
    }
}
