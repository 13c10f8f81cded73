package dev.noiseshield.spark;

import static dev.noiseshield.spark.SparkEvaluationTest.cli;
import static dev.noiseshield.spark.SparkEvaluationTest.printedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins in Spark tasks: a defense with its own noise layer and an attack, added by classes on the
 * class path only ({@code dev.noiseshield.spark.plugin}, registered in the test resources'
 * META-INF/services, as a plugin jar registers them), train, then evaluate on {@code local[2]}; the
 * executors rebuild the plugin's model from its checkpoint, run the plugin's attack, and the report
 * names both.
 */
class SparkPluginTest {
    @TempDir Path dir;

    @Test
    void aPluginDefenseAndAttackRunInSparkTasks() throws Exception {
        Path run = dir.resolve("run");
        assertEquals(
                0,
                cli(
                        "train",
                        "--defense",
                        "test-pni-input",
                        "--epochs",
                        "1",
                        "--train-images",
                        "128",
                        "--train-steps",
                        "1",
                        "--out",
                        run.toString()));
        Path out = dir.resolve("spark");
        String printed =
                printedBy(
                        "evaluate",
                        "--checkpoint",
                        run.resolve("checkpoints/epoch-001.nsck").toString(),
                        "--out",
                        out.toString(),
                        "--attacks",
                        "fgsm;test-fgsm-twice",
                        "--repeats",
                        "1",
                        "--test-images",
                        "100",
                        "--eval-batch-size",
                        "50",
                        "--shard-size",
                        "50",
                        "--checks",
                        "false",
                        "--spark",
                        "local[2]");
        assertTrue(printed.contains("spark: 2 tasks (repeat x shard)"), printed);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("test-pni-input", report.get("defense").asText());
        assertTrue(report.get("noise").get("stochastic").asBoolean());
        List<String> attacks = report.get("attacks").findValuesAsText("name");
        assertTrue(attacks.contains("test-fgsm-twice-2"), attacks.toString());
        assertTrue(Files.readString(out.resolve("report.md")).contains("test-fgsm-twice-2"));
    }
}
