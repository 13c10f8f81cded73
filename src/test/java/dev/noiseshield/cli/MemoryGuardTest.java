package dev.noiseshield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.TestData;
import dev.noiseshield.run.Json;
import dev.noiseshield.run.MemoryGuard;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * An evaluation whose resident memory passes --max-memory stops with one line and keeps what it
 * finished. The guard's reading is replaced so that memory "passes" the limit on cue, in the middle
 * of the second attack: the clean scores and the first attack must be in partial-results.json.
 */
class MemoryGuardTest {
    @TempDir
    Path dir;

    @Test
    void evaluationStopsWithOneLineAndKeepsItsPerExampleResults() throws Exception {
        Path data = TestData.writeMnistFolder(dir.resolve("digits"), 64, 64);
        Path run = dir.resolve("run");
        assertEquals(0, NoiseShieldCli.commandLine().execute("train", "--defense", "pgd-at", "--dataset", "mnist",
                "--data-dir", data.toString(), "--epochs", "1", "--batch-size", "32", "--train-steps", "1",
                "--out", run.toString()));
        // clean: 8 batch checks; fgsm: 2 batches x (batch + gradient) = 4; then pgd's batch and first step
        AtomicInteger checks = new AtomicInteger();
        MemoryGuard.setReader(() -> checks.incrementAndGet() > 14 ? 5_000 : 10);
        StringWriter err = new StringWriter();
        CommandLine cli = NoiseShieldCli.commandLine();
        cli.setErr(new PrintWriter(err));
        int code;
        try {
            code = cli.execute("evaluate", "--run", run.toString(), "--data-dir", data.toString(), "--repeats", "1",
                    "--attack-examples", "16", "--eval-batch-size", "8", "--attacks", "fgsm;pgd:steps=5",
                    "--checks", "false", "--max-memory", "1000");
        } finally {
            // the guard is process-wide: later tests in this JVM must not inherit the 1000 MB ceiling
            MemoryGuard.setReader(null);
            MemoryGuard.setLimitMegabytes(MemoryGuard.defaultLimitMegabytes());
        }
        assertEquals(2, code);
        String message = err.toString().strip();
        assertFalse(message.contains("\n"), "one line: " + message);
        assertTrue(message.contains("passed the limit of 1000 MB") && message.contains("pgd-5"), message);
        Path partial = run.resolve("partial-results.json");
        assertTrue(message.contains(partial.toString()), message);
        assertFalse(Files.exists(run.resolve("report.json")), "no report for an evaluation that did not finish");

        JsonNode results = Json.MAPPER.readTree(partial.toFile()).get("results");
        assertEquals("clean", results.get(0).get("attack").asText());
        assertEquals(64, results.get(0).get("examplesDone").asInt());
        assertEquals(64, results.get(0).get("fractions").size());
        assertEquals("fgsm", results.get(1).get("attack").asText());
        assertEquals(16, results.get(1).get("fractions").size());
        JsonNode last = results.get(results.size() - 1);
        assertEquals("pgd-5", last.get("attack").asText());
        assertTrue(last.get("examplesDone").asInt() < 16);
        assertEquals(last.get("examplesDone").asInt(), last.get("fractions").size());
    }

    @Test
    void negativeLimitIsRefused() {
        StringWriter err = new StringWriter();
        CommandLine cli = NoiseShieldCli.commandLine();
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("evaluate", "--run", dir.toString(), "--max-memory", "-5"));
        assertTrue(err.toString().contains("--max-memory must be >= 0"), err.toString());
    }
}
