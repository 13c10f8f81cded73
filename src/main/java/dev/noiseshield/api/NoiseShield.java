package dev.noiseshield.api;

import dev.noiseshield.defense.DefenseKind;
import dev.noiseshield.defense.Defenses;
import java.nio.file.Path;

/**
 * Training and evaluation from Java, as the command line runs them:
 *
 * <pre>{@code
 * TrainJob.Outcome trained =
 *         NoiseShield.training("pni-w").epochs(1).out(Path.of("runs/api")).run();
 * RobustnessReport report =
 *         NoiseShield.evaluation(trained.checkpoint())
 *                 .attacks("fgsm", "pgd:steps=20")
 *                 .configure(c -> c.repeats(1))
 *                 .run();
 * double robust = report.attacks().get(1).accuracy();
 * }</pre>
 *
 * Defaults are the command line's ({@code train --help}, {@code evaluate --help}); the embedded
 * digits are the data unless {@code dataset}/{@code dataDir} name others. Plugins on the class path
 * ({@link dev.noiseshield.attack.AttackPlugin}, {@link dev.noiseshield.defense.DefensePlugin},
 * {@link dev.noiseshield.model.NoiseLayerPlugin}) are found as the command line finds them.
 */
public final class NoiseShield {
    private NoiseShield() {}

    /** A training of the defense of that name (built-in or a plugin's), to be configured. */
    public static Training training(String defense) {
        return training(Defenses.of(defense));
    }

    /** A training of {@code defense}, to be configured. */
    public static Training training(DefenseKind defense) {
        return new Training(defense);
    }

    /**
     * An evaluation of a model, to be configured: a checkpoint ({@code .nsck}), a run folder (its
     * latest checkpoint) or a TorchScript file ({@code .pt}, which needs {@link
     * Evaluation#dataset}).
     */
    public static Evaluation evaluation(Path model) {
        return new Evaluation(model);
    }
}
