package dev.noiseshield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.noiseshield.TestData;
import dev.noiseshield.run.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare} with each defense in a child JVM (the default) writes the reports and the table
 * that it writes with every job in its own process ({@code --child-jvm false}), timings aside.
 */
class CompareInChildJvmTest {
    @TempDir Path dir;

    @Test
    void eachDefenseInItsOwnProcessGivesTheNumbersOfOneProcess() throws Exception {
        Path data = TestData.writeMnistFolder(dir.resolve("digits"), 64, 16);
        Path children = compare(data, "children", "true");
        Path oneProcess = compare(data, "one-process", "false");
        for (String defense : List.of("pgd-at", "pni-w")) {
            assertEquals(
                    withoutTimings(oneProcess.resolve(defense).resolve("report.json")),
                    withoutTimings(children.resolve(defense).resolve("report.json")),
                    defense);
        }
        assertEquals(
                Files.readString(oneProcess.resolve("comparison.md")),
                Files.readString(children.resolve("comparison.md")));
    }

    private Path compare(Path data, String name, String childJvm) {
        Path out = dir.resolve(name);
        CliRun run =
                CliRun.of(
                        TestData.concat(
                                new String[] {"--quiet"},
                                TestData.oneEpochCompareArgs(
                                        data,
                                        "pgd-at,pni-w",
                                        out,
                                        "--repeats",
                                        "2",
                                        "--attack-examples",
                                        "8",
                                        "--attacks",
                                        "fgsm",
                                        "--checks",
                                        "false",
                                        "--child-jvm",
                                        childJvm)));
        assertEquals(0, run.code(), run.err());
        return out;
    }

    private static JsonNode withoutTimings(Path report) throws Exception {
        JsonNode json = Json.MAPPER.readTree(report.toFile());
        ((ObjectNode) json.get("evaluation")).remove("seconds");
        json.get("attacks").forEach(a -> ((ObjectNode) a).remove("seconds"));
        return json;
    }
}
