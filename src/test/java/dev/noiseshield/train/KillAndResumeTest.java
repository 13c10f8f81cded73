package dev.noiseshield.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.noiseshield.ChildCli;
import dev.noiseshield.TestData;
import dev.noiseshield.cli.NoiseShieldCli;
import dev.noiseshield.model.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run killed with SIGKILL at a random moment (a real child process, three times, at
 * seeded random points between its first and fourth checkpoints) resumes with --resume from its
 * last complete checkpoint and ends with exactly the parameters of an uninterrupted run.
 */
class KillAndResumeTest {
    @TempDir Path dir;

    @Test
    void killedRunsResumeToTheUninterruptedResult() throws Exception {
        Path data = TestData.writeMnistFolder(dir.resolve("data"), 192, 16);
        Path straight = dir.resolve("straight");
        assertEquals(0, NoiseShieldCli.commandLine().execute(args(data, straight, false)));
        Map<String, float[]> expected = parameters(straight.resolve("checkpoints/epoch-008.nsck"));

        Random delays = new Random(20261202);
        for (int trial = 0; trial < 3; trial++) {
            Path run = dir.resolve("killed-" + trial);
            Process child = ChildCli.start(run.resolve("log"), args(data, run, false));
            // after checkpoint k of 1..3, within the next epoch: a random point of the run,
            // sometimes in the middle of the next checkpoint's write
            Path first =
                    run.resolve(
                            String.format("checkpoints/epoch-%03d.nsck", 1 + delays.nextInt(3)));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!Files.exists(first) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(
                    Files.exists(first),
                    "the child wrote no checkpoint: " + Files.readString(run.resolve("log")));
            Thread.sleep(delays.nextInt(400));
            assertTrue(
                    child.isAlive(),
                    "the child finished before it was killed: "
                            + Files.readString(run.resolve("log")));
            child.destroyForcibly(); // SIGKILL, possibly in the middle of writing a checkpoint
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));

            assertEquals(
                    0,
                    NoiseShieldCli.commandLine().execute(args(data, run, true)),
                    "trial " + trial);
            Map<String, float[]> resumed = parameters(run.resolve("checkpoints/epoch-008.nsck"));
            assertEquals(expected.keySet(), resumed.keySet());
            for (String name : expected.keySet()) {
                assertArrayEquals(
                        expected.get(name), resumed.get(name), "trial " + trial + ", " + name);
            }
        }
    }

    private static String[] args(Path data, Path out, boolean resume) {
        List<String> a =
                new ArrayList<>(
                        List.of(
                                "train",
                                "--defense",
                                "pni-w",
                                "--dataset",
                                "mnist",
                                "--data-dir",
                                data.toString(),
                                "--epochs",
                                "8",
                                "--batch-size",
                                "32",
                                "--train-steps",
                                "1",
                                "--out",
                                out.toString()));
        if (resume) {
            a.add("--resume");
        }
        return a.toArray(String[]::new);
    }

    private static Map<String, float[]> parameters(Path checkpoint) throws Exception {
        Map<String, float[]> values = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager();
                Network network = Checkpoint.read(checkpoint).network(m, checkpoint)) {
            network.parameters()
                    .forEach(p -> values.put(p.getKey(), p.getValue().getArray().toFloatArray()));
        }
        return values;
    }
}
