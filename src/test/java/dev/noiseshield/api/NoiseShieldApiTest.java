package dev.noiseshield.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.noiseshield.TestData;
import dev.noiseshield.cli.NoiseShieldCli;
import dev.noiseshield.pipeline.TrainJob;
import dev.noiseshield.report.ReportWriter;
import dev.noiseshield.report.RobustnessReport;
import dev.noiseshield.run.Json;
import dev.noiseshield.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java API and the command line are the same tool: a training through {@link NoiseShield}
 * leaves the parameters {@code train} leaves with the same settings, and an evaluation through it
 * the report {@code evaluate} writes (but for wall-clock times), with the typed report returned
 * saying what report.json says.
 */
class NoiseShieldApiTest {
    @TempDir Path dir;

    @Test
    void theApiTrainsAndEvaluatesAsTheCommandLineDoes() throws Exception {
        Path data = TestData.writeMnistFolder(dir.resolve("data"), 64, 32);
        TrainJob.Outcome trained =
                NoiseShield.training("pni-w")
                        .dataset("mnist")
                        .dataDir(data)
                        .epochs(1)
                        .configure(c -> c.batchSize(32).attackSteps(1))
                        .out(dir.resolve("api"))
                        .log(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                        .run();
        int cli = TestData.trainOneEpoch(data, "pni-w", dir.resolve("cli"));
        assertEquals(0, cli);
        Path cliCheckpoint = Checkpoint.latestOf(dir.resolve("cli"));
        assertEquals(
                Checkpoint.read(cliCheckpoint).state.model(),
                Checkpoint.read(trained.checkpoint()).state.model());
        assertEquals(
                Checkpoint.read(cliCheckpoint).state.config(),
                Checkpoint.read(trained.checkpoint()).state.config());
        assertEquals(
                Checkpoint.read(cliCheckpoint).state.dataset(),
                Checkpoint.read(trained.checkpoint()).state.dataset());
        assertSameParameters(cliCheckpoint, trained.checkpoint());

        RobustnessReport report =
                NoiseShield.evaluation(trained.checkpoint())
                        .dataDir(data)
                        .attacks("fgsm", "pgd:steps=3")
                        .configure(c -> c.repeats(1).checks(false))
                        .out(dir.resolve("api-eval"))
                        .progress(line -> {})
                        .run();
        assertEquals(
                0,
                NoiseShieldCli.commandLine()
                        .execute(
                                "evaluate",
                                "--checkpoint",
                                trained.checkpoint().toString(),
                                "--data-dir",
                                data.toString(),
                                "--attacks",
                                "fgsm;pgd:steps=3",
                                "--repeats",
                                "1",
                                "--checks",
                                "false",
                                "--out",
                                dir.resolve("cli-eval").toString(),
                                "--quiet"));
        assertEquals(
                withoutTimings(dir.resolve("cli-eval")), withoutTimings(dir.resolve("api-eval")));
        assertEquals("pgd-3", report.attacks().get(1).name());
        assertEquals(
                Json.MAPPER
                        .readTree(dir.resolve("api-eval/report.json").toFile())
                        .get("attacks")
                        .get(1)
                        .get("accuracy")
                        .asDouble(),
                report.attacks().get(1).accuracy());
        assertTrue(Files.exists(dir.resolve("api-eval/report.html")));

        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> NoiseShield.training("pni-z"));
        assertTrue(unknown.getMessage().contains("pni-w"), unknown.getMessage());
    }

    /** The two checkpoints' networks hold the same parameters, bit for bit. */
    private static void assertSameParameters(Path a, Path b) throws Exception {
        try (ai.djl.ndarray.NDManager root = dev.noiseshield.run.ComputeDevice.newBaseManager();
                var first = Checkpoint.read(a).network(root, a);
                var second = Checkpoint.read(b).network(root, b)) {
            var left = first.parameters();
            var right = second.parameters();
            assertEquals(left.size(), right.size());
            for (int i = 0; i < left.size(); i++) {
                assertTrue(
                        java.util.Arrays.equals(
                                left.get(i).getValue().getArray().toFloatArray(),
                                right.get(i).getValue().getArray().toFloatArray()),
                        left.get(i).getKey());
            }
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode withoutTimings(Path folder)
            throws Exception {
        return ReportWriter.withoutTimings(
                Json.MAPPER.readTree(folder.resolve("report.json").toFile()));
    }
}
