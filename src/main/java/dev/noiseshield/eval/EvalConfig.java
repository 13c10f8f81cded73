package dev.noiseshield.eval;

import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.model.Ensemble;
import dev.noiseshield.nn.NoiseMode;
import java.util.List;
import java.util.Objects;

/**
 * Settings of an evaluation.
 *
 * @param attacks attacks to run, each on the first {@code attackExamples} test images that are
 *     right when clean
 * @param repeats independent evaluations (seeds seed, seed+1, ...) for mean and std
 * @param ensembleDraws noise draws combined per prediction; 1 = single pass, 0 = the defense's
 *     preset ({@link #withPresetDraws}). Attacks attack the same ensemble the predictions come from
 * @param ensembleRule how the draws are combined
 * @param scoringDraws predictions per clean or adversarial example on a stochastic model, from
 *     which expected accuracy, majority vote and correct-on-all-draws are counted
 * @param attackExamples the first test images evaluated (0: all): clean and robust accuracies count
 *     the same images; the whole test set's clean accuracy is reported beside them
 * @param batchSize images per batch
 * @param shardSize test images per task of the evaluation ({@link ShardPlan}); like the batch size,
 *     part of what the numbers depend on, never the number of machines
 * @param noiseMode noise during attacks and predictions; ON for a noise defense, OFF to measure the
 *     mean network
 * @param seed seed of the first repeat
 * @param checks run the sanity checks ({@link SanityChecks})
 * @param checkExamples images the sanity checks attack
 * @param sweeps sweeps of the first single attack of the list
 * @param saveAdversarial write the adversarial examples of the first repeat as float tensors
 */
public record EvalConfig(
        List<AttackSpec> attacks,
        int repeats,
        int ensembleDraws,
        Ensemble.Rule ensembleRule,
        int scoringDraws,
        int attackExamples,
        int batchSize,
        int shardSize,
        NoiseMode noiseMode,
        long seed,
        boolean checks,
        int checkExamples,
        List<Sweep> sweeps,
        boolean saveAdversarial)
        implements java.io.Serializable {

    /**
     * Test images per task by default: the embedded digits' 2,000 test images are one shard, so
     * that their numbers are those of the evaluator before shards; CIFAR's 10,000 are five.
     */
    public static final int DEFAULT_SHARD_SIZE = 2000;

    public EvalConfig {
        attacks = List.copyOf(attacks);
        sweeps = List.copyOf(sweeps);
        Objects.requireNonNull(noiseMode, "noiseMode");
        Objects.requireNonNull(ensembleRule, "ensembleRule");
        if (repeats < 1
                || ensembleDraws < 0
                || scoringDraws < 1
                || attackExamples < 0
                || batchSize < 1
                || shardSize < 1
                || checkExamples < 1) {
            throw new IllegalArgumentException(
                    String.format(
                            "invalid evaluation settings: repeats=%d ensembleDraws=%d"
                                    + " scoringDraws=%d attackExamples=%d batchSize=%d"
                                    + " shardSize=%d checkExamples=%d",
                            repeats,
                            ensembleDraws,
                            scoringDraws,
                            attackExamples,
                            batchSize,
                            shardSize,
                            checkExamples));
        }
    }

    /**
     * Settings with the old defaults for what they do not name: 10 scoring draws, no checks, no
     * sweeps.
     */
    public EvalConfig(
            List<AttackSpec> attacks,
            int repeats,
            int ensembleDraws,
            Ensemble.Rule ensembleRule,
            int attackExamples,
            int batchSize,
            NoiseMode noiseMode,
            long seed) {
        this(
                attacks,
                repeats,
                ensembleDraws,
                ensembleRule,
                10,
                attackExamples,
                batchSize,
                DEFAULT_SHARD_SIZE,
                noiseMode,
                seed,
                false,
                200,
                List.of(),
                false);
    }

    /** These settings with {@code ensembleDraws} 0 replaced by the defense's preset. */
    public EvalConfig withPresetDraws(int presetDraws) {
        return ensembleDraws != 0
                ? this
                : new EvalConfig(
                        attacks,
                        repeats,
                        presetDraws,
                        ensembleRule,
                        scoringDraws,
                        attackExamples,
                        batchSize,
                        shardSize,
                        noiseMode,
                        seed,
                        checks,
                        checkExamples,
                        sweeps,
                        saveAdversarial);
    }
}
