package dev.noiseshield.recipe;

import dev.noiseshield.run.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * {@code reproduce --table}: every recipe with numbers of one table of the paper, in the order of
 * the built-in recipes, each into its own folder (so that a second run resumes or reuses each one,
 * and a recipe run alone before is reused), then one page for the table: each of its printed
 * numbers beside ours.
 *
 * @param table the table's short name ({@link Recipe.Reported#tableId}: {@code pni-2})
 * @param scale {@code smoke} or {@code full}
 * @param dir where the recipes' folders are ({@code RECIPE-SCALE} beside the page, as {@code
 *     reproduce RECIPE} makes them) and the page goes ({@code TABLE-SCALE.md} and {@code .html})
 * @param added options added to every {@code train} and {@code evaluate}
 */
public record TableReproduction(String table, String scale, Path dir, AddedOptions added) {

    public TableReproduction {
        Reproduction.checkScale(scale);
        if (recipesOf(table).isEmpty()) {
            throw new IllegalArgumentException(
                    "--table: no recipe has numbers of '"
                            + table
                            + "'; the tables are "
                            + String.join(", ", tables()));
        }
    }

    /**
     * The tables the built-in recipes have numbers of: the PNI paper's by number, then the others
     * in the order the recipes name them.
     */
    public static List<String> tables() {
        List<String> all = new ArrayList<>();
        for (Recipe r : builtIn()) {
            r.tableIds().stream().filter(t -> !all.contains(t)).forEach(all::add);
        }
        all.sort(
                java.util.Comparator.comparing((String t) -> !t.matches("pni-\\d+"))
                        .thenComparing(t -> t.matches("pni-\\d+") ? t : ""));
        return all;
    }

    /** The built-in recipes with numbers of {@code table}, in their order. */
    public static List<Recipe> recipesOf(String table) {
        return builtIn().stream().filter(r -> r.tableIds().contains(table)).toList();
    }

    private static List<Recipe> builtIn() {
        List<Recipe> all = new ArrayList<>();
        for (String name : Recipe.BUILT_IN) {
            try {
                all.add(Recipe.load(name));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return all;
    }

    /** The folder of one recipe of the table. */
    public Path folderOf(Recipe recipe) {
        return dir.resolve(recipe.name() + "-" + scale);
    }

    /** Runs each recipe in turn, then writes the table's page; returns its Markdown. */
    public String run(ToIntFunction<List<String>> cli, PrintStream log) throws IOException {
        List<Recipe> recipes = recipesOf(table);
        List<ReproductionPage.TableEntry> entries = new ArrayList<>();
        for (int i = 0; i < recipes.size(); i++) {
            Recipe recipe = recipes.get(i);
            log.printf(
                    Locale.ROOT,
                    "%s: row %d of %d, %s%n",
                    table,
                    i + 1,
                    recipes.size(),
                    recipe.name());
            Reproduction.Result result =
                    new Reproduction(recipe, scale, folderOf(recipe), added).run(cli, log);
            for (Recipe.Reported paper : recipe.reported()) {
                if (paper.tableId().equals(table)) {
                    Reproduction.Row ours =
                            result.rows().stream()
                                    .filter(r -> r.key().equals(paper.ours()))
                                    .findFirst()
                                    .orElse(null);
                    entries.add(
                            new ReproductionPage.TableEntry(
                                    recipe.name(),
                                    dir.relativize(folderOf(recipe).resolve("reproduction.html"))
                                            .toString(),
                                    paper,
                                    ours));
                }
            }
        }
        String md = markdown(entries);
        AtomicFiles.writeString(page("md"), md);
        AtomicFiles.writeString(page("html"), ReproductionPage.ofTable(table, scale, entries));
        return md;
    }

    /** The table's page: {@code TABLE-SCALE.md} or {@code .html} in {@link #dir}. */
    public Path page(String extension) {
        return dir.resolve(table + "-" + scale + "." + extension);
    }

    private String markdown(List<ReproductionPage.TableEntry> entries) {
        StringBuilder md =
                new StringBuilder("# ")
                        .append(entries.isEmpty() ? table : entries.get(0).paper().tableTitle())
                        .append(", reproduced (")
                        .append(scale)
                        .append(" scale)\n\n| cell | paper | ours [95% CI] | recipe |\n")
                        .append("|---|---:|---:|---|\n");
        for (ReproductionPage.TableEntry e : entries) {
            md.append("| ")
                    .append(e.paper().cell().replace("|", "/"))
                    .append(" | ")
                    .append(Reproduction.paperCell(List.of(e.paper())))
                    .append(" | ")
                    .append(e.ours() == null ? "-" : ReproductionPage.ours(e.ours()))
                    .append(" | ")
                    .append(e.recipe())
                    .append(" |\n");
        }
        if (scale.equals("smoke")) {
            md.append(
                    "\nSmoke scale: each row's code path on a few hundred images for an epoch, not"
                            + " the paper's budget.\n");
        }
        return md.toString();
    }
}
