package dev.noiseshield.cli;

import dev.noiseshield.defense.DefenseOptions;
import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.nn.FeatureNoise;
import dev.noiseshield.nn.ScaleGranularity;
import picocli.CommandLine.Option;

/**
 * The defenses' options, shared by {@code train}, {@code demo} and {@code compare}; defaults are
 * the papers'.
 */
final class DefenseKnobs {
    @Option(
            names = "--adversarial-training",
            arity = "1",
            paramLabel = "true|false",
            description =
                    "PGD adversarial training on or off (default: the defense's preset: on for"
                            + " pgd-at, trades, pni-*, cni; off for none, rse, wca, mfdv).")
    Boolean adversarial;

    @Option(
            names = "--pni-granularity",
            description =
                    "PNI scales per layer, channel or element: " + "${COMPLETION-CANDIDATES}.")
    ScaleGranularity granularity = ScaleGranularity.LAYER;

    @Option(
            names = "--pni-activation-site",
            paramLabel = "output|input",
            description =
                    "pni-a, pni-wa: activation noise on the output of every conv (PNI-A-a) or on"
                            + " its input (PNI-A-b, the image included).")
    String activationSite = "output";

    @Option(names = "--cni-rank", description = "CNI: rank of the low-rank covariance factor.")
    int cniRank = 5;

    @Option(names = "--cni-activations", description = "CNI: colored noise on the activations too.")
    boolean cniActivations;

    @Option(names = "--rse-init", description = "RSE: noise std on the input image.")
    float rseInit = 0.2f;

    @Option(names = "--rse-inner", description = "RSE: noise std before every other conv layer.")
    float rseInner = 0.1f;

    @Option(
            names = "--smooth-sigma",
            description = "smooth: Gaussian noise std on the input image (training and test).")
    float smoothSigma = 0.25f;

    @Option(
            names = "--wca-covariance",
            description = "WCA: feature-noise covariance, ${COMPLETION-CANDIDATES}.")
    FeatureNoise.Covariance wcaCovariance = FeatureNoise.Covariance.FULL;

    @Option(names = "--trades-beta", description = "TRADES: weight of the KL term.")
    float tradesBeta = 6f;

    @Option(
            names = "--noise-loss-weight",
            paramLabel = "LAMBDA",
            description =
                    "Weight of the WCA alignment or MFDV variance term (default: 1 for wca, 0.1 for"
                            + " mfdv).")
    Float regularizerWeight;

    private NoiseSpec.ActivationSite site() {
        return switch (activationSite.toLowerCase(java.util.Locale.ROOT)) {
            case "output" -> NoiseSpec.ActivationSite.CONV_OUTPUT;
            case "input" -> NoiseSpec.ActivationSite.CONV_INPUT;
            default ->
                    throw new IllegalArgumentException(
                            "--pni-activation-site: '"
                                    + activationSite
                                    + "' is neither output nor input");
        };
    }

    DefenseOptions toOptions() {
        OptionChecks.atLeast("--cni-rank", cniRank, 1);
        OptionChecks.notNegative("--rse-init", rseInit);
        OptionChecks.notNegative("--rse-inner", rseInner);
        OptionChecks.positive("--smooth-sigma", smoothSigma);
        OptionChecks.positive("--trades-beta", tradesBeta);
        if (regularizerWeight != null) {
            OptionChecks.notNegative("--noise-loss-weight", regularizerWeight);
        }
        return new DefenseOptions(
                granularity,
                cniRank,
                cniActivations,
                rseInit,
                rseInner,
                smoothSigma,
                wcaCovariance,
                tradesBeta,
                regularizerWeight,
                adversarial,
                site());
    }
}
