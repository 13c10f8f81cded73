package dev.noiseshield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options' descriptions live in OptionHelp.properties, looked up by name: an option whose key
 * is missing would print with no description at all, and a key whose option was renamed would
 * silently describe nothing.
 */
class OptionHelpTest {
    private static final ResourceBundle HELP =
            ResourceBundle.getBundle("dev.noiseshield.cli.OptionHelp");

    @Test
    void everyOptionIsDescribedAndEveryDescriptionHasItsOption() {
        Set<String> used = new TreeSet<>();
        List<String> undescribed = new ArrayList<>();
        walk(NoiseShieldCli.commandLine(), used, undescribed);
        assertEquals(List.of(), undescribed, "options that --help prints with no description");
        Set<String> unused = new TreeSet<>(HELP.keySet());
        unused.removeAll(used);
        assertEquals(Set.of(), unused, "descriptions in OptionHelp.properties of no option");
    }

    @Test
    void aDescriptionIsTheBundlesWithItsVariablesFilledIn() {
        CommandLine train = NoiseShieldCli.commandLine().getSubcommands().get("train");
        OptionSpec model = train.getCommandSpec().findOption("--model");
        assertEquals(
                HELP.getString("train.model").replace("${COMPLETION-CANDIDATES}", "small-cnn"),
                String.join(" ", model.description())
                        .replaceFirst(": small-cnn.*\\.$", ": small-cnn."));
    }

    /**
     * An option that takes a value names it (N, FILE, ON|OFF, ...): picocli's default label is the
     * Java field's name in angle brackets ({@code --lr=<learningRate>}), which tells a user
     * nothing.
     */
    @Test
    void everyOptionNamesItsValueInsteadOfItsJavaField() {
        List<String> unnamed = new ArrayList<>();
        collectUnnamedValues(NoiseShieldCli.commandLine(), unnamed);
        assertEquals(List.of(), unnamed, "options whose value --help labels by a field name");
    }

    private static void collectUnnamedValues(CommandLine command, List<String> unnamed) {
        for (OptionSpec option : command.getCommandSpec().options()) {
            if (option.arity().max() > 0 && option.paramLabel().startsWith("<")) {
                unnamed.add(
                        command.getCommandName()
                                + " "
                                + option.longestName()
                                + "="
                                + option.paramLabel());
            }
        }
        command.getSubcommands().values().forEach(sub -> collectUnnamedValues(sub, unnamed));
    }

    private static void walk(CommandLine command, Set<String> used, List<String> undescribed) {
        for (OptionSpec option : command.getCommandSpec().options()) {
            String key =
                    option.descriptionKey().isEmpty()
                            ? option.longestName().replaceFirst("^-+", "")
                            : option.descriptionKey();
            if (HELP.containsKey(key)) {
                used.add(key);
            }
            if (String.join("", option.description()).isBlank()) {
                undescribed.add(command.getCommandName() + " " + option.longestName());
            }
        }
        command.getSubcommands().values().forEach(sub -> walk(sub, used, undescribed));
    }
}
