package dev.noiseshield.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.defense.DefenseKind;
import dev.noiseshield.defense.Defenses;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.model.EvaluatedModel;
import dev.noiseshield.train.Checkpoint;
import java.io.IOException;
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

    /**
     * Any initialised DJL block mapping images (N, C, H, W) in [0,1] to logits (N, classes) as a
     * {@link Classifier}, for {@link #attack}: a model built or loaded with DJL, not trained here.
     */
    public static Classifier classifier(Block block, int numClasses) {
        return new BlockClassifier(block, numClasses);
    }

    /**
     * A checkpoint's network as the evaluation sees it ({@link EvaluatedModel}: noise mode, noise
     * scales), in a sub-manager of {@code manager}; close it when done.
     */
    public static EvaluatedModel load(Path checkpoint, NDManager manager) throws IOException {
        return Checkpoint.read(checkpoint).network(manager, checkpoint);
    }

    /**
     * The adversarial examples of one attack on {@code x} (labels {@code y}), the attack as {@code
     * --attacks} writes one ({@code pgd:steps=20,eps=0.1}); a radius the spec does not give is
     * {@code radius} (L-inf, or L2 for {@code norm=l2}). The result lives in x's manager.
     *
     * @param seed seeds the attacks that draw their own random numbers (Square, ZOO, FAB)
     */
    public static NDArray attack(
            String spec, float radius, Classifier model, NDArray x, NDArray y, long seed) {
        AttackSpec attack = AttackSpec.parse(spec, radius, radius);
        if (attack.isComposite()) {
            throw new IllegalArgumentException(
                    spec
                            + ": an ensemble of attacks (AutoAttack) runs in an evaluation, not"
                            + " alone");
        }
        return attack.build(null, seed).perturb(model, x, y, attack.epsilon());
    }
}
