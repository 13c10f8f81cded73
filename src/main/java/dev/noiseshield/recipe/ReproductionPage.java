package dev.noiseshield.recipe;

import dev.noiseshield.report.Html;
import dev.noiseshield.report.RobustnessReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pages a reader opens: {@code reproduction.html} of one recipe (the paper's numbers beside
 * ours with their intervals, the learned noise scales, the notes and the paper's gradient-masking
 * checklist) and the page of a whole table ({@code reproduce --table}).
 */
final class ReproductionPage {
    private ReproductionPage() {}

    /** One recipe's page. */
    static String of(
            Recipe recipe, String scale, List<Reproduction.Row> rows, RobustnessReport report) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(Html.esc(recipe.title())).append(" (").append(scale);
        b.append(" scale)</h1>");
        b.append("<p>Paper: ").append(Html.esc(recipe.paper())).append("</p>");
        if (recipe.source() != null) {
            b.append("<p>Reported: ").append(Html.esc(recipe.source())).append("</p>");
        }
        if (scale.equals("smoke")) {
            b.append("<p class=\"verdict bad\">Smoke scale: the recipe's code path on a few")
                    .append(" hundred images for an epoch; its numbers say the pipeline runs,")
                    .append(" not what the paper's budget gives (--scale full).</p>");
        }
        b.append("<h2>The paper's numbers beside ours</h2>");
        b.append("<p class=\"note\">").append(Html.esc(Reproduction.UNITS)).append("</p>");
        List<List<String>> table = new ArrayList<>();
        for (Reproduction.Row r : rows) {
            table.add(
                    List.of(
                            Html.esc(r.row()),
                            "<span class=\"num\">"
                                    + Html.esc(Reproduction.paperCell(r.paper()))
                                    + "</span>",
                            "<span class=\"num\">" + Html.esc(ours(r)) + "</span>"));
        }
        b.append(Html.table(List.of("", "paper (table)", "ours [95% CI]"), table));
        b.append(scales(report.noise().scales()));
        if (!recipe.notes().isEmpty()) {
            b.append("<h2>Notes</h2><ul>");
            recipe.notes().forEach(n -> b.append("<li>").append(Html.esc(n)).append("</li>"));
            b.append("</ul>");
        }
        b.append("<h2>The paper's gradient-masking checklist (its Table 7)</h2>");
        List<List<String>> items = new ArrayList<>();
        for (List<String> row : MaskingChecklist.rows(report.checks())) {
            items.add(row.stream().map(Html::esc).toList());
        }
        b.append(Html.table(List.of("the paper's item", "our check", "verdict here"), items));
        b.append("<p>Checks we add: ")
                .append(Html.esc(MaskingChecklist.added(report.checks())))
                .append(".</p>");
        return Html.page(recipe.title(), b.toString());
    }

    /**
     * Ours as the tables show it: a percentage with its interval, a count, a size or a rate, or
     * "-".
     */
    static String ours(Reproduction.Row r) {
        if (r.ours() == null) {
            // measured, and no perturbation fooled the model: there is no mean to show
            boolean noneFooled =
                    r.key().contains(Reproduction.FOOLED_SIZE)
                            && !r.row().endsWith(Reproduction.NOT_MEASURED);
            return noneFooled ? "none fooled" : "-";
        }
        if (r.low() != null) {
            return String.format(Locale.ROOT, "%.2f [%.1f, %.1f]", r.ours(), r.low(), r.high());
        }
        if (r.key().equals(Reproduction.PARAMETERS)) {
            return String.format(Locale.ROOT, "%,.0f", r.ours());
        }
        // a perturbation's size or a scale wants its third decimal (the paper prints 0.12, 0.146)
        return String.format(
                Locale.ROOT,
                r.key().contains(Reproduction.FOOLED_SIZE) || r.key().contains(Reproduction.SCALE)
                        ? "%.3f"
                        : "%.2f",
                r.ours());
    }

    /**
     * The learned noise scales by layer, as trained; the PNI paper prints its layer-wise ones in
     * Table 1.
     */
    private static String scales(Map<String, List<Float>> scales) {
        if (scales == null || scales.isEmpty()) {
            return "";
        }
        List<List<String>> rows = new ArrayList<>();
        scales.forEach(
                (layer, values) ->
                        rows.add(
                                List.of(
                                        Html.esc(layer),
                                        "<span class=\"num\">"
                                                + Html.esc(summary(values))
                                                + "</span>")));
        return "<h2>Learned noise scales</h2><p class=\"note\">The PNI paper prints the"
                + " layer-wise scales its PNI-W converged to in its Table 1"
                + " (docs/papers/reported-numbers.md).</p>"
                + Html.table(List.of("layer", "scale (mean over its elements)"), rows);
    }

    private static String summary(List<Float> values) {
        double mean = values.stream().mapToDouble(Float::doubleValue).average().orElse(Double.NaN);
        return values.size() == 1
                ? String.format(Locale.ROOT, "%.4f", mean)
                : String.format(Locale.ROOT, "%.4f (%d values)", mean, values.size());
    }

    /** One number of a table: the recipe that reproduces it and its row there. */
    record TableEntry(String recipe, String link, Recipe.Reported paper, Reproduction.Row ours) {}

    /** A whole table's page: each of its printed numbers beside ours, row by row. */
    static String ofTable(String table, String scale, List<TableEntry> entries) {
        StringBuilder b = new StringBuilder();
        String name = entries.isEmpty() ? table : entries.get(0).paper().tableTitle();
        String title = name + ", reproduced (" + scale + " scale)";
        b.append("<h1>").append(Html.esc(title)).append("</h1>");
        if (scale.equals("smoke")) {
            b.append("<p class=\"verdict bad\">Smoke scale: each row's code path on a few")
                    .append(" hundred images for an epoch, not the paper's budget.</p>");
        }
        List<List<String>> rows = new ArrayList<>();
        for (TableEntry e : entries) {
            rows.add(
                    List.of(
                            Html.esc(e.paper().cell()),
                            "<span class=\"num\">"
                                    + Html.esc(Reproduction.paperCell(List.of(e.paper())))
                                    + "</span>",
                            "<span class=\"num\">"
                                    + Html.esc(e.ours() == null ? "-" : ours(e.ours()))
                                    + "</span>",
                            "<a href=\""
                                    + Html.esc(e.link())
                                    + "\">"
                                    + Html.esc(e.recipe())
                                    + "</a>"));
        }
        b.append(Html.table(List.of("cell", "paper", "ours [95% CI]", "recipe"), rows));
        return Html.page(title, b.toString());
    }
}
