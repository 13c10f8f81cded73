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
    @Option(names = "--epochs", description = "Passes over the training set.")
    int epochs = TrainConfig.DEFAULTS.epochs();

    @Option(names = "--batch-size", description = "Images per training step.")
    int batchSize = TrainConfig.DEFAULTS.batchSize();

    @Option(names = "--lr", description = "Initial learning rate (SGD, Nesterov momentum).")
    float learningRate = TrainConfig.DEFAULTS.learningRate();

    @Option(names = "--momentum", description = "SGD momentum.")
    float momentum = TrainConfig.DEFAULTS.momentum();

    @Option(
            names = "--weight-decay",
            description = "Weight decay; never applied to PNI noise scales.")
    float weightDecay = TrainConfig.DEFAULTS.weightDecay();

    @Option(
            names = "--lr-milestones",
            split = ",",
            paramLabel = "EPOCH",
            description =
                    "Epochs (0-based) at whose start the learning rate is multiplied by"
                            + " --lr-decay.")
    List<Integer> lrMilestones = TrainConfig.DEFAULTS.lrMilestones();

    @Option(names = "--lr-decay", description = "Learning-rate factor at each milestone.")
    float lrDecay = TrainConfig.DEFAULTS.lrDecay();

    @Option(
            names = "--train-eps",
            paramLabel = "EPS",
            description =
                    "L-inf radius of the PGD training attack, as 0.3 or 8/255 (default: the data"
                            + " set's, 0.3 for MNIST, 8/255 for CIFAR-10/100).")
    String epsilon;

    @Option(names = "--train-steps", description = "PGD steps of the training attack.")
    int attackSteps = TrainConfig.DEFAULTS.attackSteps();

    @Option(
            names = "--train-step-size",
            description = "PGD step as a fraction of eps (0: 2.5 / steps).")
    float relativeStepSize = TrainConfig.DEFAULTS.relativeStepSize();

    @Option(
            names = "--train-attack-noise",
            description =
                    "The model's noise while the training attack makes its adversarial examples,"
                            + " ${COMPLETION-CANDIDATES}: on (the PNI paper's training), or off"
                            + " (its Table 1 ablation, where a scale diverges).")
    NoiseMode attackNoise = NoiseMode.ON;

    @Option(
            names = "--eps-warmup",
            description = "Epochs over which the training eps grows linearly from 0.")
    float epsilonWarmup = TrainConfig.DEFAULTS.epsilonWarmupEpochs();

    @Option(
            names = "--adv-weight",
            description = "Weight of CE(adversarial); CE(clean) gets 1 minus it.")
    float adversarialWeight = TrainConfig.DEFAULTS.adversarialWeight();

    @Option(names = "--seed", description = "Seed of initialisation, shuffling and noise.")
    long seed = TrainConfig.DEFAULTS.seed();

    @Option(
            names = "--augment",
            paramLabel = "standard|none",
            description =
                    "Training augmentation. standard: a random 32x32 crop of the image padded by 4"
                            + " pixels and a random horizontal flip, as the CIFAR papers train"
                            + " (default: standard on CIFAR-10/100, none on the digits).")
    Augment augment;

    @Option(
            names = "--train-images",
            paramLabel = "N",
            description = "Train on the first N training images only (0: all of them).")
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
