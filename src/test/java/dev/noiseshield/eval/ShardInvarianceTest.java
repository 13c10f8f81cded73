package dev.noiseshield.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.TestData;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.data.Datasets;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.model.Ensemble;
import dev.noiseshield.model.EvaluatedModel;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.pipeline.ModelSource;
import dev.noiseshield.report.ReportWriter;
import dev.noiseshield.report.RobustnessReport;
import dev.noiseshield.run.ComputeDevice;
import dev.noiseshield.run.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The number of processes that run an evaluation's tasks never changes its report: the tasks of a
 * sharded evaluation computed in reverse order, each by a fresh evaluator after unrelated random
 * draws, and carried through JSON as they are between processes, give the report of the tasks run
 * here in order, every accuracy, check and sweep point equal. The model is a noisy one (PNI-W), so
 * that a task drawing other noise would show.
 */
class ShardInvarianceTest {
    @TempDir static Path dir;
    private static ModelSource source;
    private static ImageDataset test;

    @BeforeAll
    static void trainOneEpoch() throws Exception {
        Path data = TestData.writeMnistFolder(dir.resolve("data"), 64, 96);
        Path run = dir.resolve("run");
        assertEquals(0, TestData.trainOneEpoch(data, "pni-w", run));
        source = ModelSource.checkpoint(run.resolve("checkpoints/epoch-001.nsck"));
        test = Datasets.load("mnist", data).test();
    }

    @Test
    void tasksInAnyOrderAndProcessGiveTheSameReport() throws Exception {
        EvalConfig config = config(32);
        try (NDManager root = ComputeDevice.newBaseManager();
                EvaluatedModel network = source.open(root, test, "mnist")) {
            RobustnessEvaluator here = new RobustnessEvaluator(config, line -> {});
            ShardPlan plan = here.plan(test);
            assertEquals(3, plan.shards(), "96 images in shards of 32");
            JsonNode inOrder = withoutTimings(here.evaluate(network, test, "mnist", "pni-w", root));

            List<String> order = new ArrayList<>();
            RobustnessEvaluator.TaskRunner reversed = reversedOrder(network, root, order);
            JsonNode elsewhere =
                    withoutTimings(
                            new RobustnessEvaluator(config, line -> {})
                                    .tasks(reversed)
                                    .evaluate(network, test, "mnist", "pni-w", root));
            assertEquals(6, order.size(), "2 repeats x 3 shards: " + order);
            assertEquals("repeat-1-shard-2", order.get(0));
            assertEquals(inOrder, elsewhere);
            assertEquals(2, inOrder.path("sweeps").size() - checkSweeps(inOrder));

            JsonNode oneShard =
                    withoutTimings(
                            new RobustnessEvaluator(config(96), line -> {})
                                    .evaluate(network, test, "mnist", "pni-w", root));
            assertNotEquals(
                    inOrder.path("attacks"),
                    oneShard.path("attacks"),
                    "the shard size decides the batches, as the batch size does");
        }
    }

    /**
     * {@code --converge}'s growth is a series of one-attack evaluations of the attacked images: its
     * points, curves and grown attack are the same when their tasks run elsewhere in another order
     * (Spark) as here, and every point draws the same seeds (the same point evaluated twice gives
     * the same scores, so two points differ by their budget alone).
     */
    @Test
    void convergeGrowsTheSameWhenItsTasksRunElsewhere() throws Exception {
        EvalConfig config = config(32);
        Convergence.Settings settings = new Convergence.Settings(List.of("eot-pgd-3x2"), 0.01, 2);
        try (NDManager root = ComputeDevice.newBaseManager();
                EvaluatedModel network = source.open(root, test, "mnist")) {
            Convergence.Outcome here =
                    new RobustnessEvaluator(config, line -> {})
                            .converge(network, test, settings, root);
            List<String> order = new ArrayList<>();
            Convergence.Outcome elsewhere =
                    new RobustnessEvaluator(config, line -> {})
                            .tasks(reversedOrder(network, root, order))
                            .converge(network, test, settings, root);
            assertTrue(
                    order.size() >= 4 * 3 && order.size() % 3 == 0,
                    "start, steps, draws and restarts doubled once (and the settings confirmed),"
                            + " each point on 80 attacked images in 3 shards: "
                            + order);
            assertEquals(Json.MAPPER.valueToTree(here), Json.MAPPER.valueToTree(elsewhere));
            assertEquals(here.found().get(0).attack(), here.attacks().get(1).name());
        }
    }

