package dev.noiseshield.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.noiseshield.nn.FeatureNoise;
import dev.noiseshield.nn.ScaleGranularity;
import java.util.Objects;

/**
 * Which noise layers an architecture gets; {@link LayerFactory} places them. Every noise layer of a
 * network shares one switch ({@link dev.noiseshield.nn.NoiseSwitch}).
 *
 * @param weights noise on the weights of every conv (and, for PNI, linear) layer
 * @param activations learned activation noise, placed at {@code activationSite}
 * @param inputSigma RSE: fixed noise std on the [0,1] input image (0: none)
 * @param innerSigma RSE: fixed noise std on the input of every conv but the first (0: none)
 * @param featureCovariance learned Gaussian noise on the penultimate features with this covariance
 *     shape, or null for none
 * @param granularity PNI scales per layer, per output channel or per element
 * @param initScale initial PNI scale, and initial colored-noise std relative to std(w) (paper:
 *     0.25)
 * @param rank rank of CNI's low-rank covariance factor
 * @param plugin the name of a plugin's noise layer ({@link NoiseLayerKind}) placed besides the
 *     above, or null for none
 * @param activationSite where PNI activation noise goes: null for the output of every conv (the
 *     form written before the site was a choice, and the default)
 */
public record NoiseSpec(
        Placement weights,
        Placement activations,
        float inputSigma,
        float innerSigma,
        FeatureNoise.Covariance featureCovariance,
        ScaleGranularity granularity,
        float initScale,
        int rank,
        @JsonInclude(JsonInclude.Include.NON_NULL) String plugin,
        @JsonInclude(JsonInclude.Include.NON_NULL) ActivationSite activationSite) {

    /**
     * Where PNI's activation noise goes; the PNI paper compares the first two (its Table 2), and
     * the third is its input noise, PNI-I.
     */
    public enum ActivationSite {
        /** PNI-A-a: on the output of every conv layer. */
        CONV_OUTPUT,
        /** PNI-A-b: on the input of every conv layer, the first one's (the image) included. */
        CONV_INPUT,
        /** PNI-I: on the input of the first conv layer only (the normalised image). */
        IMAGE
    }

    /** What kind of learned noise a weight or activation site gets. */
    public enum Placement {
        NONE,
        /** PNI: {@code x + a * N(0, std(x)^2)}, learned scale a. */
        PNI,
        /** CNI: correlated Gaussian, covariance {@code diag(d) + F F^T}, learned d and F. */
        COLORED
    }

    public static final NoiseSpec NONE =
            new NoiseSpec(
                    Placement.NONE,
                    Placement.NONE,
                    0f,
                    0f,
                    null,
                    ScaleGranularity.LAYER,
                    0.25f,
                    5,
                    null,
                    null);

    public NoiseSpec {
        activationSite = activationSite == ActivationSite.CONV_OUTPUT ? null : activationSite;
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(activations, "activations");
        Objects.requireNonNull(granularity, "granularity");
        if (!(initScale >= 0f) || Float.isInfinite(initScale)) {
            throw new IllegalArgumentException(
                    "initial noise scale must be finite and >= 0, got " + initScale);
        }
        if (!(inputSigma >= 0f)
                || !(innerSigma >= 0f)
                || Float.isInfinite(inputSigma)
                || Float.isInfinite(innerSigma)) {
            throw new IllegalArgumentException(
                    "RSE noise stds must be finite and >= 0, got "
                            + inputSigma
                            + " and "
                            + innerSigma);
        }
        if (rank < 1) {
            throw new IllegalArgumentException("colored-noise rank must be >= 1, got " + rank);
        }
        if ((weights == Placement.COLORED || activations == Placement.COLORED)
                && !(initScale > 0f)) {
            throw new IllegalArgumentException("colored noise needs an initial std > 0");
        }
    }

    /**
     * Reads a spec from a checkpoint's JSON, including the form written before CNI, RSE and WCA
     * existed ({@code weightNoise} and {@code featureNoise} booleans), so that older checkpoints
     * load.
     */
    @JsonCreator
    static NoiseSpec fromJson(
            @JsonProperty("weights") Placement weights,
            @JsonProperty("activations") Placement activations,
            @JsonProperty("inputSigma") Float inputSigma,
            @JsonProperty("innerSigma") Float innerSigma,
            @JsonProperty("featureCovariance") FeatureNoise.Covariance featureCovariance,
            @JsonProperty("granularity") ScaleGranularity granularity,
            @JsonProperty("initScale") Float initScale,
            @JsonProperty("rank") Integer rank,
            @JsonProperty("weightNoise") Boolean legacyWeightNoise,
            @JsonProperty("featureNoise") Boolean legacyFeatureNoise,
            @JsonProperty("plugin") String plugin,
            @JsonProperty("activationSite") ActivationSite activationSite) {
        if (weights == null && legacyWeightNoise != null) {
            weights = legacyWeightNoise ? Placement.PNI : Placement.NONE;
        }
        if (featureCovariance == null && Boolean.TRUE.equals(legacyFeatureNoise)) {
            featureCovariance = FeatureNoise.Covariance.DIAGONAL;
        }
        return new NoiseSpec(
                weights == null ? Placement.NONE : weights,
                activations == null ? Placement.NONE : activations,
                inputSigma == null ? 0f : inputSigma,
                innerSigma == null ? 0f : innerSigma,
                featureCovariance,
                granularity == null ? ScaleGranularity.LAYER : granularity,
                initScale == null ? 0.25f : initScale,
                rank == null ? 5 : rank,
                plugin,
                activationSite);
    }

    /** PNI-W with the paper's initial scale. */
    public static NoiseSpec pniWeights(ScaleGranularity granularity) {
        return NONE.with(Placement.PNI, Placement.NONE, granularity);
    }

    /** Diagonal learned noise only on the penultimate features. */
    public static NoiseSpec features() {
        return features(FeatureNoise.Covariance.DIAGONAL);
    }

    public static NoiseSpec features(FeatureNoise.Covariance covariance) {
        return new NoiseSpec(
                Placement.NONE,
                Placement.NONE,
                0f,
                0f,
                covariance,
                ScaleGranularity.LAYER,
                0.25f,
                5,
                null,
                null);
    }

    /** RSE's fixed noise layers. */
    public static NoiseSpec rse(float inputSigma, float innerSigma) {
        return new NoiseSpec(
                Placement.NONE,
                Placement.NONE,
                inputSigma,
                innerSigma,
                null,
                ScaleGranularity.LAYER,
                0.25f,
                5,
                null,
                null);
    }

    /** This spec with other weight and activation noise and granularity. */
    public NoiseSpec with(
            Placement newWeights, Placement newActivations, ScaleGranularity newGranularity) {
        return changed(newWeights, newActivations, newGranularity, rank, plugin, activationSite);
    }

    public NoiseSpec withRank(int newRank) {
        return changed(weights, activations, granularity, newRank, plugin, activationSite);
    }

    /** This spec with a plugin's noise layer besides its own ({@link NoiseLayerKind}). */
    public NoiseSpec withPlugin(String name) {
        return changed(weights, activations, granularity, rank, name, activationSite);
    }

    /** This spec with its PNI activation noise at {@code site}. */
    public NoiseSpec withActivationSite(ActivationSite site) {
        return changed(weights, activations, granularity, rank, plugin, site);
    }

    /** Where PNI activation noise goes (the output of every conv unless chosen). */
    public ActivationSite site() {
        return activationSite == null ? ActivationSite.CONV_OUTPUT : activationSite;
    }

    /** This spec with the parts the withers change; the RSE and feature-noise parts kept. */
    private NoiseSpec changed(
            Placement newWeights,
            Placement newActivations,
            ScaleGranularity newGranularity,
            int newRank,
            String newPlugin,
            ActivationSite newSite) {
        return new NoiseSpec(
                newWeights,
                newActivations,
                inputSigma,
                innerSigma,
                featureCovariance,
                newGranularity,
                initScale,
                newRank,
                newPlugin,
                newSite);
    }

    public boolean hasFeatureNoise() {
        return featureCovariance != null;
    }

    public boolean any() {
        return weights != Placement.NONE
                || activations != Placement.NONE
                || inputSigma > 0
                || innerSigma > 0
                || hasFeatureNoise()
                || plugin != null;
    }

    /**
     * True when every noise layer sits after the deterministic trunk, so that noise draws can share
     * one trunk pass (see {@link Network#features}).
     */
    public boolean onlyInHead() {
        return hasFeatureNoise()
                && weights == Placement.NONE
                && activations == Placement.NONE
                && inputSigma == 0
                && innerSigma == 0
                && plugin == null;
    }
}
