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
    @Option(names = "--adversarial-training", arity = "1", paramLabel = "true|false")
    Boolean adversarial;

    @Option(names = "--pni-granularity", paramLabel = "LAYER|CHANNEL|ELEMENT")
    ScaleGranularity granularity = ScaleGranularity.LAYER;

    @Option(names = "--pni-activation-site", paramLabel = "output|input")
    String activationSite = "output";

    @Option(names = "--cni-rank", paramLabel = "N")
    int cniRank = 5;

    @Option(names = "--cni-activations")
    boolean cniActivations;

    @Option(names = "--rse-init", paramLabel = "SIGMA")
    float rseInit = 0.2f;

    @Option(names = "--rse-inner", paramLabel = "SIGMA")
    float rseInner = 0.1f;

    @Option(names = "--smooth-sigma", paramLabel = "SIGMA")
    float smoothSigma = 0.25f;

    @Option(names = "--wca-covariance", paramLabel = "DIAGONAL|FULL")
    FeatureNoise.Covariance wcaCovariance = FeatureNoise.Covariance.FULL;

    @Option(names = "--trades-beta", paramLabel = "BETA")
    float tradesBeta = 6f;

    @Option(names = "--noise-loss-weight", paramLabel = "LAMBDA")
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
