package dev.noiseshield.defense;

import dev.noiseshield.model.ModelSpec;
import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.nn.ScaleGranularity;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The defenses available so far, with their command-line names. */
public enum Defense {
    /** Plain cross-entropy training, no noise: the undefended baseline. */
    NONE("none", false, false),
    /** PGD adversarial training (Madry et al., 2018) without noise: the vanilla-AT baseline. */
    PGD_AT("pgd-at", true, false),
    /** PNI-W (Rakin et al., 2019): learned weight noise on every conv and linear layer, trained with PGD-AT. */
    PNI_W("pni-w", true, true);

    private final String cliName;
    private final boolean adversarial;
    private final boolean weightNoise;

    Defense(String cliName, boolean adversarial, boolean weightNoise) {
        this.cliName = cliName;
        this.adversarial = adversarial;
        this.weightNoise = weightNoise;
    }

    public String cliName() {
        return cliName;
    }

    /** Whether the defense's training is PGD adversarial training. */
    public boolean adversarialTraining() {
        return adversarial;
    }

    /** The model spec with this defense's noise layers (none, or PNI with the given granularity). */
    public ModelSpec apply(ModelSpec base, ScaleGranularity granularity) {
        return base.withNoise(weightNoise ? NoiseSpec.pniWeights(granularity) : NoiseSpec.NONE);
    }

    public static Defense fromCliName(String name) {
        for (Defense d : values()) {
            if (d.cliName.equalsIgnoreCase(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown defense '" + name + "'; choose one of "
                + Arrays.stream(values()).map(Defense::cliName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
