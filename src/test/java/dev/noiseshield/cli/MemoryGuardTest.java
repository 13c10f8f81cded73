package dev.noiseshield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.TestData;
import dev.noiseshield.run.Json;
import dev.noiseshield.run.MemoryGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An evaluation whose resident memory passes --max-memory stops with one line and keeps what it
 * finished. The guard's reading is replaced so that memory "passes" the limit on cue, in the middle
 * of the second attack: the clean scores and the first attack must be in the evaluation's journal,
 * and {@code --resume} must finish the evaluation from there.
 */
class MemoryGuardTest {
    @TempDir Path dir;

    @Test
    void evaluationStopsWithOneLineAndKeepsItsPerExampleResults() throws Exception {
        Path data = TestData.writeMnistFolder(dir.resolve("digits"), 64, 64);
        Path run = dir.resolve("run");
        assertEquals(0, TestData.trainOneEpoch(data, "pgd-at", run));
        // clean: 8 batch checks; fgsm: at most 2 batches x (batch + gradient) = 4; then pgd's
        // batch and steps
        AtomicInteger checks = new AtomicInteger();
        MemoryGuard.setReader(() -> checks.incrementAndGet() > 14 ? 5_000 : 10);
        List<String> evaluation =
                List.of(
                        "evaluate",
                        "--run",
                        run.toString(),
                        "--data-dir",
                        data.toString(),
                        "--repeats",
                        "1",
                        "--attack-examples",
                        "16",
                        "--eval-batch-size",
                        "8",
                        "--attacks",
                        "fgsm;pgd:steps=5",
                        "--checks",
                        "false");
        List<String> stopped = new ArrayList<>(evaluation);
        stopped.addAll(List.of("--max-memory", "1000"));
        CliRun refused;
        try {
            refused = CliRun.of(stopped.toArray(String[]::new));
        } finally {
            // the guard is process-wide: later tests in this JVM must not inherit the 1000 MB
            // ceiling
            MemoryGuard.setReader(null);
            MemoryGuard.setLimitMegabytes(MemoryGuard.defaultLimitMegabytes());
        }
        assertEquals(2, refused.code());
        String message = refused.err();
        assertFalse(message.contains("\n"), "one line: " + message);
        assertTrue(
                message.contains("passed the limit of 1000 MB") && message.contains("pgd-5"),
                message);
        Path journal = run.resolve("evaluation.journal");
        assertTrue(message.contains(journal.toString()) && message.contains("--resume"), message);
        assertFalse(
                Files.exists(run.resolve("report.json")),
                "no report for an evaluation that did not finish");

        List<JsonNode> batches = new ArrayList<>();
        List<String> lines = Files.readAllLines(journal);
        for (String line : lines.subList(1, lines.size())) {
            batches.add(Json.MAPPER.readTree(line));
        }
        // the attacks see only the first 16 digits that are right when clean
        long cleanCorrect =
                batches.stream()
                        .filter(b -> b.get("name").asText().equals("clean"))
                        .filter(b -> b.get("start").asInt() < 16)
                        .flatMap(
                                b ->
                                        java.util.stream.StreamSupport.stream(
                                                b.get("fractions").spliterator(), false))
                        .filter(f -> f.asDouble() > 0)
                        .count();
        assertTrue(cleanCorrect > 0, "the model is right on some digits");
        assertEquals(
                8 + (cleanCorrect + 7) / 8,
                batches.size(),
                "8 clean batches of 8 digits, fgsm's of the clean-correct; none of the stopped"
                        + " pgd");
        assertEquals(
                64,
                batches.stream()
                        .filter(b -> b.get("name").asText().equals("clean"))
                        .mapToInt(b -> b.get("fractions").size())
                        .sum());
        assertEquals(
                cleanCorrect,
                batches.stream()
                        .filter(b -> b.get("name").asText().equals("fgsm"))
                        .mapToInt(b -> b.get("fractions").size())
                        .sum());

        List<String> resumed = new ArrayList<>(evaluation);
        resumed.add("--resume");
        assertEquals(0, NoiseShieldCli.commandLine().execute(resumed.toArray(String[]::new)));
        assertTrue(Files.exists(run.resolve("report.json")));
        // pgd attacks the clean-correct digits fgsm left robust: at most fgsm's batches
        int pgdBatches = Files.readAllLines(journal).size() - 1 - batches.size();
        assertTrue(
                pgdBatches >= 1 && pgdBatches <= (cleanCorrect + 7) / 8,
                "only pgd's batches were computed again: " + pgdBatches);
    }

    @Test
    void negativeLimitIsRefused() {
        CliRun refused = CliRun.of("evaluate", "--run", dir.toString(), "--max-memory", "-5");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("--max-memory must be >= 0"), refused.err());
    }
}
