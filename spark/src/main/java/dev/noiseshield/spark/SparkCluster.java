package dev.noiseshield.spark;

import dev.noiseshield.eval.ShardPlan;
import dev.noiseshield.eval.ShardResult;
import dev.noiseshield.pipeline.Cluster;
import dev.noiseshield.pipeline.EvalTask;
import dev.noiseshield.pipeline.TrainJob;
import dev.noiseshield.run.AllocatorSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A Spark application that runs the tasks of evaluations (one Spark task per repeat x shard) and
 * the trainings of a comparison (one per defense). Executors load a model once and keep it ({@link
 * ExecutorModels}); the driver writes each task's result as it arrives ({@link TaskFiles}).
 */
final class SparkCluster implements Cluster {
    /** Attempts of a task in local mode, as spark.task.maxFailures gives on a cluster. */
    static final int LOCAL_ATTEMPTS = 4;

    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\d+|\\*)])?");

    private final JavaSparkContext spark;
    private final TaskProgress listener;
    private final Consumer<String> progress;

    private SparkCluster(JavaSparkContext spark, TaskProgress listener, Consumer<String> progress) {
        this.spark = spark;
        this.listener = listener;
        this.progress = progress;
    }

    /**
     * Starts the application on {@code master}; {@code submit} takes the master spark-submit set.
     */
    static SparkCluster start(String master, Consumer<String> progress) {
        SparkConf conf = new SparkConf().setAppName("noiseshield");
        if (master.equals("submit")) {
            if (!conf.contains("spark.master")) {
                throw new IllegalArgumentException(
                        "--spark submit: no master set; run under spark-submit --master URL, or"
                                + " give the master: --spark local[2]");
            }
        } else {
            conf.setMaster(withRetries(master));
        }
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false");
        } else {
            pluginJars().ifPresent(jars -> conf.setIfMissing("spark.jars", jars));
        }
        // executors started by a cluster manager lack the launcher's malloc settings, without
        // which they ran 2.2 times slower here (docs/spark.md); the driver's own values win
        AllocatorSettings.defaults()
                .forEach(
                        (key, value) ->
                                conf.setIfMissing(
                                        "spark.executorEnv." + key,
                                        System.getenv().getOrDefault(key, value)));
        JavaSparkContext spark = new JavaSparkContext(conf);
        spark.setLogLevel("WARN");
        TaskProgress listener = new TaskProgress(progress);
        spark.sc().addSparkListener(listener);
        progress.accept(
                "spark: "
                        + spark.master()
                        + ", "
                        + spark.defaultParallelism()
                        + " task slots, application "
                        + spark.sc().applicationId());
        return new SparkCluster(spark, listener, progress);
    }

    /**
     * The plugin jars of {@code NOISESHIELD_CLASSPATH} (README, "Adding an attack or a defense"),
     * comma-separated as {@code spark.jars} takes them: a cluster's executors need the plugins'
     * classes to run their attacks and build their noise layers. In local mode the executors are
     * the driver's threads and have them already.
     */
    static java.util.Optional<String> pluginJars() {
        String path = System.getenv("NOISESHIELD_CLASSPATH");
        if (path == null || path.isBlank()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(
                String.join(
                        ",",
                        java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                                .filter(s -> !s.isBlank())
                                .toList()));
    }

    /**
     * {@code local[N]} as {@code local[N,4]}: local mode runs a task once unless told, where a
     * cluster retries a failed task (spark.task.maxFailures, 4).
     */
    static String withRetries(String master) {
        Matcher m = LOCAL.matcher(master.trim());
        if (!m.matches()) {
            return master;
        }
        String threads = m.group(2) == null ? "1" : m.group(2);
        return "local[" + threads + "," + LOCAL_ATTEMPTS + "]";
    }

    @Override
    public List<ShardResult> evaluate(
            EvalTask evaluation,
            String identity,
            ShardPlan plan,
            Path out,
            Consumer<String> progress) {
        try {
            TaskFiles files = TaskFiles.open(out, identity, progress);
            Map<ShardPlan.Task, ShardResult> results = files.finished(plan);
            List<ShardPlan.Task> todo = new ArrayList<>(plan.tasks());
            todo.removeAll(results.keySet());
            if (!results.isEmpty()) {
                progress.accept(
                        "spark: "
                                + results.size()
                                + " of "
                                + plan.tasks().size()
                                + " tasks already done, in "
                                + files.folder());
            }
            if (!todo.isEmpty()) {
                run(evaluation, todo, files, results);
            }
            return new ArrayList<>(results.values());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private void run(
            EvalTask evaluation,
            List<ShardPlan.Task> todo,
            TaskFiles files,
            Map<ShardPlan.Task, ShardResult> results) {
        int slots = spark.defaultParallelism();
        progress.accept(
                "spark: "
                        + todo.size()
                        + " tasks (repeat x shard) on "
                        + slots
                        + " task slots"
                        + (todo.size() < slots
                                ? "; fewer tasks than slots: a smaller --shard-size makes more"
                                        + " (the shard size, like the batch size, is part of what"
                                        + " the numbers depend on)"
                                : ""));
        JavaRDD<ShardPlan.Task> tasks = spark.parallelize(todo, todo.size());
        listener.start("evaluation tasks", todo.size());
        spark.sc()
                .runJob(
                        tasks.rdd(),
                        new ScalaFunctions.PerPartition<ShardPlan.Task, String>(
                                task -> computeOnExecutor(evaluation, task)),
                        ScalaFunctions.partitions(todo.size()),
                        new ScalaFunctions.OnResult<String>(
                                (partition, json) -> keep(json, files, results)),
                        ScalaFunctions.classTag(String.class));
    }

    /** On an executor: one task, with the evaluation's model loaded once per executor. */
    private static String computeOnExecutor(EvalTask evaluation, ShardPlan.Task task) {
        return ExecutorModels.withWorker(evaluation, worker -> worker.compute(task).toJson());
    }

    /** On the driver, as a task's result arrives: into its file, then into the results. */
    private static void keep(
            String json, TaskFiles files, Map<ShardPlan.Task, ShardResult> results) {
        try {
            ShardResult result = ShardResult.fromJson(json, "a Spark task's result");
            files.write(result);
            results.put(result.task(), result);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    @Override
    public void train(List<TrainJob.Portable> jobs, Consumer<String> progress) {
        progress.accept("spark: " + jobs.size() + " trainings, one task each");
        listener.start("trainings", jobs.size());
        spark.parallelize(jobs, jobs.size()).map(SparkCluster::trainOnExecutor).collect();
    }

    /** On an executor: one training, alone in its process; returns its checkpoint. */
    private static String trainOnExecutor(TrainJob.Portable job) {
        return ExecutorModels.exclusive(
                () -> {
                    try {
                        return job.job().run(System.err, 60).checkpoint().toString();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e.getMessage(), e);
                    }
                });
    }

    @Override
    public void close() {
        spark.close();
    }
}
