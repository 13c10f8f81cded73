package dev.noiseshield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.noiseshield.data.DataFormatException;
import dev.noiseshield.recipe.AddedOptions;
import dev.noiseshield.recipe.Recipe;
import dev.noiseshield.recipe.Reproduction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The recipes in recipes/: each one parses, and its command lines are ones the tool accepts. */
class RecipesTest {
    @TempDir Path tmp;

    @Test
    void everyFileInTheRecipesFolderIsBuiltInAndTheOtherWayRound() throws Exception {
        TreeSet<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(Path.of("recipes"))) {
            list.forEach(p -> files.add(p.getFileName().toString().replaceFirst("\\.json$", "")));
        }
        assertEquals(new TreeSet<>(Recipe.BUILT_IN), files);
    }

    @Test
    void everyRecipesCommandLinesParseAtBothScales() throws Exception {
        for (String name : Recipe.BUILT_IN) {
            Recipe recipe = Recipe.load(name);
            assertEquals(name, recipe.name());
            for (String scale : Reproduction.SCALES) {
                Reproduction r =
                        new Reproduction(recipe, scale, tmp.resolve(name), AddedOptions.NONE);
                // picocli refuses an unknown option or a value of the wrong type: a typo fails here
                NoiseShieldCli.commandLine().parseArgs(r.trainArguments().toArray(String[]::new));
                NoiseShieldCli.commandLine()
                        .parseArgs(r.evaluateArguments().toArray(String[]::new));
            }
            for (String scale : Reproduction.SCALES) {
                Reproduction r =
                        new Reproduction(recipe, scale, tmp.resolve(name), AddedOptions.NONE);
                for (String extra : recipe.extra().keySet()) {
                    List<String> args =
                            r.extraArguments(extra, run -> run.resolve("checkpoints/last.nsck"));
                    assertTrue(
                            args.stream().noneMatch(a -> a.contains("{")),
                            name + ": a placeholder left in " + args);
                    NoiseShieldCli.commandLine().parseArgs(args.toArray(String[]::new));
                }
            }
            for (Recipe.Reported r : recipe.reported()) {
                assertTrue(measures(recipe, r.ours()), name + ": reported '" + r.ours() + "'");
            }
        }
    }

    /**
     * Whether {@code key} names one of the recipe's numbers: {@code parameters}, or clean or an
     * attack of one of its evaluations (after {@code noise off: } or {@code EXTRA: }), or the
     * perturbations' size or the success rate of such an attack, or a learned weight-noise scale.
     */
    private static boolean measures(Recipe recipe, String key) {
        if (key.equals("parameters")) {
            return true;
        }
        if (key.matches("(scale: |(least|largest) scale: from )(conv0|conv[1-3]\\.\\d+|fc)")) {
            // a learned weight-noise scale, by the paper's layer names
            return recipe.train().getOrDefault("--defense", "").startsWith("pni-w");
        }
        List<String> attacks = recipe.attacks();
        String rest = key;
        if (key.startsWith("noise off: ")) {
            if (!recipe.evaluatesNoiseOff()) {
                return false;
            }
            rest = key.substring("noise off: ".length());
        }
        for (String extra : recipe.extra().keySet()) {
            if (key.startsWith(extra + ": ")) {
                attacks = recipe.extraAttacks(extra);
                rest = key.substring(extra.length() + 2);
            }
        }
        String attack = rest.replaceFirst("^(fooled size|success rate): ", "");
        return (attack.equals("clean") && attack.equals(rest)) || attacks.contains(attack);
    }

    /**
     * A C&W number of a paper set beside ours at a smaller budget says so in its row: the paper's
     * is 9 binary-search steps x 10,000 iterations.
     */
    @Test
    void aReducedBudgetCwBesideThePapersNumberSaysSo() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode json =
                (com.fasterxml.jackson.databind.node.ObjectNode)
                        dev.noiseshield.run.Json.MAPPER.readTree(
                                Path.of("recipes/rse-vgg16-cifar10.json").toFile());
        json.putArray("reported")
                .addObject()
                .put("ours", "cw-l2")
                .put("cell", "Abstract | RSE | C&W")
                .put("value", 86.0);
        Path file = tmp.resolve("cw.json");
        dev.noiseshield.run.Json.MAPPER.writeValue(file.toFile(), json);
        Reproduction r =
                new Reproduction(Recipe.load(file.toString()), "full", tmp, AddedOptions.NONE);
        dev.noiseshield.report.RobustnessReport report =
                dev.noiseshield.eval.TestReports.report(
                        "rse",
                        List.of(
                                dev.noiseshield.eval.TestReports.attack("cw-l2-5x100", 0.4),
                                dev.noiseshield.eval.TestReports.attack("pgd-20", 0.3),
                                dev.noiseshield.eval.TestReports.attack("eot-pgd-20x10", 0.2)),
                        null,
                        List.of());
        List<Reproduction.Row> rows = r.rows(withWorstCase(report));
        assertEquals(
                "cw-l2-5x100 (C&W budget 5 x 100, below Carlini and Wagner's 9 x 10,000)",
                rows.get(1).row());
        assertEquals(86.0, rows.get(1).paper().get(0).value().doubleValue());
        assertEquals("86.0 (Abstract)", Reproduction.paperCell(rows.get(1).paper()));
        assertEquals("pgd-20", rows.get(2).row(), "no paper number, no note");
    }

    private static dev.noiseshield.report.RobustnessReport withWorstCase(
            dev.noiseshield.report.RobustnessReport r) {
        var any = new dev.noiseshield.eval.Significance.Interval(0, 1);
        return new dev.noiseshield.report.RobustnessReport(
                r.dataset(),
                r.model(),
                r.defense(),
                r.evaluation(),
                r.clean(),
                r.attacks(),
                new dev.noiseshield.report.RobustnessReport.WorstCase(
                        0.2, 0, any, 0.2, any, 0.2, any, List.of(), List.of()),
                r.checks(),
                r.sweeps(),
                r.noise(),
                r.convergence());
    }

    @Test
    void theFullScaleIsThePapersBudgetAndSmokeOverridesIt() throws Exception {
        Recipe pni = Recipe.load("pni-w-resnet20-cifar10");
        List<String> full = new Reproduction(pni, "full", tmp, AddedOptions.NONE).trainArguments();
        assertEquals("160", after(full, "--epochs"));
        assertEquals("80,120", after(full, "--lr-milestones"));
        assertEquals("8/255", after(full, "--train-eps"));
        assertEquals("7", after(full, "--train-steps"));
        assertEquals("standard", after(full, "--augment"));
        List<String> smoke =
                new Reproduction(
                                pni,
                                "smoke",
                                tmp,
                                new AddedOptions(Map.of("--epochs", "2"), Map.of()))
                        .trainArguments();
        assertEquals("2", after(smoke, "--epochs")); // a user's override wins over the scale's
        assertEquals("256", after(smoke, "--train-images"));
        assertFalse(smoke.contains("--resume")); // nothing to resume in an empty folder
    }

    /**
     * A recipe that extends another takes its options key by key, its own winning, and its texts
     * where it gives none; never its reported numbers. One that extends no built-in recipe is
     * refused naming the file.
     */
    @Test
    void anExtendingRecipeTakesTheOptionsButNotTheNumbers() throws Exception {
        Recipe parent = Recipe.load("pni-w-resnet20-cifar10");
        Recipe child = Recipe.load("pni-a-b-resnet20-cifar10");
        assertEquals("pni-a", child.train().get("--defense"));
        assertEquals("input", child.train().get("--pni-activation-site"));
        assertEquals(parent.train().get("--epochs"), child.train().get("--epochs"));
        assertEquals(parent.evaluate(), child.evaluate());
        assertEquals(parent.smoke(), child.smoke());
        assertEquals(parent.notes(), child.notes());
        assertTrue(child.evaluatesNoiseOff());
        assertEquals(List.of("Table 2"), child.tables());
        assertTrue(
                child.reported().stream().noneMatch(parent.reported()::contains),
                "numbers are never inherited");
        Path orphan = tmp.resolve("orphan.json");
        Files.writeString(orphan, "{\"name\": \"x\", \"extends\": \"no-such\", \"train\": {}}");
        DataFormatException e =
                assertThrows(DataFormatException.class, () -> Recipe.load(orphan.toString()));
        assertTrue(e.getMessage().contains("orphan.json"), e.getMessage());
        assertTrue(e.getMessage().contains("no-such"), e.getMessage());
    }

    /**
     * reproduce --list names every recipe with the tables it has numbers of, and how many recipes
     * each table runs; a table no recipe has, or neither a recipe nor a table, is one line and exit
     * 2.
     */
    @Test
    void theListNamesEveryRecipeAndTable() {
        CliRun list = CliRun.of("reproduce", "--list");
        assertEquals(0, list.code(), list.err());
        for (String name : Recipe.BUILT_IN) {
            assertTrue(list.out().contains(name + "\n"), name);
        }
        for (String table : dev.noiseshield.recipe.TableReproduction.tables()) {
            int n = dev.noiseshield.recipe.TableReproduction.recipesOf(table).size();
            assertTrue(list.out().contains(table + " (" + n + " recipes)"), list.out());
        }
        assertTrue(list.out().contains("Table 2 (--table pni-2), PNI-A-b: 6 numbers"), list.out());
        CliRun noTable = CliRun.of("reproduce", "--table", "pni-9");
        assertEquals(2, noTable.code());
        assertTrue(noTable.err().contains("pni-1, pni-2, pni-3"), noTable.err());
        CliRun nothing = CliRun.of("reproduce");
        assertEquals(2, nothing.code());
        assertEquals(1, nothing.err().lines().count(), nothing.err());
    }

    @Test
    void aRecipeWithAnUnknownKeyOrNoNameIsRefusedNamingTheFile() throws Exception {
        Path typo = tmp.resolve("typo.json");
        Files.writeString(typo, "{\"name\": \"x\", \"dataset\": \"cifar10\", \"trian\": {}}");
        DataFormatException e =
                assertThrows(DataFormatException.class, () -> Recipe.load(typo.toString()));
        assertTrue(e.getMessage().contains("typo.json"), e.getMessage());
        CliRun run = CliRun.of("reproduce", "no-such-recipe");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("pni-w-resnet20-cifar10"), run.err()); // lists the known ones
        assertEquals(1, run.err().lines().count(), run.err());
    }

    private static String after(List<String> args, String option) {
        int i = args.lastIndexOf(option);
        if (i < 0) {
            throw new CommandLine.ParameterException(
                    NoiseShieldCli.commandLine(), option + " missing from " + args);
        }
        return args.get(i + 1);
    }
}
