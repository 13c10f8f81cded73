package dev.noiseshield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.data.SyntheticCifar;
import dev.noiseshield.recipe.Recipe;
import dev.noiseshield.run.Json;
import dev.noiseshield.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recipe's smoke scale, test-sized (fewer images and draws, no sanity checks; the recipe's
 * architecture, defense, training and attacks unchanged), through {@code reproduce} on synthetic
 * CIFAR-10 files: train, evaluate, and the table beside the paper's numbers.
 */
class ReproduceSmokeTest {
    @TempDir static Path tmp;
    static Path data;

    @BeforeAll
    static void data() throws Exception {
        data = tmp.resolve("cifar10");
        SyntheticCifar.write("cifar10", data, 40, 16, 3);
    }

    static List<String> recipes() {
        return Recipe.BUILT_IN;
    }

    @ParameterizedTest
    @MethodSource("recipes")
    void theSmokeScaleTrainsEvaluatesAndSetsOurNumbersBesideThePapers(String name)
            throws Exception {
        Recipe recipe = Recipe.load(name);
        Path out = tmp.resolve(name);
        CliRun run =
                CliRun.of(
                        "--quiet",
                        "reproduce",
                        name,
                        "--scale",
                        "smoke",
                        "--data-dir",
                        data.toString(),
                        "--out",
                        out.toString(),
                        "--device",
                        "cpu",
                        // one recipe runs its jobs in child JVMs, as reproduce does by default; the
                        // others in this process, which saves a JVM start per job
                        "--child-jvm",
                        name.equals(Recipe.BUILT_IN.get(0)) ? "true" : "false",
                        "--train-option",
                        "train-images=32",
                        "--train-option",
                        "batch-size=16",
                        "--evaluate-option",
                        "test-images=8",
                        "--evaluate-option",
                        "attack-examples=4",
                        "--evaluate-option",
                        "checks=false",
                        "--evaluate-option",
                        "scoring-draws=2");
        assertEquals(0, run.code(), run.err());
        JsonNode reproduction = Json.MAPPER.readTree(out.resolve("reproduction.json").toFile());
        JsonNode rows = reproduction.get("rows");
        List<String> attacks = recipe.attacks();
        assertEquals(attacks.size() + 2, rows.size(), rows.toString()); // clean, attacks, worst
        assertEquals("clean", rows.get(0).get("row").asText());
        assertEquals("worst case", rows.get(rows.size() - 1).get("row").asText());
        for (int i = 0; i < attacks.size(); i++) {
            JsonNode row = rows.get(i + 1);
            assertEquals(attacks.get(i), row.get("attack").asText());
            Recipe.Reported paper = recipe.reported().get(attacks.get(i));
            if (paper == null) {
                assertTrue(row.get("paper").isNull(), row.toString());
            } else {
                assertEquals(paper.accuracy(), row.get("paper").asDouble(), 1e-9);
            }
            double ours = row.get("ours").asDouble();
            assertTrue(
                    ours <= rows.get(0).get("ours").asDouble() + 1e-9,
                    "robust only where right when clean: " + row);
        }
        // trained as the recipe says, at the smoke scale's epochs, with the CIFAR augmentation
        Checkpoint.Contents trained =
                Checkpoint.read(Checkpoint.latest(out.resolve("checkpoints")).orElseThrow());
        assertEquals(1, trained.state.epochsDone());
        assertEquals("cifar10", trained.state.dataset());
        assertEquals(recipe.train().get("--model"), trained.state.model().architecture().cliName());
        assertEquals(recipe.train().get("--defense"), trained.state.defense());
        assertEquals("STANDARD", trained.state.config().augment().name());
        assertEquals(32, trained.state.config().trainImages());
        String md = Files.readString(out.resolve("reproduction.md"));
        assertTrue(md.contains(recipe.title()), md);
        recipe.reported()
                .values()
                .forEach(
                        r ->
                                assertTrue(
                                        md.contains(
                                                String.format(
                                                        java.util.Locale.ROOT,
                                                        "%.2f",
                                                        r.accuracy())),
                                        md));
        assertNotNull(reproduction.get("train"));
        // the run log says where it computed: here, the CPU that --device cpu asked for
        JsonNode runs = Json.MAPPER.readTree(out.resolve("run.json").toFile()).get("runs");
        String device = runs.get(0).get("versions").get("device").asText();
        assertTrue(device.startsWith("device: cpu() (asked for); PyTorch 2.7.1 from "), device);
    }
}
