package dev.noiseshield.cli;

import dev.noiseshield.recipe.AddedOptions;
import dev.noiseshield.recipe.Recipe;
import dev.noiseshield.recipe.Reproduction;
import dev.noiseshield.recipe.TableReproduction;
import dev.noiseshield.run.Console;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code noiseshield reproduce}: run a paper's experiment from its recipe. */
@Command(
        name = "reproduce",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        description = {
            "Run a paper's experiment from its recipe (recipes/NAME.json): train, then evaluate,"
                    + " as the command lines it prints first, and set our numbers beside the"
                    + " paper's (OUT/reproduction.md and .html). Run again to resume or reuse."
                    + " --list shows every recipe with the table and rows of the paper it"
                    + " reproduces; --table runs a whole table's rows and writes its page.",
            "Recipes: " + "${COMPLETION-CANDIDATES}"
        })
final class ReproduceCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "RECIPE",
            completionCandidates = RecipeNames.class,
            description = "A recipe's name, or a recipe file.")
    String recipe;

    @Option(names = "--list")
    boolean list;

    @Option(names = "--table", paramLabel = "TABLE")
    String table;

    @Option(names = "--scale", paramLabel = "smoke|full", descriptionKey = "reproduce.scale")
    String scale = "smoke";

    @Option(names = "--out", paramLabel = "DIR", descriptionKey = "reproduce.out")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR", descriptionKey = "reproduce.data-dir")
    Path dataDir;

    @Option(names = "--train-option", paramLabel = "OPTION=VALUE")
    Map<String, String> trainOptions = new LinkedHashMap<>();

    @Option(names = "--evaluate-option", paramLabel = "OPTION=VALUE")
    Map<String, String> evaluateOptions = new LinkedHashMap<>();

    @Mixin DeviceOption device;

    @Mixin ChildJvmOption childJvm;

    /** The built-in recipes' names, for --help and completion. */
    static final class RecipeNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Recipe.BUILT_IN.iterator();
        }
    }

    /** The options as command lines take them: {@code epochs} and {@code --epochs} alike. */
    private static Map<String, String> options(Map<String, String> given) {
        Map<String, String> options = new LinkedHashMap<>();
        given.forEach((k, v) -> options.put(k.startsWith("--") ? k : "--" + k, v));
        return options;
    }

    @Override
    public Integer call() throws Exception {
        if (list) {
            System.out.print(dev.noiseshield.recipe.RecipeList.text());
            return 0;
        }
        if ((recipe == null) == (table == null)) {
            throw new IllegalArgumentException(
                    "reproduce: give a recipe or --table (not both); --list shows them");
        }
        return table != null ? runTable() : runRecipe();
    }

    private int runRecipe() throws Exception {
        Recipe r = Recipe.load(recipe);
        Path dir = out != null ? out : Path.of("runs", "reproduce", r.name() + "-" + scale);
        Reproduction reproduction = new Reproduction(r, scale, dir, added(r));
        String table = reproduction.run(this::execute, System.out).markdown();
        System.out.println();
        System.out.println(table);
        System.out.println(
                "written: "
                        + dir.resolve("reproduction.md")
                        + ", "
                        + dir.resolve("reproduction.html")
                        + ", "
                        + dir.resolve("reproduction.json"));
        return 0;
    }

    private int runTable() throws Exception {
        Path dir = out != null ? out : Path.of("runs", "reproduce");
        List<Recipe> rows = TableReproduction.recipesOf(table);
        Recipe first = rows.isEmpty() ? null : rows.get(0); // none: the constructor names tables
        TableReproduction run =
                new TableReproduction(
                        table, scale, dir, first == null ? AddedOptions.NONE : added(first));
        String md = run.run(this::execute, System.out);
        System.out.println();
        System.out.println(md);
        System.out.println("written: " + run.page("md") + ", " + run.page("html"));
        return 0;
    }

    /**
     * The options the user added to a recipe's train and evaluate, with the data folder and device.
     */
    private AddedOptions added(Recipe r) {
        return new AddedOptions(trainOptions(r), evaluateOptions(r));
    }

    /** The train options the user added, with the data folder and device. */
    private Map<String, String> trainOptions(Recipe r) {
        Map<String, String> train = options(trainOptions);
        train.put("--data-dir", dataFolder(r).toString());
        train.put("--device", device.device);
        return train;
    }

    private Map<String, String> evaluateOptions(Recipe r) {
        Map<String, String> evaluate = options(evaluateOptions);
        evaluate.put("--data-dir", dataFolder(r).toString());
        evaluate.put("--device", device.device);
        return evaluate;
    }

    private Path dataFolder(Recipe r) {
        return dataDir != null ? dataDir : Path.of("data", r.dataset());
    }

    /** One command line, in a child JVM or here; each sets the console's mode anew. */
    private int execute(List<String> args) {
        List<String> global = Console.mode() == Console.Mode.QUIET ? List.of("--quiet") : List.of();
        List<String> command = Stream.concat(global.stream(), args.stream()).toList();
        return childJvm.enabled
                ? CommandInChild.execute(command)
                : NoiseShieldCli.commandLine().execute(command.toArray(String[]::new));
    }
}
