package dev.noiseshield.defense;

import dev.noiseshield.model.ModelSpec;
import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.run.CliName;
import dev.noiseshield.train.TrainingLoss;

/**
 * One defense as {@code train --defense} names it: the noise layers it puts into a model, whether
 * its paper trains with PGD adversarial examples, the loss it adds and how many noise draws one
 * prediction takes. The built-in defenses are the constants of {@link Defense}; a plugin adds more
 * ({@link DefensePlugin}), and a new noise layer comes with it as a {@link
 * dev.noiseshield.model.NoiseLayerKind} that its {@link #noise} names.
 */
public interface DefenseKind extends CliName {
    /** One line for {@code --help}: what the defense does and where it comes from. */
    String summary();

    /** The noise layers this defense puts into a model, for the given options. */
    NoiseSpec noise(DefenseOptions options);

    /** Whether the defense's paper trains with PGD adversarial examples. */
    boolean adversarialTraining();

    /** The loss beyond the Madry mix: none unless the defense adds a term. */
    default TrainingLoss trainingLoss(DefenseOptions options) {
        return TrainingLoss.STANDARD;
    }

    /** Noise draws per prediction that the defense is evaluated with (RSE's ensemble: 10). */
    default int inferenceDraws() {
        return 1;
    }

    /** Adversarial training as the options ask, else as the paper does. */
    default boolean adversarialTraining(DefenseOptions options) {
        return options.adversarial() != null ? options.adversarial() : adversarialTraining();
    }

    /** The model spec with this defense's noise layers. */
    default ModelSpec apply(ModelSpec base, DefenseOptions options) {
        return base.withNoise(noise(options));
    }

    /**
     * A defense in run.json's record of a job: a built-in one by its Java name, as run.json has
     * always named it ({@code PNI_W}), a plugin's by its command-line name.
     */
    final class AsJson extends com.fasterxml.jackson.databind.ser.std.StdSerializer<DefenseKind> {
        private static final long serialVersionUID = 1L;

        public AsJson() {
            super(DefenseKind.class);
        }

        @Override
        public void serialize(
                DefenseKind kind,
                com.fasterxml.jackson.core.JsonGenerator out,
                com.fasterxml.jackson.databind.SerializerProvider provider)
                throws java.io.IOException {
            out.writeString(kind instanceof Enum<?> e ? e.name() : kind.cliName());
        }
    }
}
