package dev.noiseshield.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.ChildCli;
import dev.noiseshield.TestData;
import dev.noiseshield.cli.NoiseShieldCli;
import dev.noiseshield.eval.EvaluationJournal;
import dev.noiseshield.model.Network;
import dev.noiseshield.report.ReportWriter;
import dev.noiseshield.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up, made by the operating system's file-size limit on a child process (bash's
 * {@code ulimit -f}: a write past it fails with "File too large", as a full disk fails with "No
 * space left on device"; this machine cannot mount a small file system for a test). A training
 * whose next checkpoint cannot be written, and an evaluation whose journal cannot grow, stop with
 * one line naming the file and the cause, exit code 2; the previous checkpoint and the journal stay
 * usable, and {@code --resume} once space is back gives the numbers of a run never stopped.
 */
class FullDiskTest {
    @TempDir Path dir;

    @Test
    void aTrainingThatCannotWriteItsCheckpointStopsAndResumes() throws Exception {
        Path data = TestData.writeMnistFolder(dir.resolve("data"), 64, 32);
        Path straight = dir.resolve("straight");
        assertEquals(0, NoiseShieldCli.commandLine().execute(train(data, straight, 2, false)));
        Path run = dir.resolve("run");
        assertEquals(0, NoiseShieldCli.commandLine().execute(train(data, run, 1, false)));
        long checkpointBytes = Files.size(run.resolve("checkpoints/epoch-001.nsck"));

        String out = limited("train", (int) (checkpointBytes / 2048), train(data, run, 2, true));
        Path second = run.resolve("checkpoints/epoch-002.nsck");
        assertEquals(
                "error: " + second + ": cannot be written (File too large); nothing was written",
                lastLine(out),
                out);
        assertFalse(Files.exists(second));
        try (var files = Files.list(run.resolve("checkpoints"))) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
        Checkpoint.read(run.resolve("checkpoints/epoch-001.nsck")); // still whole: digest checked

        assertEquals(0, NoiseShieldCli.commandLine().execute(train(data, run, 2, true)));
        assertSameParameters(straight.resolve("checkpoints/epoch-002.nsck"), second);
    }

    @Test
    void anEvaluationWhoseJournalCannotGrowStopsAndResumes() throws Exception {
        Path data = TestData.writeMnistFolder(dir.resolve("data"), 64, 96);
        Path run = dir.resolve("run");
        assertEquals(0, TestData.trainOneEpoch(data, "pgd-at", run));
        Path checkpoint = run.resolve("checkpoints/epoch-001.nsck");
        Path straight = dir.resolve("straight");
        assertEquals(
                0,
                NoiseShieldCli.commandLine().execute(evaluate(data, checkpoint, straight, false)));
        long journalBytes = Files.size(straight.resolve(EvaluationJournal.FILE));

        Path out = dir.resolve("limited");
        String printed =
                limited(
                        "evaluate",
                        (int) Math.max(1, journalBytes / 2048),
                        evaluate(data, checkpoint, out, false));
        Path journal = out.resolve(EvaluationJournal.FILE);
        assertEquals(
                "error: cannot write " + journal + ": File too large", lastLine(printed), printed);
        assertFalse(Files.exists(out.resolve("report.json")));

        assertEquals(
                0, NoiseShieldCli.commandLine().execute(evaluate(data, checkpoint, out, true)));
        assertEquals(withoutTimings(straight), withoutTimings(out));
    }

    /** The command in a child process that may write no file over {@code kilobytes}; its output. */
    private String limited(String name, int kilobytes, String[] args) throws Exception {
        Path log = dir.resolve(name + "-limited.log");
        Process child = ChildCli.startWithFileLimit(log, kilobytes, args);
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the child finished");
        String out = Files.readString(log);
        assertEquals(2, child.exitValue(), out);
        assertFalse(out.contains("\tat "), "no stack trace: " + out);
        return out;
    }

    private static String lastLine(String out) {
        List<String> lines = out.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    private static String[] train(Path data, Path out, int epochs, boolean resume) {
        List<String> a =
                new ArrayList<>(
                        List.of(
                                "train",
                                "--defense",
                                "pgd-at",
                                "--dataset",
                                "mnist",
                                "--data-dir",
                                data.toString(),
                                "--epochs",
                                Integer.toString(epochs),
                                "--batch-size",
                                "32",
                                "--train-steps",
                                "1",
                                "--out",
                                out.toString(),
                                "--quiet"));
        if (resume) {
            a.add("--resume");
        }
        return a.toArray(String[]::new);
    }

    private static String[] evaluate(Path data, Path checkpoint, Path out, boolean resume) {
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
                                "fgsm;pgd:steps=3",
                                "--eval-batch-size",
                                "16",
                                "--checks",
                                "false",
                                "--quiet"));
        if (resume) {
            a.add("--resume");
        }
        return a.toArray(String[]::new);
    }

    private static JsonNode withoutTimings(Path folder) throws Exception {
        return ReportWriter.withoutTimings(
                Json.MAPPER.readTree(folder.resolve("report.json").toFile()));
    }

    private static void assertSameParameters(Path a, Path b) throws Exception {
        try (NDManager root = ComputeDevice.newBaseManager();
                Network first = Checkpoint.read(a).network(root, a);
                Network second = Checkpoint.read(b).network(root, b)) {
            var left = first.parameters();
            var right = second.parameters();
            for (int i = 0; i < left.size(); i++) {
                assertArrayEquals(
                        left.get(i).getValue().getArray().toFloatArray(),
                        right.get(i).getValue().getArray().toFloatArray(),
                        left.get(i).getKey());
            }
        }
    }
}
