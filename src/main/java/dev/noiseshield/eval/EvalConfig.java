package dev.noiseshield.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.data.Datasets;
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
 * @param radii the L-inf and L2 radii of everything the settings do not give one (the sanity
 *     checks, the default sweep attack), resolved once from {@code --eps}/{@code --eps-l2} or the
 *     data set's; null: the data set's, as the evaluation finds them
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
        boolean saveAdversarial,
        @JsonInclude(JsonInclude.Include.NON_NULL) Datasets.Radii radii)
        implements java.io.Serializable {

    /**
     * Test images per task by default: the embedded digits' 2,000 test images are one shard, so
     * that their numbers are those of the evaluator before shards; CIFAR's 10,000 are five.
     */
    public static final int DEFAULT_SHARD_SIZE = 2000;

    /** The attacks an evaluation runs unless told: the demo's, as {@code --attacks} writes them. */
    public static final List<String> DEFAULT_ATTACKS =
            List.of("fgsm", "pgd:steps=20", "pgd:steps=10,eot=5");

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
                false,
                null);
    }

    /** These settings with the radii, where they have none, of the data set evaluated. */
    public EvalConfig withRadiiOf(String dataset) {
        return radii != null ? this : toBuilder().radii(Datasets.radii(dataset)).build();
    }

    /**
     * One point of {@code --converge}'s growth: {@code spec} alone, one repeat (this evaluation's
     * seed), on every image it is given (the evaluation's attacked ones), without checks, sweeps or
     * saved examples. Every point of a growth therefore runs at the same place of its plan, so its
     * batches draw the same random starts and noise whatever the budget.
     */
    EvalConfig growthPoint(AttackSpec spec) {
        return toBuilder()
                .attacks(List.of(spec))
                .repeats(1)
                .attackExamples(0)
                .checks(false)
                .sweeps(List.of())
                .saveAdversarial(false)
                .build();
    }

    /** These settings with {@code ensembleDraws} 0 replaced by the defense's preset. */
    public EvalConfig withPresetDraws(int presetDraws) {
        return ensembleDraws != 0 ? this : toBuilder().ensembleDraws(presetDraws).build();
    }

    /**
     * The command line's defaults ({@code evaluate --help}) but for the attacks, which need the
     * data set's radii ({@link #DEFAULT_ATTACKS}): 5 repeats, the defense's preset ensemble by mean
     * probability, 10 scoring draws, every test image, batches of 250, shards of 2,000, noise on,
     * seed 100, the sanity checks on 200 images, no sweeps.
     */
    public static final EvalConfig DEFAULTS =
            new EvalConfig(
                    List.of(),
                    5,
                    0,
                    Ensemble.Rule.MEAN_PROB,
                    10,
                    0,
                    250,
                    DEFAULT_SHARD_SIZE,
                    NoiseMode.ON,
                    100L,
                    true,
                    200,
                    List.of(),
                    false,
                    null);

    /** A builder starting from {@link #DEFAULTS}. */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.attacks = attacks;
        b.repeats = repeats;
        b.ensembleDraws = ensembleDraws;
        b.ensembleRule = ensembleRule;
        b.scoringDraws = scoringDraws;
        b.attackExamples = attackExamples;
        b.batchSize = batchSize;
        b.shardSize = shardSize;
        b.noiseMode = noiseMode;
        b.seed = seed;
        b.checks = checks;
        b.checkExamples = checkExamples;
        b.sweeps = sweeps;
        b.saveAdversarial = saveAdversarial;
        b.radii = radii;
        return b;
    }

    /**
     * Settings one at a time, by name, the rest from where the builder started: the way a Java
     * program (and the command line) makes them, where the positional constructor invites swapped
     * arguments.
     */
    public static final class Builder {
        private List<AttackSpec> attacks;
        private int repeats;
        private int ensembleDraws;
        private Ensemble.Rule ensembleRule;
        private int scoringDraws;
        private int attackExamples;
        private int batchSize;
        private int shardSize;
        private NoiseMode noiseMode;
        private long seed;
        private boolean checks;
        private int checkExamples;
        private List<Sweep> sweeps;
        private boolean saveAdversarial;
        private Datasets.Radii radii;

        private Builder() {}

        public Builder attacks(List<AttackSpec> value) {
            this.attacks = value;
            return this;
        }

        public Builder repeats(int value) {
            this.repeats = value;
            return this;
        }

        public Builder ensembleDraws(int value) {
            this.ensembleDraws = value;
            return this;
        }

        public Builder ensembleRule(Ensemble.Rule value) {
            this.ensembleRule = value;
            return this;
        }

        public Builder scoringDraws(int value) {
            this.scoringDraws = value;
            return this;
        }

        public Builder attackExamples(int value) {
            this.attackExamples = value;
            return this;
        }

        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        public Builder shardSize(int value) {
            this.shardSize = value;
            return this;
        }

        public Builder noiseMode(NoiseMode value) {
            this.noiseMode = value;
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        public Builder checks(boolean value) {
            this.checks = value;
            return this;
        }

        public Builder checkExamples(int value) {
            this.checkExamples = value;
            return this;
        }

        public Builder sweeps(List<Sweep> value) {
            this.sweeps = value;
            return this;
        }

        public Builder saveAdversarial(boolean value) {
            this.saveAdversarial = value;
            return this;
        }

        public Builder radii(Datasets.Radii value) {
            this.radii = value;
            return this;
        }

        /** The settings; the same checks as the constructor. */
        public EvalConfig build() {
            return new EvalConfig(
                    attacks,
                    repeats,
                    ensembleDraws,
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
                    saveAdversarial,
                    radii);
        }
    }
}
