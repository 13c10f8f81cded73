package dev.noiseshield.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.attack.PgdSettings;
import dev.noiseshield.data.Batches;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.model.Network;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.run.ResidentMemory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The training loop: epochs of {@link AdversarialStep}s with noise ON and batch norm in training
 * mode, each step in a sub-manager closed after the step. After every epoch a checkpoint is written
 * atomically, so that {@link #resume} can continue an interrupted run. Initialisation, shuffling
 * and noise are seeded per epoch from the run's seed, which makes a resumed run repeat exactly what
 * an uninterrupted one would have done.
 */
public final class Trainer {
    private final Network network;
    private final TrainConfig config;
    private final String dataset;
    private final String defense;
    private final ImageDataset data;
    private final Path checkpointDir;
    private final NDManager root;
    private final NesterovSgd optimizer;
    private final AdversarialStep stepper;
    private final List<EpochStats> history;
    private TrainingListener listener = TrainingListener.NONE;

    /** A trainer for a freshly initialised network. */
    public Trainer(
            Network network,
            TrainConfig config,
            String dataset,
            String defense,
            ImageDataset data,
            Path checkpointDir,
            NDManager root) {
        this.optimizer = new NesterovSgd(config.momentum(), config.weightDecay(), root);
        this.network = network;
        this.config = config;
        this.dataset = dataset;
        this.defense = defense;
        this.data = data;
        this.checkpointDir = checkpointDir;
        this.root = root;
        this.stepper =
                new AdversarialStep(
                                network,
                                optimizer,
                                new PgdSettings(
                                        config.attackSteps(), config.relativeStepSize(), 1, true),
                                config.adversarialWeight(),
                                config.loss())
                        .attackNoise(config.noiseWhileAttacking());
        this.history = new ArrayList<>();
    }

    /**
     * A trainer that continues from a checkpoint: the network and optimizer state come from it; the
     * settings must be the checkpoint's, except that {@code epochs} may be larger.
     */
    public static Trainer resume(
            Checkpoint.Contents checkpoint,
            Network network,
            TrainConfig config,
            ImageDataset data,
            Path checkpointDir,
            NDManager root) {
        if (!checkpoint.state.config().sameRecipeAs(config)) {
            throw new IllegalArgumentException(
                    "cannot resume with settings other than the checkpoint's:\n  checkpoint: "
                            + checkpoint.state.config()
                            + "\n  requested:  "
                            + config);
        }
        Trainer trainer =
                new Trainer(
                        network,
                        config,
                        checkpoint.state.dataset(),
                        checkpoint.state.defense(),
                        data,
                        checkpointDir,
                        root);
        trainer.history.addAll(checkpoint.state.history());
        checkpoint.restoreOptimizer(trainer.optimizer, root);
        return trainer;
    }

    public Trainer listener(TrainingListener newListener) {
        this.listener = newListener;
        return this;
    }

    /** Runs the remaining epochs; returns the statistics of every epoch, resumed ones included. */
    public List<EpochStats> run() throws IOException {
        network.setNoiseMode(NoiseMode.ON);
        try {
            for (int epoch = history.size(); epoch < config.epochs(); epoch++) {
                EpochStats stats = runEpoch(epoch);
                history.add(stats);
                Checkpoint.save(
                        Checkpoint.fileFor(checkpointDir, epoch + 1),
                        new Checkpoint.State(
                                epoch + 1, dataset, defense, network.spec(), config, history),
                        network,
                        optimizer);
                listener.onEpoch(stats);
            }
        } finally {
            network.setBatchNormTraining(false);
            network.setParameterGradients(false);
            optimizer.close();
        }
        return List.copyOf(history);
    }

    private EpochStats runEpoch(int epoch) {
        root.getEngine().setRandomSeed((int) (config.seed() * 7919 + epoch));
        List<int[]> batches =
                Batches.shuffled(
                        data.size(),
                        config.batchSize(),
                        new Random(config.seed() * 1_000_003L + epoch));
        // its own generator, so that augmentation leaves the shuffling of a run without it as it
        // was
        Random augmentation = new Random(config.seed() * 2_000_029L + epoch);
        float lr = config.learningRateAt(epoch);
        EpochMeter meter = new EpochMeter(epoch + 1, lr, config.adversarial());
        network.setBatchNormTraining(true);
        for (int b = 0; b < batches.size(); b++) {
            float eps =
                    config.adversarial()
                            ? config.epsilonAt(epoch + (double) b / batches.size())
                            : 0f;
            try (NDManager step = root.newSubManager()) {
                trainStep(step, batches.get(b), augmentation, eps, lr, epoch + 1, b + 1, meter);
            }
            listener.onBatch(
                    epoch + 1,
                    b + 1,
                    batches.size(),
                    meter.snapshot(eps, ResidentMemory.currentMegabytes()));
        }
        return meter.snapshot(
                config.adversarial() ? config.epsilonAt(epoch + 1) : 0f,
                ResidentMemory.currentMegabytes());
    }

    private void trainStep(
            NDManager step,
            int[] indices,
            Random augmentation,
            float eps,
            float lr,
            int epoch,
            int batch,
            EpochMeter meter) {
        NDArray x = config.augment().batch(data, indices, augmentation, step);
        NDArray y = data.labels(indices, step);
        AdversarialStep.Result r = stepper.run(x, y, eps, lr, epoch, batch);
        meter.add(indices.length, r.loss(), r.cleanCorrect(), r.adversarialCorrect());
    }
}
