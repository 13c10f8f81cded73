package dev.noiseshield.defense;

import dev.noiseshield.model.ModelSpec;
import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.model.NoiseSpec.Placement;
import dev.noiseshield.nn.FeatureNoise;
import dev.noiseshield.run.CliName;
import dev.noiseshield.train.NoiseRegularizer;
import dev.noiseshield.train.TrainingLoss;

/**
 * The defenses, with their command-line names and presets: where the noise goes, whether training
 * is PGD adversarial training, and which loss it minimises. {@link DefenseOptions#PAPER} gives each
 * paper's settings; formulas are in the noise layers' Javadoc and in shared/DESIGN.md.
 */
public enum Defense implements CliName {
    /** Plain cross-entropy training, no noise: the undefended baseline. */
    NONE("none", false),
    /** PGD adversarial training (Madry et al., 2018) without noise: the vanilla-AT baseline. */
    PGD_AT("pgd-at", true),
    /** TRADES (Zhang et al., 2019): CE(clean) + beta KL(clean || adversarial), no noise. */
    TRADES("trades", true),
    /**
     * PNI-W (Rakin et al., 2019): learned weight noise on every conv and linear layer, with PGD-AT.
     */
    PNI_W("pni-w", true),
    /** PNI-A: learned noise on the activations after every conv, with PGD-AT. */
    PNI_A("pni-a", true),
    /** PNI-WA: both. */
    PNI_WA("pni-wa", true),
    /**
     * CNI (Zheltonozhskii et al., 2020): colored (low-rank plus diagonal) weight noise, with
     * PGD-AT.
     */
    CNI("cni", true),
    /**
     * RSE (Liu et al., 2018): fixed noise before every conv, plain CE on noisy passes, ensemble
     * inference.
     */
    RSE("rse", false),
    /**
     * WCA (Eustratiadis et al., 2021): feature noise with learned covariance aligned with the
     * classifier.
     */
    WCA("wca", false),
    /** MFDV-SNN (Yang et al., 2022): learned diagonal feature noise whose variance is maximised. */
    MFDV("mfdv", false);

    /** RSE's inference: an ensemble of this many noisy passes (the paper uses 10). */
    public static final int RSE_ENSEMBLE = 10;

    private final String cliName;
    private final boolean adversarialPreset;

    Defense(String cliName, boolean adversarialPreset) {
        this.cliName = cliName;
        this.adversarialPreset = adversarialPreset;
    }

    @Override
    public String cliName() {
        return cliName;
    }

    /** Whether the defense's paper trains with PGD adversarial examples. */
    public boolean adversarialTraining() {
        return adversarialPreset;
    }

    /** Adversarial training as the options ask, else as the paper does. */
    public boolean adversarialTraining(DefenseOptions options) {
        return options.adversarial() != null ? options.adversarial() : adversarialPreset;
    }

    /** The noise layers this defense puts into a model. */
    public NoiseSpec noise(DefenseOptions o) {
        return switch (this) {
            case PNI_W -> NoiseSpec.NONE.with(Placement.PNI, Placement.NONE, o.granularity());
            case PNI_A -> NoiseSpec.NONE.with(Placement.NONE, Placement.PNI, o.granularity());
            case PNI_WA -> NoiseSpec.NONE.with(Placement.PNI, Placement.PNI, o.granularity());
            case CNI ->
                    NoiseSpec.NONE
                            .with(
                                    Placement.COLORED,
                                    o.cniActivations() ? Placement.COLORED : Placement.NONE,
                                    o.granularity())
                            .withRank(o.cniRank());
            case RSE -> NoiseSpec.rse(o.rseInit(), o.rseInner());
            case WCA -> NoiseSpec.features(o.wcaCovariance());
            case MFDV -> NoiseSpec.features(FeatureNoise.Covariance.DIAGONAL);
            default -> NoiseSpec.NONE;
        };
    }

    /** The model spec with this defense's noise layers. */
    public ModelSpec apply(ModelSpec base, DefenseOptions options) {
        return base.withNoise(noise(options));
    }

    /**
     * The loss beyond the Madry mix: TRADES' KL term, WCA's alignment term or MFDV's variance term.
     */
    public TrainingLoss trainingLoss(DefenseOptions o) {
        return switch (this) {
            case TRADES -> new TrainingLoss(o.tradesBeta(), NoiseRegularizer.NONE, 0f);
            case WCA -> new TrainingLoss(0f, NoiseRegularizer.WCA_ALIGNMENT, weightOr(o, 1f));
            case MFDV -> new TrainingLoss(0f, NoiseRegularizer.MFDV_VARIANCE, weightOr(o, 0.1f));
            default -> TrainingLoss.STANDARD;
        };
    }

    /** Noise draws per prediction that the paper evaluates with: RSE's ensemble, else one pass. */
    public int inferenceDraws() {
        return this == RSE ? RSE_ENSEMBLE : 1;
    }

    private static float weightOr(DefenseOptions o, float preset) {
        return o.regularizerWeight() != null ? o.regularizerWeight() : preset;
    }

    public static Defense fromCliName(String name) {
        return CliName.lookup(Defense.class, "defense", name);
    }

    @Override
    public String toString() {
        return cliName;
    }
}