    /**
     * Tasks computed elsewhere write their adversarial examples themselves: the files a run here
     * writes, when they write into the folder the evaluation was given; when they wrote on their
     * own disks, the evaluation says so in one line instead of reporting files that are not there.
     */
    @Test
    void adversarialExamplesOfTasksElsewhereAreFoundOrMissedInOneLine() throws Exception {
        EvalConfig config = savingConfig();
        try (NDManager root = ComputeDevice.newBaseManager();
                EvaluatedModel network = source.open(root, test, "mnist")) {
            Path here = dir.resolve("here");
            new RobustnessEvaluator(config, line -> {})
                    .adversarialDir(here)
                    .evaluate(network, test, "mnist", "pni-w", root);
            ShardPlan plan = new RobustnessEvaluator(config, line -> {}).plan(test);
            List<Path> expected = ShardRun.adversarialFiles(here, config, plan);
            assertEquals(2 * 3, expected.size(), "2 cascade members x 3 shards");
            assertEquals(expected, files(here));

            Path shared = dir.resolve("shared");
            new RobustnessEvaluator(config, line -> {})
                    .tasks((c, p) -> tasksWritingInto(shared, c, p, network, root))
                    .adversarialDir(shared)
                    .evaluate(network, test, "mnist", "pni-w", root);
            assertEquals(
                    expected.stream().map(f -> shared.resolve(f.getFileName())).toList(),
                    files(shared));

            Path ownDisk = dir.resolve("executor-disk");
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    new RobustnessEvaluator(config, line -> {})
                                            .tasks(
                                                    (c, p) ->
                                                            tasksWritingInto(
                                                                    ownDisk, c, p, network, root))
                                            .adversarialDir(dir.resolve("not-shared"))
                                            .evaluate(network, test, "mnist", "pni-w", root));
            assertTrue(
                    e.getMessage().contains("--out must be a folder every machine sees"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("not-shared"), e.getMessage());
        }
    }

    /**
     * Tasks computed one by one in the reverse of the plan's order, each after a reseeding of the
     * engine, their results passed through JSON: as another process would hand them back. The
     * images are the plan's (a growth point's plan covers only the attacked ones).
     */
    private static RobustnessEvaluator.TaskRunner reversedOrder(
            EvaluatedModel network, NDManager root, List<String> order) {
        return (config, plan) -> {
            List<ShardPlan.Task> tasks = new ArrayList<>(plan.tasks());
            Collections.reverse(tasks);
            List<ShardResult> results = new ArrayList<>();
            ImageDataset images = test.head(plan.testImages());
            for (ShardPlan.Task task : tasks) {
                order.add(task.name());
                root.getEngine().setRandomSeed(order.size() * 7919);
                ShardResult result =
                        new RobustnessEvaluator(config, line -> {})
                                .evaluateTask(network, images, "mnist", task, root);
                results.add(throughJson(result));
            }
            return results;
        };
    }

    private static List<ShardResult> tasksWritingInto(
            Path folder,
            EvalConfig config,
            ShardPlan plan,
            EvaluatedModel network,
            NDManager root) {
        RobustnessEvaluator elsewhere =
                new RobustnessEvaluator(config, line -> {}).adversarialDir(folder);
        return plan.tasks().stream()
                .map(task -> elsewhere.evaluateTask(network, test, "mnist", task, root))
                .toList();
    }

    private static List<Path> files(Path folder) throws java.io.IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    /**
     * One repeat of a two-member cascade (AutoAttack-rand) on 3 shards, no checks, saving
     * adversarial examples.
     */
    private static EvalConfig savingConfig() {
        return new EvalConfig(
                List.of(AttackSpec.parse("autoattack-rand:steps=2,eot=2", 0.3f)),
                1,
                1,
                Ensemble.Rule.MEAN_PROB,
                2,
                0,
                32,
                32,
                NoiseMode.ON,
                7,
                false,
                24,
                List.of(),
                true,
                null);
    }

    private static EvalConfig config(int shardSize) {
        return new EvalConfig(
                List.of(
                        AttackSpec.parse("fgsm", 0.3f),
                        AttackSpec.parse("pgd:steps=3,eot=2", 0.3f),
                        AttackSpec.parse("autoattack-rand:steps=2,eot=2", 0.3f)),
                2,
                1,
                Ensemble.Rule.MEAN_PROB,
                3,
                80,
                16,
                shardSize,
                NoiseMode.ON,
                7,
                true,
                24,
                List.of(Sweep.parse("eps=0.1,0.2")),
                false,
                null);
    }

    private static ShardResult throughJson(ShardResult result) {
        try {
            return ShardResult.fromJson(result.toJson(), "a task's result");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sweep points the sanity checks add (all but the user's). */
    private static int checkSweeps(JsonNode report) {
        int n = 0;
        for (JsonNode point : report.path("sweeps")) {
            n += point.path("sweep").asText().equals("user") ? 0 : 1;
        }
        return n;
    }

    private static JsonNode withoutTimings(RobustnessReport report) {
        return ReportWriter.withoutTimings(Json.MAPPER.valueToTree(report));
    }
}
