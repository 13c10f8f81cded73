package dev.noiseshield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.data.SyntheticCifar;
import dev.noiseshield.recipe.Recipe;
import dev.noiseshield.recipe.Reproduction;
import dev.noiseshield.recipe.TableReproduction;
import dev.noiseshield.run.Json;
import dev.noiseshield.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recipe's smoke scale, test-sized (fewer images and draws, no sanity checks; the recipe's
 * architecture, defense, training and attacks unchanged), through {@code reproduce} on synthetic
 * CIFAR-10 files: train, evaluate, and the table beside the paper's numbers. The recipes of the PNI
 * paper's tables run through {@code reproduce --table}, each table's page checked too (a recipe in
 * two tables runs once: the second table reuses its folder); the others one by one.
 */
class ReproduceSmokeTest {
    @TempDir static Path tmp;
    static Path data;

    /** The test-sized options every run adds. */
    private static final List<String> TEST_SIZE =
            List.of(
                    "--device",
                    "cpu",
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

    @BeforeAll
    static void data() throws Exception {
        data = tmp.resolve("cifar10");
        SyntheticCifar.write("cifar10", data, 40, 16, 3);
    }

    static List<String> tables() {
        return TableReproduction.tables();
    }

    static List<String> recipesInNoTable() {
        return Recipe.BUILT_IN.stream()
                .filter(
                        n ->
                                TableReproduction.tables().stream()
                                        .noneMatch(
                                                t ->
                                                        TableReproduction.recipesOf(t).stream()
                                                                .anyMatch(r -> r.name().equals(n))))
                .toList();
    }

    /**
     * A table's rows in order, then its page: each number the paper prints in it beside ours, with
     * a link to the row's own page.
     */
    @ParameterizedTest
    @MethodSource("tables")
    void aTableRunsItsRowsAndWritesItsPage(String table) throws Exception {
        Path dir = tmp.resolve("tables");
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--quiet",
                                "reproduce",
                                "--table",
                                table,
                                "--data-dir",
                                data.toString(),
                                "--out",
                                dir.toString(),
                                "--child-jvm",
                                "false"));
        args.addAll(TEST_SIZE);
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        String md = Files.readString(dir.resolve(table + "-smoke.md"));
        String html = Files.readString(dir.resolve(table + "-smoke.html"));
        String title =
                TableReproduction.recipesOf(table).get(0).reported().stream()
                        .filter(r -> r.tableId().equals(table))
                        .findFirst()
                        .orElseThrow()
                        .tableTitle();
        assertTrue(md.startsWith("# " + title + ", reproduced"), md);
        assertTrue(html.contains("<h1>" + title + ", reproduced"), title);
        for (Recipe recipe : TableReproduction.recipesOf(table)) {
            Path out = dir.resolve(recipe.name() + "-smoke");
            checkRun(recipe, out);
            assertTrue(html.contains(recipe.name() + "-smoke/reproduction.html"), html);
            for (Recipe.Reported r : recipe.reported()) {
                if (r.tableId().equals(table)) {
                    String number = Reproduction.paperCell(List.of(r));
                    assertTrue(md.contains(r.cell().replace("|", "/") + " | " + number), md);
                    assertTrue(html.contains(number), number + " in " + html);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("recipesInNoTable")
    void theSmokeScaleTrainsEvaluatesAndSetsOurNumbersBesideThePapers(String name)
            throws Exception {
        Path out = tmp.resolve(name);
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--quiet",
                                "reproduce",
                                name,
                                "--scale",
                                "smoke",
                                "--data-dir",
                                data.toString(),
                                "--out",
                                out.toString(),
                                // the first runs its jobs in child JVMs, as reproduce does by
                                // default; the others in this process, saving a JVM per job
                                "--child-jvm",
                                String.valueOf(name.equals(recipesInNoTable().get(0)))));
        args.addAll(TEST_SIZE);
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        checkRun(Recipe.load(name), out);
    }

    /** What one recipe's smoke run left in {@code out}: its rows, checkpoint, pages and log. */
    private static void checkRun(Recipe recipe, Path out) throws Exception {
        JsonNode reproduction = Json.MAPPER.readTree(out.resolve("reproduction.json").toFile());
        JsonNode rows = reproduction.get("rows");
        List<String> attacks = recipe.attacks();
        int blocks = recipe.evaluatesNoiseOff() ? 2 : 1;
        long notMeasured =
                recipe.reported().stream().filter(r -> r.ours().equals("parameters")).count();
        // the learned scales the paper prints follow the first evaluation's rows
        int scaleRows =
                (int)
                        recipe.reported().stream()
                                .map(Recipe.Reported::ours)
                                .filter(k -> k.matches("(scale|(least|largest) scale): .*"))
                                .distinct()
                                .count();
        long extraRows = 0;
        for (String extra : recipe.extra().keySet()) {
            // clean, its attacks and the worst case, and each size or rate the paper prints
            extraRows += recipe.extraAttacks(extra).size() + 2;
            extraRows +=
                    recipe.reported().stream()
                            .map(Recipe.Reported::ours)
                            .filter(
                                    k ->
                                            k.matches(
                                                    Pattern.quote(extra)
                                                            + ": (fooled size|success rate): .*"))
                            .count();
            assertTrue(
                    Files.isRegularFile(
                            out.resolve(Recipe.folderName(extra)).resolve("report.json")),
                    extra);
        }
        assertEquals(
                (attacks.size() + 2L) * blocks + scaleRows + extraRows + notMeasured,
                rows.size(),
                rows.toString());
        List<String> keys = new ArrayList<>();
        rows.forEach(row -> keys.add(row.get("key").asText()));
        for (Recipe.Reported r : recipe.reported()) {
            assertTrue(keys.contains(r.ours()), r.ours() + " has its row: " + keys);
        }
        String table = Files.readString(out.resolve("reproduction.md"));
        for (JsonNode row : rows) {
            if (row.get("key").asText().contains("fooled size: ") && row.get("ours").isNull()) {
                // measured, nothing fooled: said so, not left as "-"
                assertTrue(table.contains(row.get("row").asText() + " | "), table);
                assertTrue(table.contains("| none fooled |"), table);
            }
        }
        for (int block = 0; block < blocks; block++) {
            String prefix = block == 0 ? "" : "noise off: ";
            int first = block * (attacks.size() + 2 + scaleRows);
            assertEquals(prefix + "clean", rows.get(first).get("key").asText());
            assertEquals(
                    prefix + "worst case",
                    rows.get(first + attacks.size() + 1).get("key").asText());
            double clean = rows.get(first).get("ours").asDouble();
            // on a deterministic model robust <= clean per image; on a noisy one the worst input
            // is chosen on draws of its own, so it holds only in expectation
            Path report = block == 0 ? out : out.resolve(Reproduction.NOISE_OFF);
            boolean noisy =
                    Json.MAPPER
                            .readTree(report.resolve("report.json").toFile())
                            .path("noise")
                            .path("stochastic")
                            .asBoolean();
            for (int i = 0; i < attacks.size(); i++) {
                JsonNode row = rows.get(first + 1 + i);
                String key = prefix + attacks.get(i);
                assertEquals(key, row.get("key").asText());
                assertEquals(
                        recipe.reported().stream().filter(r -> r.ours().equals(key)).count(),
                        row.get("paper").size(),
                        row.toString());
                assertTrue(
                        noisy || row.get("ours").asDouble() <= clean + 1e-9,
                        "robust only where right when clean: " + row);
            }
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
        for (Recipe.Reported r : recipe.reported()) {
            assertTrue(md.contains(Reproduction.paperCell(List.of(r))), r + " in " + md);
        }
        assertNotNull(reproduction.get("train"));
        String page = Files.readString(out.resolve("reproduction.html"));
        for (Recipe.Reported r : recipe.reported()) {
            assertTrue(page.contains(Reproduction.paperCell(List.of(r))), r + " in the page");
        }
        // the run log says where it computed: here, the CPU that --device cpu asked for
        JsonNode runs = Json.MAPPER.readTree(out.resolve("run.json").toFile()).get("runs");
        String device = runs.get(0).get("versions").get("device").asText();
        assertTrue(device.startsWith("device: cpu() (asked for); PyTorch 2.7.1 from "), device);
    }
}
