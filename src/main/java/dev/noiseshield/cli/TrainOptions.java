package dev.noiseshield.cli;

import dev.noiseshield.data.Augment;
import dev.noiseshield.data.Datasets;
import dev.noiseshield.defense.DefenseKind;
import dev.noiseshield.defense.DefenseOptions;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.train.TrainConfig;
import java.util.List;
import picocli.CommandLine.Option;

/** Training options shared by {@code train} and {@code demo}; defaults suit the embedded digits. */
final class TrainOptions {
    @Option(names = "--epochs", paramLabel = "N")
    int epochs = TrainConfig.DEFAULTS.epochs();

    @Option(names = "--batch-size", paramLabel = "N")
    int batchSize = TrainConfig.DEFAULTS.batchSize();

    @Option(names = "--lr", paramLabel = "RATE")
    float learningRate = TrainConfig.DEFAULTS.learningRate();

    @Option(names = "--momentum", paramLabel = "MOMENTUM")
    float momentum = TrainConfig.DEFAULTS.momentum();

    @Option(names = "--weight-decay", paramLabel = "DECAY")
    float weightDecay = TrainConfig.DEFAULTS.weightDecay();

    @Option(names = "--lr-milestones", split = ",", paramLabel = "EPOCH")
    List<Integer> lrMilestones = TrainConfig.DEFAULTS.lrMilestones();

    @Option(names = "--lr-decay", paramLabel = "FACTOR")
    float lrDecay = TrainConfig.DEFAULTS.lrDecay();

    @Option(names = "--train-eps", paramLabel = "EPS")
    String epsilon;

    @Option(names = "--train-steps", paramLabel = "N")
    int attackSteps = TrainConfig.DEFAULTS.attackSteps();

    @Option(names = "--train-step-size", paramLabel = "FRACTION")
    float relativeStepSize = TrainConfig.DEFAULTS.relativeStepSize();

    @Option(names = "--train-attack-noise", paramLabel = "ON|OFF")
    NoiseMode attackNoise = NoiseMode.ON;

    @Option(names = "--eps-warmup", paramLabel = "EPOCHS")
    float epsilonWarmup = TrainConfig.DEFAULTS.epsilonWarmupEpochs();

    @Option(names = "--adv-weight", paramLabel = "WEIGHT")
    float adversarialWeight = TrainConfig.DEFAULTS.adversarialWeight();

    @Option(names = "--seed", descriptionKey = "train.seed", paramLabel = "N")
    long seed = TrainConfig.DEFAULTS.seed();

    @Option(names = "--augment", paramLabel = "standard|none")
    Augment augment;

    @Option(names = "--train-images", paramLabel = "N", descriptionKey = "train.train-images")
    int trainImages = TrainConfig.DEFAULTS.trainImages();

    /** The training settings on a data set, whose L-inf radius is the default of --train-eps. */
    TrainConfig toConfig(DefenseKind defense, DefenseOptions options, String dataset) {
        OptionChecks.atLeast("--epochs", epochs, 1);
        OptionChecks.atLeast("--batch-size", batchSize, 2); // batch norm needs two examples
        OptionChecks.positive("--lr", learningRate);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("--momentum must be in [0, 1), got " + momentum);
        }
        OptionChecks.notNegative("--weight-decay", weightDecay);
        lrMilestones.forEach(m -> OptionChecks.atLeast("--lr-milestones", m, 0));
        OptionChecks.within("--lr-decay", lrDecay, 0, false, 1);
        float radius =
                OptionChecks.radius("--train-eps", epsilon, Datasets.radii(dataset).linf(), 1);
        OptionChecks.atLeast("--train-steps", attackSteps, 1);
        OptionChecks.notNegative("--train-step-size", relativeStepSize);
        OptionChecks.notNegative("--eps-warmup", epsilonWarmup);
        OptionChecks.within("--adv-weight", adversarialWeight, 0, true, 1);
        OptionChecks.notNegative("--train-images", trainImages);
        return TrainConfig.builder()
                .epochs(epochs)
                .batchSize(batchSize)
                .learningRate(learningRate)
                .momentum(momentum)
                .weightDecay(weightDecay)
                .lrMilestones(lrMilestones)
                .lrDecay(lrDecay)
                .adversarial(defense.adversarialTraining(options))
                .epsilon(radius)
                .attackSteps(attackSteps)
                .relativeStepSize(relativeStepSize)
                .epsilonWarmupEpochs(epsilonWarmup)
                .adversarialWeight(adversarialWeight)
                .seed(seed)
                .loss(defense.trainingLoss(options))
                .augment(augment != null ? augment : Augment.defaultFor(dataset))
                .trainImages(trainImages)
                .attackNoise(attackNoise)
                .build();
    }
}
