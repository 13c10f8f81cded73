package dev.noiseshield.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.ChildCli;
import dev.noiseshield.TestData;
import dev.noiseshield.cli.NoiseShieldCli;
import dev.noiseshield.report.ReportWriter;
import dev.noiseshield.run.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An evaluation killed with SIGKILL (a real child process, three times, at seeded random points of
 * its journal) continues with {@code evaluate --resume} and writes the report of an uninterrupted
 * evaluation: every accuracy, per repeat, every check and sweep point equal; only the timings
 * differ. The model is a noisy one (PNI-W), so that a batch drawing other noise after the resume
 * would show.
 */
class EvaluationKillAndResumeTest {
    @TempDir Path dir;

    @Test
    void killedEvaluationsResumeToTheUninterruptedReport() throws Exception {
        Path data = TestData.writeMnistFolder(dir.resolve("data"), 64, 96);
        Path run = dir.resolve("run");
        assertEquals(0, TestData.trainOneEpoch(data, "pni-w", run));
        Path checkpoint = run.resolve("checkpoints/epoch-001.nsck");
        Path straight = dir.resolve("straight");
        assertEquals(
                0, NoiseShieldCli.commandLine().execute(args(data, checkpoint, straight, false)));
        JsonNode expected = withoutTimings(straight.resolve("report.json"));
        int batches = Files.readAllLines(straight.resolve(EvaluationJournal.FILE)).size() - 1;

        Random points = new Random(20261202);
        for (int trial = 0; trial < 3; trial++) {
            Path out = dir.resolve("killed-" + trial);
            Process child = ChildCli.start(out.resolve("log"), args(data, checkpoint, out, false));
            int killAfter = 2 + points.nextInt(batches / 2);
            Path journal = out.resolve(EvaluationJournal.FILE);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (lines(journal) <= killAfter && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(points.nextInt(50)); // sometimes in the middle of a line
            assertTrue(
                    child.isAlive(),
                    "the child finished before it was killed: "
                            + Files.readString(out.resolve("log")));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            int kept = lines(journal) - 1;
            assertTrue(
                    kept >= killAfter && kept < batches,
                    "killed after " + kept + " of " + batches + " batches");

            assertEquals(
                    0,
                    NoiseShieldCli.commandLine().execute(args(data, checkpoint, out, true)),
                    "trial " + trial);
            assertEquals(
                    expected,
                    withoutTimings(out.resolve("report.json")),
                    "trial " + trial + ", killed after " + kept + " batches");
        }
    }

    private static String[] args(Path data, Path checkpoint, Path out, boolean resume) {
        List<String> a =
                new ArrayList<>(
                        List.of(
                                "evaluate",
                                "--checkpoint",
                                checkpoint.toString(),
                                "--data-dir",
                                data.toString(),
                                "--out",
                                out.toString(),
                                "--repeats",
                                "2",
                                "--attacks",
                                "fgsm;pgd:steps=5,eot=2",
                                "--eval-batch-size",
                                "16",
                                "--attack-examples",
                                "48",
                                "--scoring-draws",
                                "3",
                                "--check-examples",
                                "32",
                                "--sweep",
                                "eps=0.1,0.2"));
        if (resume) {
            a.add("--resume");
        }
        return a.toArray(String[]::new);
    }

    private static int lines(Path file) throws Exception {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] bytes = Files.readAllBytes(file);
        int n = 0;
        for (byte b : bytes) {
            n += b == '\n' ? 1 : 0;
        }
        return n;
    }

    private static JsonNode withoutTimings(Path report) throws Exception {
        return ReportWriter.withoutTimings(Json.MAPPER.readTree(report.toFile()));
    }
}
