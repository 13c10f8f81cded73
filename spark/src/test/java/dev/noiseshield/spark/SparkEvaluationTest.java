package dev.noiseshield.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.noiseshield.cli.NoiseShieldCli;
import dev.noiseshield.report.ReportWriter;
import dev.noiseshield.spark.plugin.FailingOnceFgsm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's evaluation (its attacks, scoring draws and sanity checks; fewer images and repeats, a
 * model trained for one short epoch) on Spark {@code local[2]} writes the report the single-machine
 * evaluator writes with the same seed: every accuracy, per repeat, every check and sweep point;
 * only the timings differ. Also when a task fails once and Spark runs it again, and when a driver
 * started again finds some tasks done; and the adversarial examples the executors save.
 */
class SparkEvaluationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    private static Path checkpoint;
    private static JsonNode singleMachine;

    @BeforeAll
    static void trainAndEvaluateOnOneMachine() throws Exception {
        Path run = dir.resolve("run");
        assertEquals(
                0,
                cli(
                        "train",
                        "--defense",
                        "pni-w",
                        "--epochs",
                        "1",
                        "--train-images",
                        "256",
                        "--train-steps",
                        "1",
                        "--out",
                        run.toString()));
        checkpoint = run.resolve("checkpoints/epoch-001.nsck");
        Path out = dir.resolve("single");
        assertEquals(0, cli(evaluate(out, null)));
        singleMachine = withoutTimings(out);
    }

    @AfterEach
    void noFault() {
        FailingOnceFgsm.failFirstAttemptOfPartition = -1;
    }

    @Test
    void localTwoGivesTheSingleMachineReport() throws Exception {
        Path out = dir.resolve("spark");
        String printed = printedBy(evaluate(out, "local[2]"));
        assertEquals(singleMachine, withoutTimings(out));
        assertEquals(8 + 1, files(out.resolve(TaskFiles.FOLDER)).size(), "8 tasks and identity");
        assertTrue(printed.contains("spark: 8 tasks (repeat x shard) on 2 task slots"), printed);
        assertTrue(printed.contains("evaluation tasks: 8/8 done"), printed);
    }

    @Test
    void aTaskThatFailsOnceIsRunAgainAndChangesNothing() throws Exception {
        // FGSM from a test plugin, reported as fgsm, failing in the second task's first attempt
        FailingOnceFgsm.failFirstAttemptOfPartition = 1;
        int before = FailingOnceFgsm.failures();
        Path out = dir.resolve("fault");
        String printed =
                printedBy(
                        evaluate(
                                out,
                                "local[2]",
                                "test-fgsm-failing-once;pgd:steps=20;pgd:steps=10,eot=5"));
        assertEquals(1, FailingOnceFgsm.failures() - before, "the injected failure happened");
        assertEquals(singleMachine, withoutTimings(out));
        assertTrue(
                printed.contains(
                        "a task failed (attempt 1: ExceptionFailure); Spark runs it again"),
                printed);
    }

    /**
     * A driver killed with SIGKILL (a real child process running the evaluation on local[2]) once
     * some tasks' results are on disk: started again, it runs only the missing tasks and writes the
     * single-machine report.
     */
    @Test
    void aDriverKilledPartWayResumesToTheSameReport() throws Exception {
        Path out = dir.resolve("killed");
        Path tasks = out.resolve(TaskFiles.FOLDER);
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "@" + Path.of("jvm.options").toAbsolutePath(),
                                "-Dai.djl.offline=true",
                                "-cp",
                                System.getProperty("java.class.path"),
                                NoiseShieldCli.class.getName()));
        command.addAll(List.of(evaluate(out, "local[2]")));
        Path log = dir.resolve("killed-driver.log");
        Process driver =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(3);
        while (shardFiles(tasks) < 2 && driver.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(
                driver.isAlive(), "the driver finished before the kill: " + Files.readString(log));
        driver.destroyForcibly(); // SIGKILL
        assertTrue(driver.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        int done = shardFiles(tasks);
        assertTrue(done >= 2 && done < 8, done + " of 8 tasks done at the kill");

        String killedIdentity = Files.readString(tasks.resolve("identity.json"));
        List<Path> left = files(tasks);
        String printed = printedBy(evaluate(out, "local[2]"));
        assertEquals(singleMachine, withoutTimings(out));
        assertTrue(
                printed.contains("tasks already done"),
                printed
                        + "\nleft by the kill: "
                        + left
                        + "\nidentity then: "
                        + killedIdentity
                        + "\nidentity now: "
                        + Files.readString(tasks.resolve("identity.json")));
    }

    /**
     * Result files of finished tasks; not the hidden temporary file a result is being written to
     * (AtomicFiles' {@code .NAME.tmp}), which a kill can leave behind and the next driver ignores:
     * counting those let the kill come before two results had landed, and the resumed run then had
     * none to reuse.
     */
    private static int shardFiles(Path tasks) throws Exception {
        if (!Files.isDirectory(tasks)) {
            return 0;
        }
        return (int)
                files(tasks).stream()
                        .map(p -> p.getFileName().toString())
                        .filter(name -> name.contains("shard") && !name.startsWith("."))
                        .count();
    }

    @Test
    void aDriverStartedAgainComputesOnlyTheMissingTasks() throws Exception {
        Path out = dir.resolve("restart");
        assertEquals(0, cli(evaluate(out, "local[2]")));
        Path tasks = out.resolve(TaskFiles.FOLDER);
        Map<Path, FileTime> kept = new HashMap<>();
        List<Path> results =
                files(tasks).stream().filter(p -> p.toString().contains("shard")).toList();
        for (int i = 0; i < results.size(); i++) {
            Path f = results.get(i);
            if (i % 3 == 0) {
                Files.delete(f); // as if the driver died before these arrived
            } else {
                Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000L));
                kept.put(f, Files.getLastModifiedTime(f));
            }
        }
        String printed = printedBy(evaluate(out, "local[2]"));
        assertEquals(singleMachine, withoutTimings(out));
        assertTrue(printed.contains("spark: 5 of 8 tasks already done"), printed);
        for (var e : kept.entrySet()) {
            assertEquals(e.getValue(), Files.getLastModifiedTime(e.getKey()), "recomputed");
        }
        assertEquals(results.size(), files(tasks).size() - 1);
    }

    @Test
    void anotherShardSizeIsAnotherEvaluation() throws Exception {
        Path out = dir.resolve("shards");
        List<String> args = new ArrayList<>(List.of(evaluate(out, "local[2]")));
        args.set(args.indexOf("--shard-size") + 1, "100");
        assertEquals(0, cli(args.toArray(String[]::new)));
        assertEquals(4 + 1, files(out.resolve(TaskFiles.FOLDER)).size());
        assertNotEquals(singleMachine.path("attacks"), withoutTimings(out).path("attacks"));
    }

    /**
     * The executors write the adversarial examples of their shards into OUT/adversarial: the same
     * files as a single-machine run, every tensor equal.
     */
    @Test
    void savedAdversarialExamplesAreTheSingleMachineOnes() throws Exception {
        Path single = dir.resolve("save-single");
        Path spark = dir.resolve("save-spark");
        assertEquals(0, cli(saving(single, null)));
        String printed = printedBy(saving(spark, "local[2]"));
        assertTrue(printed.contains("spark: 2 tasks"), printed);
        List<Path> expected = files(single.resolve("adversarial"));
        List<Path> written = files(spark.resolve("adversarial"));
        assertEquals(4, expected.size(), "fgsm and pgd, 2 shards: " + expected);
        assertEquals(
                expected.stream().map(Path::getFileName).toList(),
                written.stream().map(Path::getFileName).toList());
        try (NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < expected.size(); i++) {
                NDList a = NDList.decode(m, Files.readAllBytes(expected.get(i)));
                NDList b = NDList.decode(m, Files.readAllBytes(written.get(i)));
                assertEquals(9, a.size(), expected.get(i).toString());
                assertEquals(a.size(), b.size(), written.get(i).toString());
                for (int k = 0; k < a.size(); k++) {
                    assertEquals(a.get(k).getName(), b.get(k).getName());
                    assertEquals(a.get(k).getShape(), b.get(k).getShape());
                    assertArrayEquals(
                            a.get(k).toByteArray(),
                            b.get(k).toByteArray(),
                            written.get(i) + ": " + a.get(k).getName());
                }
            }
        }
    }

    /**
     * {@code --converge} on Spark runs each point of the growth as Spark tasks, kept under
     * OUT/converge/ATTACK, and grows the attack the single machine grows, to the same report.
     */
    @Test
    void convergeOnSparkGrowsAsOneMachineDoes() throws Exception {
        Path single = dir.resolve("converge-single");
        Path spark = dir.resolve("converge-spark");
        assertEquals(0, cli(converging(single, null)));
        String printed = printedBy(converging(spark, "local[2]"));
        assertEquals(withoutTimings(single), withoutTimings(spark));
        List<String> points =
                files(spark.resolve("converge")).stream()
                        .map(p -> p.getFileName().toString())
                        .toList();
        assertTrue(
                points.containsAll(List.of("pgd-2", "pgd-4", "eot-pgd-4x2", "eot-pgd-4x2-r2")),
                "the start, then one doubling of steps, EOT draws and restarts: " + points);
        for (String point : points) {
            assertEquals(
                    2 + 1,
                    files(spark.resolve("converge").resolve(point).resolve(TaskFiles.FOLDER))
                            .size(),
                    point + ": " + printed);
        }
        assertTrue(
                withoutTimings(spark).path("convergence").size() == 1,
                withoutTimings(spark).toString());
    }

    /** PGD-2 grown with a cap of 2 on 100 test images in 2 shards, one repeat, no checks. */
    private static String[] converging(Path out, String master) {
        return oneRepeatInTwoShards(
                out, master, "pgd:steps=2", "--converge", "--converge-cap", "2");
    }

    /** Two attacks on 100 test images in 2 shards, saving the adversarial examples. */
    private static String[] saving(Path out, String master) {
        return oneRepeatInTwoShards(out, master, "fgsm;pgd:steps=5", "--save-adversarial");
    }

    /** {@code attacks} once on 100 test images in 2 shards of 50, no checks, and {@code more}. */
    private static String[] oneRepeatInTwoShards(
            Path out, String master, String attacks, String... more) {
        List<String> args =
                evaluating(
                        out,
                        attacks,
                        "--repeats",
                        "1",
                        "--test-images",
                        "100",
                        "--eval-batch-size",
                        "50",
                        "--shard-size",
                        "50",
                        "--checks",
                        "false");
        args.addAll(List.of(more));
        return onMaster(args, master);
    }

    /** The demo's attacks and checks on 200 test images in 4 shards, 2 repeats. */
    private static String[] evaluate(Path out, String master) {
        return evaluate(out, master, "fgsm;pgd:steps=20;pgd:steps=10,eot=5");
    }

    /** The same with other attacks. */
    private static String[] evaluate(Path out, String master, String attacks) {
        List<String> a =
                evaluating(
                        out,
                        attacks,
                        "--repeats",
                        "2",
                        "--test-images",
                        "200",
                        "--eval-batch-size",
                        "50",
                        "--shard-size",
                        "50",
                        "--check-examples",
                        "20",
                        "--sweep",
                        "eps=0.1,0.2");
        return onMaster(a, master);
    }

    /** evaluate of the trained checkpoint into {@code out} with these attacks and options. */
    private static List<String> evaluating(Path out, String attacks, String... options) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "evaluate",
                                "--checkpoint",
                                checkpoint.toString(),
                                "--out",
                                out.toString(),
                                "--attacks",
                                attacks));
        args.addAll(List.of(options));
        return args;
    }

    /** The arguments, with {@code --spark master} unless master is null (no Spark). */
    static String[] onMaster(List<String> args, String master) {
        List<String> all = new ArrayList<>(args);
        if (master != null) {
            all.add("--spark");
            all.add(master);
        }
        return all.toArray(String[]::new);
    }

    static int cli(String... args) {
        return NoiseShieldCli.commandLine().execute(args);
    }

    /**
     * What the command printed on standard output (its progress lines), after it succeeded. The
     * Spark listener's lines are all in: closing the application drains its events.
     */
    static String printedBy(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, cli(args));
        } finally {
            System.setOut(original);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    static List<Path> files(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    /** The report without its wall-clock times, which no two runs share. */
    static JsonNode withoutTimings(Path reportFolder) throws Exception {
        return ReportWriter.withoutTimings(
                JSON.readTree(reportFolder.resolve("report.json").toFile()));
    }
}
