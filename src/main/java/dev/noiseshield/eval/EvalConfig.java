package dev.noiseshield.eval;

import dev.noiseshield.model.Ensemble;
import dev.noiseshield.nn.NoiseMode;
import java.util.List;
import java.util.Objects;

/**
 * Settings of an evaluation.
 *
 * @param attacks attacks to run, each on the first {@code attackExamples} test images
 * @param repeats independent evaluations (seeds seed, seed+1, ...) for mean and std
 * @param ensembleDraws noise draws combined per prediction; 1 = single pass, 0 = the defense's preset
 *     ({@link #withPresetDraws}). Attacks attack the same
 *     ensemble the predictions come from
 * @param ensembleRule how the draws are combined
 * @param attackExamples test images attacked (0: all); clean accuracy always uses the whole test set
 * @param batchSize images per batch
 * @param noiseMode noise during attacks and predictions; ON for a noise defense, OFF to measure the
 *     mean network
 * @param seed seed of the first repeat
 */
public record EvalConfig(
        List<AttackSpec> attacks,
        int repeats,
        int ensembleDraws,
        Ensemble.Rule ensembleRule,
        int attackExamples,
        int batchSize,
        NoiseMode noiseMode,
        long seed) {

    public EvalConfig {
        attacks = List.copyOf(attacks);
        Objects.requireNonNull(noiseMode, "noiseMode");
        Objects.requireNonNull(ensembleRule, "ensembleRule");
        if (repeats < 1 || ensembleDraws < 0 || attackExamples < 0 || batchSize < 1) {
            throw new IllegalArgumentException(String.format(
                    "invalid evaluation settings: repeats=%d ensembleDraws=%d attackExamples=%d batchSize=%d",
                    repeats, ensembleDraws, attackExamples, batchSize));
        }
    }

    /** These settings with {@code ensembleDraws} 0 replaced by the defense's preset. */
    public EvalConfig withPresetDraws(int presetDraws) {
        return ensembleDraws != 0 ? this : new EvalConfig(attacks, repeats, presetDraws, ensembleRule, attackExamples,
                batchSize, noiseMode, seed);
    }
}
