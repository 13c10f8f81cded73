package dev.noiseshield.defense;

import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.model.NoiseSpec.Placement;
import dev.noiseshield.nn.FeatureNoise;
import dev.noiseshield.train.NoiseRegularizer;
import dev.noiseshield.train.TrainingLoss;
import java.util.function.Function;

/**
 * The defenses, with their command-line names and presets: where the noise goes, whether training
 * is PGD adversarial training, and which loss it minimises. {@link DefenseOptions#PAPER} gives each
 * paper's settings; formulas are in the noise layers' Javadoc and in shared/DESIGN.md.
 */
public enum Defense implements DefenseKind {
    /** Plain cross-entropy training, no noise: the undefended baseline. */
    NONE(
            "plain cross-entropy training, no noise: the undefended baseline",
            "none",
            false,
            o -> NoiseSpec.NONE,
            o -> TrainingLoss.STANDARD,
            1),
    /** PGD adversarial training (Madry et al., 2018) without noise: the vanilla-AT baseline. */
    PGD_AT(
            "PGD adversarial training (Madry et al. 2018), no noise",
            "pgd-at",
            true,
            o -> NoiseSpec.NONE,
            o -> TrainingLoss.STANDARD,
            1),
    /** TRADES (Zhang et al., 2019): CE(clean) + beta KL(clean || adversarial), no noise. */
    TRADES(
            "TRADES (Zhang et al. 2019): CE(clean) + beta KL(clean || adversarial), no noise",
            "trades",
            true,
            o -> NoiseSpec.NONE,
            o -> new TrainingLoss(o.tradesBeta(), NoiseRegularizer.NONE, 0f),
            1),
    /**
     * PNI-W (Rakin et al., 2019): learned weight noise on every conv and linear layer, with PGD-AT.
     */
    PNI_W(
            "PNI-W (Rakin et al. 2019): learned weight noise on every conv and linear layer,"
                    + " PGD-AT",
            "pni-w",
            true,
            o -> pni(Placement.PNI, Placement.NONE, o),
            o -> TrainingLoss.STANDARD,
            1),
    /**
     * PNI-A: learned noise on the activations after every conv (PNI-A-a), or before every conv with
     * {@code --pni-activation-site input} (PNI-A-b), with PGD-AT.
     */
    PNI_A(
            "PNI-A: learned noise on the activations after every conv (or before it:"
                    + " --pni-activation-site), PGD-AT",
            "pni-a",
            true,
            o -> pni(Placement.NONE, Placement.PNI, o),
            o -> TrainingLoss.STANDARD,
            1),
    /** PNI-WA: both. */
    PNI_WA(
            "PNI-W and PNI-A together, PGD-AT",
            "pni-wa",
            true,
            o -> pni(Placement.PNI, Placement.PNI, o),
            o -> TrainingLoss.STANDARD,
            1),
    /** PNI-I: learned noise on the input image (the first conv's input) only, with PGD-AT. */
    PNI_I(
            "PNI-I: learned noise on the input image only, PGD-AT",
            "pni-i",
            true,
            o ->
                    NoiseSpec.NONE
                            .with(Placement.NONE, Placement.PNI, o.granularity())
                            .withActivationSite(NoiseSpec.ActivationSite.IMAGE),
            o -> TrainingLoss.STANDARD,
            1),
    /**
     * CNI (Zheltonozhskii et al., 2020): colored (low-rank plus diagonal) weight noise, with
     * PGD-AT.
     */
    CNI(
            "CNI (Zheltonozhskii et al. 2020): colored (low-rank plus diagonal) weight noise,"
                    + " PGD-AT",
            "cni",
            true,
            o ->
                    pni(
                                    Placement.COLORED,
                                    o.cniActivations() ? Placement.COLORED : Placement.NONE,
                                    o)
                            .withRank(o.cniRank()),
            o -> TrainingLoss.STANDARD,
            1),
    /**
     * RSE (Liu et al., 2018): fixed noise before every conv, plain CE on noisy passes, inference by
     * an ensemble of 10 noisy passes (the paper's).
     */
    RSE(
            "RSE (Liu et al. 2018): fixed noise before every conv, an ensemble of 10 noisy passes",
            "rse",
            false,
            o -> NoiseSpec.rse(o.rseInit(), o.rseInner()),
            o -> TrainingLoss.STANDARD,
            10),
    /**
     * Randomized smoothing's training (Cohen, Rosenfeld and Kolter, 2019): Gaussian noise of std
     * {@code --smooth-sigma} on the input image, in training (plain CE) and at test time; certify
     * it with {@code certify}. Evaluated like RSE, by an ensemble of 10 noisy passes.
     */
    SMOOTH(
            "randomized smoothing (Cohen et al. 2019): Gaussian input noise of --smooth-sigma",
            "smooth",
            false,
            o -> NoiseSpec.rse(o.smoothSigma(), 0f),
            o -> TrainingLoss.STANDARD,
            10),
    /**
     * WCA (Eustratiadis et al., 2021): feature noise with learned covariance aligned with the
     * classifier.
     */
    WCA(
            "WCA (Eustratiadis et al. 2021): feature noise with covariance aligned with the"
                    + " classifier",
            "wca",
            false,
            o -> NoiseSpec.features(o.wcaCovariance()),
            o -> new TrainingLoss(0f, NoiseRegularizer.WCA_ALIGNMENT, weightOr(o, 1f)),
            1),
    /** MFDV-SNN (Yang et al., 2022): learned diagonal feature noise whose variance is maximised. */
    MFDV(
            "MFDV-SNN (Yang et al. 2022): learned diagonal feature noise of maximised variance",
            "mfdv",
            false,
            o -> NoiseSpec.features(FeatureNoise.Covariance.DIAGONAL),
            o -> new TrainingLoss(0f, NoiseRegularizer.MFDV_VARIANCE, weightOr(o, 0.1f)),
            1);

