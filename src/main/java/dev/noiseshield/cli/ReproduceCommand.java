package dev.noiseshield.cli;

import dev.noiseshield.recipe.Recipe;
import dev.noiseshield.recipe.Reproduction;
import dev.noiseshield.run.Console;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
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
                    + " as the two command lines it prints first, and set our numbers beside the"
                    + " paper's (OUT/reproduction.md). Run again to resume or reuse.",
            "Recipes: " + "${COMPLETION-CANDIDATES}"
        })
final class ReproduceCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "RECIPE",
            completionCandidates = RecipeNames.class,
            description = "A recipe's name, or a recipe file.")
    String recipe;

    @Option(
            names = "--scale",
            paramLabel = "smoke|full",
            description =
                    "smoke: the same code path on a few hundred images for an epoch (minutes on a"
                            + " CPU); full: the paper's budget (a GPU's work).")
    String scale = "smoke";

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Run folder (default: runs/reproduce/RECIPE-SCALE).")
    Path out;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Folder of the data set's files (default: data/DATASET, where `data fetch`"
                            + " puts them).")
    Path dataDir;

    @Option(
            names = "--train-option",
            paramLabel = "OPTION=VALUE",
            description = "A train option to add or replace, e.g. --train-option epochs=2.")
    Map<String, String> trainOptions = new LinkedHashMap<>();

    @Option(
            names = "--evaluate-option",
            paramLabel = "OPTION=VALUE",
            description = "An evaluate option to add or replace, e.g. --evaluate-option repeats=1.")
    Map<String, String> evaluateOptions = new LinkedHashMap<>();

    @picocli.CommandLine.Mixin DeviceOption device;

    @picocli.CommandLine.Mixin ChildJvmOption childJvm;

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
        Recipe r = Recipe.load(recipe);
        Path dir = out != null ? out : Path.of("runs", "reproduce", r.name() + "-" + scale);
        Path data = dataDir != null ? dataDir : Path.of("data", r.dataset());
        Map<String, String> train = options(trainOptions);
        train.put("--data-dir", data.toString());
        train.put("--device", device.device);
        Map<String, String> evaluate = options(evaluateOptions);
        evaluate.put("--data-dir", data.toString());
        evaluate.put("--device", device.device);
        Reproduction reproduction = new Reproduction(r, scale, dir, train, evaluate);
        // each child command line sets the console's mode anew: pass --quiet on to it
        List<String> global = Console.mode() == Console.Mode.QUIET ? List.of("--quiet") : List.of();
        String table =
                reproduction.run(
                        (List<String> args) -> {
                            List<String> command =
                                    Stream.concat(global.stream(), args.stream()).toList();
                            return childJvm.enabled
                                    ? CommandInChild.execute(command)
                                    : NoiseShieldCli.commandLine()
                                            .execute(command.toArray(String[]::new));
                        },
                        System.out);
        System.out.println();
        System.out.println(table);
        System.out.println(
                "written: "
                        + dir.resolve("reproduction.md")
                        + ", "
                        + dir.resolve("reproduction.json"));
        return 0;
    }
}
