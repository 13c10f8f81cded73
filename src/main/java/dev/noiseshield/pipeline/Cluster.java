package dev.noiseshield.pipeline;

import dev.noiseshield.eval.ShardPlan;
import dev.noiseshield.eval.ShardResult;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * Where the tasks of evaluations and trainings run when {@code --spark MASTER} sends them away: the
 * module {@code noiseshield-spark} provides it; the core only knows this interface, so that it
 * never pulls Spark in.
 */
public interface Cluster extends AutoCloseable {
    /**
     * Every task of {@code plan}, in any order. The results of finished tasks are kept under {@code
     * out}, so that a driver started again computes only the others.
     *
     * @param identity what the results depend on (checkpoint, data, settings; JSON): results kept
     *     under another identity are not used
     */
    List<ShardResult> evaluate(
            EvalTask evaluation,
            String identity,
            ShardPlan plan,
            Path out,
            Consumer<String> progress);

    /** Runs each training as its own task; their checkpoints go to the jobs' (shared) folders. */
    void train(List<TrainJob.Portable> jobs, Consumer<String> progress);

    @Override
    void close();

    /** Connects to a Spark master URL; found with {@link ServiceLoader}. */
    interface Connector {
        Cluster connect(String master, Consumer<String> progress);
    }

    /**
     * The cluster at {@code master}.
     *
     * @throws IllegalArgumentException when the Spark module is not on the class path, saying how
     *     to run with it
     */
    static Cluster connect(String master, Consumer<String> progress) {
        return connector().connect(master, progress);
    }

    /**
     * The Spark module's connector.
     *
     * @throws IllegalArgumentException when the module is not on the class path, saying how to run
     *     with it
     */
    static Connector connector() {
        return ServiceLoader.load(Connector.class)
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "--spark: the Spark module (noiseshield-spark) is not on"
                                            + " the class path; run the command with ./noiseshield,"
                                            + " which adds it when it sees --spark, or with"
                                            + " spark-submit (README, Spark)"));
    }
}
