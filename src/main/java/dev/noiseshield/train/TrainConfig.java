package dev.noiseshield.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.noiseshield.data.Augment;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.run.Json;
import java.util.List;

/**
 * Settings of a training run.
 *
 * @param epochs passes over the training set
 * @param batchSize examples per step
 * @param learningRate initial SGD learning rate
 * @param momentum SGD momentum (Nesterov)
 * @param weightDecay L2 decay on every parameter except PNI noise scales
 * @param lrMilestones epochs (0-based, at their start) where the learning rate is multiplied by
 *     lrDecay
 * @param lrDecay factor applied at each milestone
 * @param adversarial PGD adversarial training (true) or plain cross-entropy on clean inputs (false)
 * @param epsilon L-inf radius of the training attack
 * @param attackSteps PGD steps of the training attack
 * @param relativeStepSize PGD step as a fraction of epsilon (0: 2.5 / steps)
 * @param epsilonWarmupEpochs epochs over which epsilon grows linearly from 0 (0: full from the
 *     start)
 * @param adversarialWeight weight of CE(adv); CE(clean) gets 1 - it (PNI: 0.5)
 * @param seed seeds initialisation, shuffling and noise
 * @param loss TRADES instead of the Madry mix, and a noise regularizer ({@link
 *     TrainingLoss#STANDARD}: neither)
 * @param augment training augmentation (checkpoints of builds before it have none)
 * @param trainImages train on the first this many training images (0: all of them)
 * @param attackNoise the noise while the training attack runs ({@link #noiseWhileAttacking}); null
 *     for ON
 */
