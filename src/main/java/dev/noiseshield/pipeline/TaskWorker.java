package dev.noiseshield.pipeline;

import ai.djl.ndarray.NDManager;
import dev.noiseshield.data.Datasets;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.eval.RobustnessEvaluator;
import dev.noiseshield.eval.ShardPlan;
import dev.noiseshield.eval.ShardResult;
import dev.noiseshield.model.EvaluatedModel;
import dev.noiseshield.model.Network;
import dev.noiseshield.run.ComputeDevice;
import dev.noiseshield.run.EngineThreads;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The model and test images of an evaluation, loaded once in a process that computes its tasks (a
 * Spark executor), and the evaluator that computes them. Not thread-safe: PyTorch's random
 * generator and DJL's gradient collector are one per process, so one task at a time per process.
 */
public final class TaskWorker implements AutoCloseable {
    private final EvalTask evaluation;
    private final NDManager root;
    private final ImageDataset test;
    private final EvaluatedModel network;
    private final RobustnessEvaluator evaluator;

    private TaskWorker(
            EvalTask evaluation,
            NDManager root,
            ImageDataset test,
            EvaluatedModel network,
            RobustnessEvaluator evaluator) {
        this.evaluation = evaluation;
        this.root = root;
        this.test = test;
        this.network = network;
        this.evaluator = evaluator;
    }

    /**
     * Loads the evaluation's model and data on its device.
     *
     * @param progress where the tasks' progress lines go
     */
    public static TaskWorker open(EvalTask evaluation, Consumer<String> progress)
            throws IOException {
        ComputeDevice.select(evaluation.device());
        ImageDataset test =
                Datasets.load(
                                evaluation.dataset(),
                                evaluation.dataDir() == null ? null : Path.of(evaluation.dataDir()))
                        .withTestImages(evaluation.testImages())
                        .test();
        ModelSource source = evaluation.source();
        NDManager root = ComputeDevice.newBaseManager();
        try {
            EvaluatedModel network = source.open(root, test, evaluation.dataset());
            Map<String, Network> sources = new HashMap<>();
            RobustnessEvaluator evaluator =
                    new RobustnessEvaluator(evaluation.config(), progress)
                            .adversarialDir(
                                    evaluation.adversarialDir() == null
                                            ? null
                                            : Path.of(evaluation.adversarialDir()))
                            .sources(
                                    path ->
                                            sources.computeIfAbsent(
                                                    path, p -> EvalJob.loadSource(p, root, test)));
            return new TaskWorker(evaluation, root, test, network, evaluator);
        } catch (IOException | RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /** The evaluation it computes tasks of. */
    public EvalTask evaluation() {
        return evaluation;
    }

    /** One task of the evaluation. */
    public ShardResult compute(ShardPlan.Task task) {
        EngineThreads.autogradOff(); // a Spark task's thread is not the engine's
        return evaluator.evaluateTask(network, test, evaluation.dataset(), task, root);
    }

    @Override
    public void close() {
        network.close();
        root.close();
    }
}
