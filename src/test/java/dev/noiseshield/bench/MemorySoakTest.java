package dev.noiseshield.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.run.AllocatorSettings;
import dev.noiseshield.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short form of {@code noiseshield bench memory}, in child JVMs with the launcher's JVM and
 * malloc settings (scripts/allocator.env): resident memory must stop growing on each path. Square
 * runs as the evaluation ran it when it was killed (batch 250, 3,000 queries in one call): before
 * the fix of issue 19 it grew from 0.2 to 8.7 GB in 1,500 queries (5,900 MB per 1,000 queries); now
 * it levels off within the first half. The other paths run a few hundred steps at a small batch.
 */
class MemorySoakTest {
    // looser than the benchmark's 32: the second half of a few hundred small steps is short, so one
    // jump of a few MB weighs (up to 23 MB per 1,000 steps seen on a quiet machine); the old Square
    // grew by 5,900
    private static final double BOUND_MB_PER_1000_STEPS = 100;

    @TempDir Path dir;

    @Test
    void squareStopsGrowingWithinOneLongCall() throws Exception {
        assertEveryPathLevelsOff(soak("square", "250", "1"), 1);
    }

    @Test
    void trainingEvaluationAndGradientAttacksStopGrowing() throws Exception {
        assertEveryPathLevelsOff(
                soak("train,evaluate,pgd-eot,apgd-t,cw-l2,cw-linf", "32", "0.6"), 6);
    }

    private static void assertEveryPathLevelsOff(JsonNode results, int paths) {
        assertEquals(paths, results.size(), results.toString());
        for (JsonNode r : results) {
            assertTrue(
                    r.get("growthPer1000Steps").asDouble() <= BOUND_MB_PER_1000_STEPS,
                    r.toString());
            assertTrue(r.get("peakMegabytes").asLong() > 0, r.toString());
        }
    }

    private JsonNode soak(String paths, String batch, String scale) throws Exception {
        Path json = dir.resolve("soak.json");
        Path log = dir.resolve("soak.log");
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-XX:+UseSerialGC",
                                "-Xmn32m",
                                "-Xmx1g",
                                "-Dai.djl.offline=true",
                                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                                "-cp",
                                System.getProperty("java.class.path"),
                                "dev.noiseshield.cli.NoiseShieldCli",
                                "bench",
                                "memory",
                                "--paths",
                                paths,
                                "--batch",
                                batch,
                                "--scale",
                                scale,
                                "--bound",
                                String.valueOf(BOUND_MB_PER_1000_STEPS),
                                "--json",
                                json.toString()));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(launcherAllocatorSettings());
        Process child = builder.start();
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the soak did not finish in 5 minutes");
        assertEquals(0, child.exitValue(), Files.readString(log));
        return Json.MAPPER.readTree(json.toFile());
    }

    /** The KEY=VALUE lines of scripts/allocator.env, which the launcher exports. */
    static Map<String, String> launcherAllocatorSettings() throws IOException {
        Map<String, String> env =
                AllocatorSettings.parse(Files.readString(Path.of("scripts", "allocator.env")));
        assertTrue(env.containsKey("MALLOC_MMAP_THRESHOLD_"), "allocator.env: " + env);
        assertEquals(env, AllocatorSettings.defaults(), "the jar's copy is the launcher's");
        return env;
    }
}
