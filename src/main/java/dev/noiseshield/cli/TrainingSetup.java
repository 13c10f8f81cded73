package dev.noiseshield.cli;

import dev.noiseshield.api.NoiseShield;
import dev.noiseshield.defense.DefenseKind;
import dev.noiseshield.defense.DefenseOptions;
import dev.noiseshield.pipeline.TrainJob;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;

/**
 * What {@code train}, {@code compare} and {@code demo} need to train a defense: the data and model,
 * the defense's knobs and the training recipe, as one set of options, handed to the Java API's
 * {@link NoiseShield#training}.
 */
final class TrainingSetup {
    @Mixin ModelOptions model;

    @Mixin DefenseKnobs knobs;

    @Mixin TrainOptions train;

    /**
     * The training of {@code defense} into {@code dir} (null: the API's default run folder); the
     * commands check {@code model} first, as they need its values before.
     */
    TrainJob job(DefenseKind defense, Path dir, boolean resume) {
        DefenseOptions options = knobs.toOptions();
        if (options.activationSite() != DefenseOptions.PAPER.activationSite()
                && defense.noise(options).site() != options.activationSite()) {
            throw new IllegalArgumentException(
                    "--pni-activation-site: "
                            + defense.cliName()
                            + " has no PNI activation noise (pni-a and pni-wa have)");
        }
        return NoiseShield.training(defense)
                .dataset(model.dataset)
                .dataDir(model.dataDir.dir)
                .architecture(model.architecture, model.width)
                .shortcut(model.shortcut)
                .defenseOptions(options)
                .config(train.toConfig(defense, options, model.dataset))
                .out(dir)
                .resume(resume)
                .job();
    }
}
