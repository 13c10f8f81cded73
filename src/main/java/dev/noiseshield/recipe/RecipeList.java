package dev.noiseshield.recipe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code reproduce --list}: each built-in recipe, what it trains, the paper's table and rows it
 * reproduces and how many printed numbers it has to compare; then the tables, with how many recipes
 * {@code reproduce --table} runs for each.
 */
public final class RecipeList {
    /** What of docs/papers/reported-numbers.md no recipe reproduces yet, and why. */
    static final String NOT_YET =
            "not recipes: Table 6's rows quoted from other papers, and the RSE abstract's best"
                    + " earlier defense (other papers' models, which the papers quote)\n";

    private RecipeList() {}

    /** The list as printed. */
    public static String text() throws IOException {
        StringBuilder out = new StringBuilder();
        Map<String, Integer> tables = new LinkedHashMap<>();
        for (String name : Recipe.BUILT_IN) {
            Recipe r = Recipe.load(name);
            out.append(name).append('\n');
            out.append("    trains: ").append(trains(r)).append('\n');
            if (r.reported().isEmpty()) {
                out.append("    paper: no number to compare (").append(r.source()).append(")\n");
            }
            for (String table : r.tables()) {
                List<Recipe.Reported> numbers =
                        r.reported().stream().filter(p -> p.table().equals(table)).toList();
                List<String> rows = new ArrayList<>();
                numbers.stream().map(Recipe.Reported::row).distinct().forEach(rows::add);
                out.append(
                        String.format(
                                Locale.ROOT,
                                "    %s (--table %s), %s: %d number%s to compare%n",
                                table,
                                numbers.get(0).tableId(),
                                String.join("; ", rows),
                                numbers.size(),
                                numbers.size() == 1 ? "" : "s"));
            }
            r.tableIds().forEach(t -> tables.merge(t, 1, Integer::sum));
        }
        out.append("\ntables: ");
        List<String> summary = new ArrayList<>();
        for (String t : TableReproduction.tables()) {
            int n = tables.get(t);
            summary.add(t + " (" + n + " recipe" + (n == 1 ? "" : "s") + ")");
        }
        out.append(String.join(", ", summary)).append('\n');
        out.append(NOT_YET);
        return out.toString();
    }

    /** The defense, model and anything that sets it apart, as its train options say. */
    private static String trains(Recipe r) {
        Map<String, String> t = r.train();
        StringBuilder s = new StringBuilder(t.getOrDefault("--defense", "?"));
        s.append(", ").append(t.getOrDefault("--model", "?"));
        if (t.containsKey("--width")) {
            s.append(" ").append(t.get("--width")).append("x wide");
        }
        for (String option :
                List.of(
                        "--shortcut",
                        "--pni-activation-site",
                        "--train-attack-noise",
                        "--adversarial-training")) {
            if (t.containsKey(option)) {
                s.append(", ").append(option).append(' ').append(t.get(option));
            }
        }
        s.append(", ").append(r.dataset());
        if (r.evaluatesNoiseOff()) {
            s.append("; evaluated with the noise on and off");
        }
        if (!r.extra().isEmpty()) {
            s.append("; also ").append(String.join(", ", r.extra().keySet()));
        }
        if (r.pair() != null) {
            s.append(" (with ").append(r.pair()).append(")");
        }
        return s.toString();
    }
}
