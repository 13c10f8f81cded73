package dev.noiseshield.cli;

import dev.noiseshield.defense.DefenseKind;
import dev.noiseshield.pipeline.TrainJob;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;

/**
 * What {@code train}, {@code compare} and {@code demo} need to train a defense: the data and model,
 * the defense's knobs and the training recipe, as one set of options.
 */
final class TrainingSetup {
    @Mixin ModelOptions model;

    @Mixin DefenseKnobs knobs;

    @Mixin TrainOptions train;

    /**
     * The training of {@code defense} into {@code dir}; the commands check {@code model} first, as
     * they need its values before.
     */
    TrainJob job(DefenseKind defense, Path dir, boolean resume) {
        return new TrainJob(
                model.dataset,
                model.dataDir,
                model.architecture,
                model.width,
                defense,
                knobs.toOptions(),
                train.toConfig(defense, knobs.toOptions(), model.dataset),
                dir,
                resume);
    }
}
