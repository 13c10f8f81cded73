package dev.noiseshield.recipe;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.noiseshield.data.DataFormatException;
import dev.noiseshield.run.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One paper experiment: the options of {@code train} and {@code evaluate} that reproduce it, what
 * the paper reported, and the overrides of its smoke scale. Options are kept as a user would type
 * them ({@code "--lr": "0.1"}), so that a recipe is exactly a pair of command lines and is checked
 * by the same code as one.
 *
 * @param name file name without {@code .json}
 * @param title one line
 * @param paper the citation
 * @param dataset the data set it trains and evaluates on
 * @param train {@code train} options
 * @param evaluate {@code evaluate} options; {@code --attacks} lists the attacks of the paper's
 *     evaluation first
 * @param reported the paper's accuracies in %, under {@code clean} and under each attack's text in
 *     {@code --attacks}; empty when none was transcribed
 * @param source where in the paper the numbers are, and how they were measured there
 * @param notes what differs from the paper, and anything a reader needs to judge the comparison
 * @param smoke the smoke scale's overrides of {@code train} and {@code evaluate}
 */
public record Recipe(
        String name,
        String title,
        String paper,
        String dataset,
        Map<String, String> train,
        Map<String, String> evaluate,
        Map<String, Reported> reported,
        String source,
        List<String> notes,
        Scale smoke) {

    /** The recipes in the repository's {@code recipes/} folder, in the README's order. */
    public static final List<String> BUILT_IN =
            List.of(
                    "pni-w-resnet20-cifar10",
                    "pni-w-no-at-resnet20-cifar10",
                    "pgd-at-resnet20-cifar10",
                    "cni-resnet20-cifar10",
                    "rse-vgg16-cifar10",
                    "wca-resnet18-cifar10",
                    "mfdv-resnet18-cifar10");

    private static final String RESOURCES = "/dev/noiseshield/recipes/";

    /** A reported accuracy in %, with its std when the paper gives one. */
    public record Reported(double accuracy, @JsonProperty("std") Double std) {}

    /** Overrides of a scale: options replaced or added, after the recipe's own. */
    public record Scale(Map<String, String> train, Map<String, String> evaluate) {
        public Scale {
            train = ordered(train);
            evaluate = ordered(evaluate);
        }
    }

    public Recipe {
        train = ordered(train);
        evaluate = ordered(evaluate);
        reported = ordered(reported);
        notes = notes == null ? List.of() : List.copyOf(notes);
        smoke = smoke == null ? new Scale(null, null) : smoke;
    }

    /**
     * An unmodifiable copy in the file's order (the order the command lines print them in; {@code
     * Map.copyOf} would shuffle it from one JVM to the next).
     */
    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * A recipe by built-in name, or from a JSON file.
     *
     * @throws IllegalArgumentException naming the known recipes when {@code nameOrFile} is neither
     */
    public static Recipe load(String nameOrFile) throws IOException {
        Path file = Path.of(nameOrFile);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                return parse(in, file.toString());
            }
        }
        String name = nameOrFile.replaceFirst("\\.json$", "");
        try (InputStream in = Recipe.class.getResourceAsStream(RESOURCES + name + ".json")) {
            if (in == null || !BUILT_IN.contains(name)) {
                throw new IllegalArgumentException(
                        "no recipe '"
                                + nameOrFile
                                + "': neither a file nor one of "
                                + String.join(", ", BUILT_IN));
            }
            return parse(in, "recipe " + name);
        }
    }

    private static Recipe parse(InputStream in, String source) throws IOException {
        Recipe recipe;
        try {
            recipe =
                    Json.MAPPER
                            .readerFor(Recipe.class)
                            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                            .readValue(in);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new DataFormatException(source, "not a recipe: " + e.getOriginalMessage());
        }
        if (recipe.name() == null || recipe.dataset() == null || recipe.train().isEmpty()) {
            throw new DataFormatException(source, "a recipe needs name, dataset and train");
        }
        return recipe;
    }

    /** The attacks of {@code --attacks}, as written. */
    public List<String> attacks() {
        String attacks = evaluate.getOrDefault("--attacks", "");
        List<String> out = new ArrayList<>();
        for (String a : attacks.split(";", -1)) {
            if (!a.isBlank()) {
                out.add(a.trim());
            }
        }
        return out;
    }
}
