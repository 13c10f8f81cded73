package dev.noiseshield.defense;

import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.nn.FeatureNoise;
import dev.noiseshield.nn.ScaleGranularity;
import java.util.Objects;

/**
 * The knobs of the defenses, each with the paper's value as default. A null for {@code adversarial}
 * or {@code regularizerWeight} means: the defense's preset.
 *
 * @param granularity PNI scales per layer, channel or element (PNI-W, PNI-A, PNI-WA)
 * @param cniRank rank of CNI's low-rank covariance factor (paper: 5)
 * @param cniActivations CNI: colored noise on the activations too
 * @param rseInit RSE: noise std on the input image (paper: 0.2)
 * @param rseInner RSE: noise std before every other conv (paper: 0.1)
 * @param smoothSigma smooth: Gaussian noise std on the input image, in training and at test time
 *     (Cohen et al.: 0.12 to 1; 0.25 by default)
 * @param wcaCovariance WCA: full {@code L L^T} (paper) or diagonal covariance
 * @param tradesBeta TRADES: weight of the KL term (paper: 6)
 * @param regularizerWeight weight of the WCA or MFDV loss term, or null for the preset (1 and 0.1)
 * @param adversarial PGD adversarial training on or off, or null for the preset
 * @param activationSite PNI-A and PNI-WA: activation noise after every conv (PNI-A-a, the default)
 *     or before it (PNI-A-b)
 */
public record DefenseOptions(
        ScaleGranularity granularity,
        int cniRank,
        boolean cniActivations,
        float rseInit,
        float rseInner,
        float smoothSigma,
        FeatureNoise.Covariance wcaCovariance,
        float tradesBeta,
        Float regularizerWeight,
        Boolean adversarial,
        NoiseSpec.ActivationSite activationSite)
        implements java.io.Serializable {

    /** Every knob at the paper's value. */
    public static final DefenseOptions PAPER =
            new DefenseOptions(
                    ScaleGranularity.LAYER,
                    5,
                    false,
                    0.2f,
                    0.1f,
                    0.25f,
                    FeatureNoise.Covariance.FULL,
                    6f,
                    null,
                    null,
                    NoiseSpec.ActivationSite.CONV_OUTPUT);

    public DefenseOptions {
        Objects.requireNonNull(activationSite, "activationSite");
        if (activationSite == NoiseSpec.ActivationSite.IMAGE) {
            throw new IllegalArgumentException(
                    "the activation site of PNI-A is the output or the input of every conv; input"
                            + " noise alone is the defense pni-i");
        }
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(wcaCovariance, "wcaCovariance");
        if (cniRank < 1) {
            throw new IllegalArgumentException("CNI rank must be >= 1, got " + cniRank);
        }
        if (!(rseInit >= 0)
                || !(rseInner >= 0)
                || Float.isInfinite(rseInit)
                || Float.isInfinite(rseInner)) {
            throw new IllegalArgumentException(
                    "RSE noise stds must be finite and >= 0, got " + rseInit + ", " + rseInner);
        }
        if (!(smoothSigma > 0) || Float.isInfinite(smoothSigma)) {
            throw new IllegalArgumentException(
                    "smoothing noise std must be finite and > 0, got " + smoothSigma);
        }
        if (!(tradesBeta > 0) || Float.isInfinite(tradesBeta)) {
            throw new IllegalArgumentException(
                    "TRADES beta must be finite and > 0, got " + tradesBeta);
        }
    }
}
