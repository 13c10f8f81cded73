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
 * by the same code as one. A recipe may extend another ({@code "extends": NAME}): it takes the
 * other's options and smoke scale, its own replacing them key by key, and the other's texts where
 * it gives none; never its reported numbers, which belong to one experiment.
 *
 * @param name file name without {@code .json}
 * @param title one line
 * @param paper the citation
 * @param dataset the data set it trains and evaluates on
 * @param train {@code train} options
 * @param evaluate {@code evaluate} options; {@code --attacks} lists the attacks of the paper's
 *     evaluation first
 * @param reported the paper's printed numbers, each with the cell of the paper's table it is in and
 *     which of ours it stands beside; empty when none was transcribed
 * @param source where in the paper the numbers are, and how they were measured there
 * @param notes what differs from the paper, and anything a reader needs to judge the comparison
 * @param smoke the smoke scale's overrides of {@code train} and {@code evaluate}
 * @param parent the recipe it extends, or null
 * @param noiseOff whether the model is also evaluated with its noise off, as the PNI paper's tables
 *     report it (into OUT/noise-off)
 * @param pair another built-in recipe whose model this one's extra evaluations use (the PNI paper's
 *     transfer pairs: A, adversarial training without noise, beside this B), or null; it is
 *     reproduced first, in {@code RECIPE-SCALE} beside this one's folder
 * @param extra further evaluations, each by a name its rows are keyed by ({@code NAME: clean},
 *     {@code NAME: ATTACK}), with the {@code evaluate} options it replaces or adds, run into
 *     OUT/NAME ({@link #folderName}); in its values {@code {pair}} stands for the pair's folder,
 *     {@code {pair-checkpoint}} and {@code {self-checkpoint}} for the two models' checkpoints
 */
public record Recipe(
        String name,
        String title,
        String paper,
        String dataset,
        Map<String, String> train,
        Map<String, String> evaluate,
        List<Reported> reported,
        String source,
        List<String> notes,
        Scale smoke,
        @JsonProperty("extends") String parent,
        Boolean noiseOff,
        String pair,
        Map<String, Map<String, String>> extra) {

    /** The recipes in the repository's {@code recipes/} folder, in the README's order. */
    public static final List<String> BUILT_IN = BuiltInRecipes.NAMES;

    private static final String RESOURCES = "/dev/noiseshield/recipes/";

    /**
     * One number the paper printed.
     *
     * @param ours which of our numbers it stands beside ({@link Ours}): {@code clean}, an attack as
     *     {@code --attacks} writes it, either after {@code noise off: } (the evaluation with the
     *     noise off), {@code scale: LAYER} (a learned noise scale) or {@code parameters}
     * @param cell where it is printed: {@code Table N | row | column}, as in
     *     docs/papers/reported-numbers.md
     * @param value the number as printed (%, or the scale, or the count), its decimals kept
     * @param std its printed +- , or null
     */
    public record Reported(
            String ours, String cell, java.math.BigDecimal value, java.math.BigDecimal std) {
        public Reported {
            if (ours == null || ours.isBlank() || cell == null || cell.isBlank() || value == null) {
                throw new IllegalArgumentException("a reported number needs ours, cell and value");
            }
        }

        private static final java.util.regex.Pattern BAR = java.util.regex.Pattern.compile("\\|");

        /** The table it is printed in: the cell's first part ({@code Table 2}). */
        public String table() {
            return BAR.split(cell, -1)[0].strip();
        }

        /**
         * The table's short name on the command line ({@code reproduce --table}): {@code pni-2} for
         * the PNI paper's Table 2, the table's name in lower case with dashes otherwise.
         */
        public String tableId() {
            String t = table();
            return t.matches("Table \\d+")
                    ? "pni-" + t.substring("Table ".length())
                    : t.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        }

        /**
         * The table as a page's title names it: {@code The PNI paper's Table 2} (the tables the
         * cells call "Table N" are the PNI paper's), else the cell's own name ({@code RSE logs}).
         */
        public String tableTitle() {
            String t = table();
            return t.matches("Table \\d+") ? "The PNI paper's " + t : t;
        }

        /** Its row of that table. */
        public String row() {
            String[] parts = BAR.split(cell, -1);
            return parts.length > 1 ? parts[1].strip() : "";
        }
    }

    /**
     * Overrides of a scale: options replaced or added, after the recipe's own; {@code extra}'s by
     * the name of the extra evaluation they change.
     */
    public record Scale(
            Map<String, String> train,
            Map<String, String> evaluate,
            Map<String, Map<String, String>> extra) {
        public Scale {
            train = ordered(train);
            evaluate = ordered(evaluate);
            extra = ordered(extra);
        }
    }

    /** An extra evaluation's folder in the run's: its name in lower case, dashes between words. */
    public static String folderName(String extra) {
        return extra.toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-|-$", "");
    }

    public Recipe {
        train = ordered(train);
        evaluate = ordered(evaluate);
        reported = reported == null ? List.of() : List.copyOf(reported);
        notes = notes == null ? List.of() : List.copyOf(notes);
        smoke = smoke == null ? new Scale(null, null, null) : smoke;
        extra = ordered(extra);
    }

    /** Whether it is also evaluated with the noise off. */
    public boolean evaluatesNoiseOff() {
        return Boolean.TRUE.equals(noiseOff);
    }

    /** The tables of the paper it has numbers of, in the order it lists them. */
    public List<String> tables() {
        return reported.stream().map(Reported::table).distinct().toList();
    }

    /** The same as {@code reproduce --table} names them ({@link Reported#tableId}). */
    public List<String> tableIds() {
        return reported.stream().map(Reported::tableId).distinct().toList();
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
                return withParent(parse(in, file.toString()), file.toString());
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
            return withParent(parse(in, "recipe " + name), "recipe " + name);
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
        if (recipe.name() == null || (recipe.parent() == null && recipe.dataset() == null)) {
            throw new DataFormatException(source, "a recipe needs name, and dataset or extends");
        }
        if (recipe.pair() != null && !BUILT_IN.contains(recipe.pair())) {
            throw new DataFormatException(
                    source, "its pair '" + recipe.pair() + "' is no built-in recipe");
        }
        return recipe;
    }

    /** {@code child} with what it takes from the recipe it extends (a built-in one). */
    private static Recipe withParent(Recipe child, String source) throws IOException {
        if (child.parent() == null) {
            if (child.train().isEmpty()) {
                throw new DataFormatException(source, "a recipe needs train options");
            }
            return child;
        }
        if (!BUILT_IN.contains(child.parent())) {
            throw new DataFormatException(
                    source, "extends '" + child.parent() + "', which is no built-in recipe");
        }
        Recipe parent = load(child.parent());
        return new Recipe(
                child.name(),
                or(child.title(), parent.title()),
                or(child.paper(), parent.paper()),
                or(child.dataset(), parent.dataset()),
                merged(parent.train(), child.train()),
                merged(parent.evaluate(), child.evaluate()),
                child.reported(),
                or(child.source(), parent.source()),
                child.notes().isEmpty() ? parent.notes() : child.notes(),
                new Scale(
                        merged(parent.smoke().train(), child.smoke().train()),
                        merged(parent.smoke().evaluate(), child.smoke().evaluate()),
                        merged(parent.smoke().extra(), child.smoke().extra())),
                child.parent(),
                child.noiseOff() != null ? child.noiseOff() : parent.noiseOff(),
                or(child.pair(), parent.pair()),
                merged(parent.extra(), child.extra()));
    }

    private static <T> T or(T mine, T theirs) {
        return mine != null ? mine : theirs;
    }

    private static <V> Map<String, V> merged(Map<String, V> base, Map<String, V> over) {
        Map<String, V> out = new LinkedHashMap<>(base);
        out.putAll(over);
        return out;
    }

    /** The attacks of {@code --attacks}, as written. */
    public List<String> attacks() {
        return split(evaluate.getOrDefault("--attacks", ""));
    }

    /** The attacks of the extra evaluation {@code name}: its own, else the recipe's. */
    public List<String> extraAttacks(String name) {
        String own = extra.getOrDefault(name, Map.of()).get("--attacks");
        return own == null ? attacks() : split(own);
    }

    private static List<String> split(String attacks) {
        List<String> out = new ArrayList<>();
        for (String a : attacks.split(";", -1)) {
            if (!a.isBlank()) {
                out.add(a.trim());
            }
        }
        return out;
    }
}