    /** RSE's inference: an ensemble of this many noisy passes (the paper uses 10). */
    public static final int RSE_ENSEMBLE = 10;

    private final String cliName;
    private final String summary;
    private final boolean adversarialPreset;

    @SuppressWarnings("ImmutableEnumChecker") // stateless lambdas: they capture nothing
    private final Function<DefenseOptions, NoiseSpec> noise;

    @SuppressWarnings("ImmutableEnumChecker") // likewise
    private final Function<DefenseOptions, TrainingLoss> loss;

    private final int inferenceDraws;

    /**
     * Each defense's choices in one place.
     *
     * @param adversarialPreset whether its paper trains with PGD adversarial examples
     * @param noise the noise layers it puts into a model, for the given options
     * @param loss the loss beyond the Madry mix, for the given options
     * @param inferenceDraws noise draws per prediction that its paper evaluates with
     */
    Defense(
            String summary,
            String cliName,
            boolean adversarialPreset,
            Function<DefenseOptions, NoiseSpec> noise,
            Function<DefenseOptions, TrainingLoss> loss,
            int inferenceDraws) {
        this.cliName = cliName;
        this.summary = summary;
        this.adversarialPreset = adversarialPreset;
        this.noise = noise;
        this.loss = loss;
        this.inferenceDraws = inferenceDraws;
    }

    @Override
    public String cliName() {
        return cliName;
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public boolean adversarialTraining() {
        return adversarialPreset;
    }

    @Override
    public NoiseSpec noise(DefenseOptions o) {
        return noise.apply(o);
    }

    /** TRADES' KL term, WCA's alignment term or MFDV's variance term, or none. */
    @Override
    public TrainingLoss trainingLoss(DefenseOptions o) {
        return loss.apply(o);
    }

    /** Noise draws per prediction that the paper evaluates with: RSE's ensemble, else one pass. */
    @Override
    public int inferenceDraws() {
        return inferenceDraws;
    }

    /**
     * Weight and activation noise placed as given, at the options' granularity, activation noise at
     * the options' site.
     */
    private static NoiseSpec pni(Placement weights, Placement activations, DefenseOptions o) {
        NoiseSpec spec = NoiseSpec.NONE.with(weights, activations, o.granularity());
        return activations == Placement.PNI ? spec.withActivationSite(o.activationSite()) : spec;
    }

    private static float weightOr(DefenseOptions o, float preset) {
        return o.regularizerWeight() != null ? o.regularizerWeight() : preset;
    }

    @Override
    public String toString() {
        return cliName;
    }
}