public record TrainConfig(
        int epochs,
        int batchSize,
        float learningRate,
        float momentum,
        float weightDecay,
        List<Integer> lrMilestones,
        float lrDecay,
        boolean adversarial,
        float epsilon,
        int attackSteps,
        float relativeStepSize,
        float epsilonWarmupEpochs,
        float adversarialWeight,
        long seed,
        TrainingLoss loss,
        Augment augment,
        int trainImages,
        @JsonInclude(JsonInclude.Include.NON_NULL) NoiseMode attackNoise)
        implements java.io.Serializable {

    public TrainConfig {
        // ON, the noise as every defense trains, is written as nothing: checkpoints from before
        // the setting existed keep their recipe
        attackNoise = attackNoise == NoiseMode.ON ? null : attackNoise;
        lrMilestones = List.copyOf(lrMilestones);
        loss = loss == null ? TrainingLoss.STANDARD : loss;
        augment = augment == null ? Augment.NONE : augment;
        require(trainImages >= 0, "train images must be >= 0 (0: all), got " + trainImages);
        require(
                !loss.trades() || adversarial,
                "TRADES needs adversarial training (an attack to maximise its KL term)");
        require(epochs >= 1, "epochs must be >= 1, got " + epochs);
        require(
                batchSize >= 2,
                "batch size must be >= 2 (batch norm needs two examples), got " + batchSize);
        require(
                learningRate > 0 && Float.isFinite(learningRate),
                "learning rate must be positive, got " + learningRate);
        require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
        require(
                weightDecay >= 0 && Float.isFinite(weightDecay),
                "weight decay must be >= 0, got " + weightDecay);
        require(lrDecay > 0 && lrDecay <= 1, "lr decay must be in (0, 1], got " + lrDecay);
        require(
                !adversarial || (epsilon > 0 && epsilon <= 1),
                "epsilon must be in (0, 1], got " + epsilon);
        require(!adversarial || attackSteps >= 1, "attack steps must be >= 1, got " + attackSteps);
        require(
                relativeStepSize >= 0 && Float.isFinite(relativeStepSize),
                "relative step must be >= 0");
        require(
                epsilonWarmupEpochs >= 0 && Float.isFinite(epsilonWarmupEpochs),
                "epsilon warm-up must be >= 0");
        require(
                adversarialWeight >= 0 && adversarialWeight <= 1,
                "adversarial weight must be in [0, 1], got " + adversarialWeight);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * The network's noise while the training attack makes its adversarial examples: ON (the PNI
     * paper's way, and the default), or OFF (its Table 1's second row, where the scales diverge).
     */
    public NoiseMode noiseWhileAttacking() {
        return attackNoise == null ? NoiseMode.ON : attackNoise;
    }

    /** The learning rate of an epoch under the step schedule. */
    public float learningRateAt(int epoch) {
        float lr = learningRate;
        for (int milestone : lrMilestones) {
            if (epoch >= milestone) {
                lr *= lrDecay;
            }
        }
        return lr;
    }

    /**
     * The training epsilon after {@code progressEpochs} (fractional) epochs, with the warm-up ramp.
     */
    public float epsilonAt(double progressEpochs) {
        if (epsilonWarmupEpochs <= 0) {
            return epsilon;
        }
        return (float) (epsilon * Math.min(1.0, progressEpochs / epsilonWarmupEpochs));
    }

    /**
     * Whether {@code other} is this recipe, its number of epochs aside: a resumed run may extend
     * the one it continues. Compared as the checkpoint stores the recipe, in JSON.
     */
    public boolean sameRecipeAs(TrainConfig other) {
        ObjectNode mine = Json.MAPPER.valueToTree(this);
        ObjectNode theirs = Json.MAPPER.valueToTree(other);
        mine.remove("epochs");
        theirs.remove("epochs");
        return mine.equals(theirs);
    }

    /**
     * The command line's defaults ({@code train --help}): 10 epochs of batch 64, SGD at 0.05 with
     * momentum 0.9 and decay 1e-4, the rate divided by 10 after epoch 8; PGD-5 adversarial training
     * at MNIST's 0.3 with the eps warm-up of 2 epochs, loss 0.5/0.5; seed 1; all training images.
     */
    public static final TrainConfig DEFAULTS =
            new TrainConfig(
                    10,
                    64,
                    0.05f,
                    0.9f,
                    1e-4f,
                    List.of(8),
                    0.1f,
                    true,
                    0.3f,
                    5,
                    0f,
                    2f,
                    0.5f,
                    1L,
                    TrainingLoss.STANDARD,
                    Augment.NONE,
                    0,
                    null);

    /** A builder starting from {@link #DEFAULTS}. */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.learningRate = learningRate;
        b.momentum = momentum;
        b.weightDecay = weightDecay;
        b.lrMilestones = lrMilestones;
        b.lrDecay = lrDecay;
        b.adversarial = adversarial;
        b.epsilon = epsilon;
        b.attackSteps = attackSteps;
        b.relativeStepSize = relativeStepSize;
        b.epsilonWarmupEpochs = epsilonWarmupEpochs;
        b.adversarialWeight = adversarialWeight;
        b.seed = seed;
        b.loss = loss;
        b.augment = augment;
        b.trainImages = trainImages;
        b.attackNoise = attackNoise;
        return b;
    }

    /**
     * Settings one at a time, by name, the rest from where the builder started: the way a Java
     * program (and the command line) makes them, where the positional constructor invites swapped
     * arguments.
     */
    public static final class Builder {
        private int epochs;
        private int batchSize;
        private float learningRate;
        private float momentum;
        private float weightDecay;
        private List<Integer> lrMilestones;
        private float lrDecay;
        private boolean adversarial;
        private float epsilon;
        private int attackSteps;
        private float relativeStepSize;
        private float epsilonWarmupEpochs;
        private float adversarialWeight;
        private long seed;
        private TrainingLoss loss;
        private Augment augment;
        private int trainImages;
        private NoiseMode attackNoise;

        private Builder() {}

        public Builder epochs(int value) {
            this.epochs = value;
            return this;
        }

        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        public Builder learningRate(float value) {
            this.learningRate = value;
            return this;
        }

        public Builder momentum(float value) {
            this.momentum = value;
            return this;
        }

        public Builder weightDecay(float value) {
            this.weightDecay = value;
            return this;
        }

        public Builder lrMilestones(List<Integer> value) {
            this.lrMilestones = value;
            return this;
        }

        public Builder lrDecay(float value) {
            this.lrDecay = value;
            return this;
        }

        public Builder adversarial(boolean value) {
            this.adversarial = value;
            return this;
        }

        public Builder epsilon(float value) {
            this.epsilon = value;
            return this;
        }

        public Builder attackSteps(int value) {
            this.attackSteps = value;
            return this;
        }

        public Builder relativeStepSize(float value) {
            this.relativeStepSize = value;
            return this;
        }

        public Builder epsilonWarmupEpochs(float value) {
            this.epsilonWarmupEpochs = value;
            return this;
        }

        public Builder adversarialWeight(float value) {
            this.adversarialWeight = value;
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        public Builder loss(TrainingLoss value) {
            this.loss = value;
            return this;
        }

        public Builder augment(Augment value) {
            this.augment = value;
            return this;
        }

        public Builder trainImages(int value) {
            this.trainImages = value;
            return this;
        }

        /** The noise while the training attack runs ({@link #noiseWhileAttacking}). */
        public Builder attackNoise(NoiseMode value) {
            this.attackNoise = value;
            return this;
        }

        /** The settings; the same checks as the constructor. */
        public TrainConfig build() {
            return new TrainConfig(
                    epochs,
                    batchSize,
                    learningRate,
                    momentum,
                    weightDecay,
                    lrMilestones,
                    lrDecay,
                    adversarial,
                    epsilon,
                    attackSteps,
                    relativeStepSize,
                    epsilonWarmupEpochs,
                    adversarialWeight,
                    seed,
                    loss,
                    augment,
                    trainImages,
                    attackNoise);
        }
    }
}
