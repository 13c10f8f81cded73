package dev.noiseshield.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.noiseshield.attack.Epsilon;
import dev.noiseshield.eval.Significance;
import dev.noiseshield.run.AtomicFiles;
import dev.noiseshield.run.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link RobustnessReport} as report.json and report.md, and renders comparison tables.
 */
public final class ReportWriter {
    /**
     * A report's JSON without its wall-clock times ({@code seconds} fields), which no two runs
     * share: what two evaluations with the same settings must agree on to the digit, whichever
     * processes or machines ran them.
     */
    public static JsonNode withoutTimings(JsonNode report) {
        JsonNode copy = report.deepCopy();
        removeTimings(copy);
        return copy;
    }

    private static void removeTimings(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("seconds");
        }
        node.forEach(ReportWriter::removeTimings);
    }

    private ReportWriter() {}

    public static void write(RobustnessReport report, Path dir) throws IOException {
        AtomicFiles.write(dir.resolve("report.json"), out -> Json.MAPPER.writeValue(out, report));
        AtomicFiles.writeString(dir.resolve("report.md"), markdown(report));
        if (report.sweeps() != null && !report.sweeps().isEmpty()) {
            StringBuilder csv =
                    new StringBuilder("sweep,attack,parameter,value,accuracy,low95,high95\n");
            for (RobustnessReport.SweepPoint p : report.sweeps()) {
                csv.append(
                        String.format(
                                Locale.ROOT,
                                "%s,%s,%s,%s,%.6f,%.6f,%.6f%n",
                                p.sweep(),
                                p.attack(),
                                p.parameter(),
                                p.value(),
                                p.accuracy(),
                                p.interval().low(),
                                p.interval().high()));
            }
            AtomicFiles.writeString(dir.resolve("sweeps.csv"), csv.toString());
        }
    }

    public static RobustnessReport read(Path file) throws IOException {
        return Json.MAPPER.readValue(file.toFile(), RobustnessReport.class);
    }

    /** One report as a Markdown page. */
    public static String markdown(RobustnessReport r) {
        StringBuilder md = new StringBuilder();
        header(md, r);
        accuracyTable(md, r);
        convergence(md, r);
        cascades(md, r);
        checks(md, r);
        sweeps(md, r);
        scales(md, r);
        return md.toString();
    }

    private static void header(StringBuilder md, RobustnessReport r) {
        md.append("# Robustness of ")
                .append(r.model())
                .append(" (")
                .append(r.defense())
                .append(") on ")
                .append(r.dataset())
                .append("\n\n");
        RobustnessReport.Evaluation e = r.evaluation();
        String images =
                e.attackExamples() == e.testExamples()
                        ? String.format(Locale.ROOT, "all %d test images", e.testExamples())
                        : String.format(
                                Locale.ROOT,
                                "the first %d of %d test images (clean accuracy on all of them:"
                                        + " %.2f%%)",
                                e.attackExamples(),
                                e.testExamples(),
                                100 * r.clean().testSetAccuracy());
        md.append(
                String.format(
                        Locale.ROOT,
                        "Noise %s; %s; mean +- std over %d repeats (seeds %s) on %s.%n%n",
                        e.noiseMode(),
                        e.scoring(),
                        e.repeats(),
                        e.seeds(),
                        images));
        md.append("Robust: ").append(e.robustRule()).append(".\n\n");
        md.append("Scoring: ").append(e.scoringRules()).append(".\n\n");
        md.append(e.intervals()).append(".\n\n");
    }

    private static void accuracyTable(StringBuilder md, RobustnessReport r) {
        md.append(
                "| evaluation | norm | eps | steps | EOT (draws used) | accuracy (%) | 95% interval"
                        + " | majority vote [95%] | all draws [95%] | perturbation mean / max |\n"
                        + "|---|---|---|---|---|---|---|---|---|---|\n");
        md.append(
                String.format(
                        Locale.ROOT,
                        "| clean | | | | | %s | %s | | | |%n",
                        pct(r.clean().accuracy(), r.clean().std()),
                        interval(r.clean().interval())));
        for (RobustnessReport.AttackResult a : r.attacks()) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %d | %d (%d) | %s | %s | %s | %s | %.4g / %.4g |%n",
                            nameWithConvergence(r, a.name()),
                            a.norm(),
                            Epsilon.format(a.epsilon()),
                            a.steps(),
                            a.eot(),
                            a.gradientDraws(),
                            pct(a.accuracy(), a.std()),
                            interval(a.interval()),
                            withInterval(a.majorityVote(), a.majorityVoteInterval()),
                            withInterval(a.allDraws(), a.allDrawsInterval()),
                            a.meanSize(),
                            a.maxSize()));
        }
        RobustnessReport.WorstCase w = r.worstCase();
        if (w != null) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| **worst case per example** | | | | | %s | %s | %s | %s | |%n",
                            pct(w.accuracy(), w.std()),
                            interval(w.interval()),
                            withInterval(w.majorityVote(), w.majorityVoteInterval()),
                            withInterval(w.allDraws(), w.allDrawsInterval())));
            double weakestRow =
                    r.attacks().stream()
                            .mapToDouble(RobustnessReport.AttackResult::accuracy)
                            .min()
                            .orElse(Double.NaN);
            if (w.accuracy() > weakestRow + 1e-12) {
                md.append(
                        "\nThe worst case reads above an attack's row: each image's worst input is"
                                + " chosen on selection draws and counted on other draws, so where"
                                + " attacks are about as strong it is their common strength, not"
                                + " the lower minimum of noisy scores (docs/evaluation.md, worst"
                                + " case).\n");
            }
        }
    }

    /** An attack's name, with "(converged)" or "(**NOT converged**)" where --converge grew it. */
    private static String nameWithConvergence(RobustnessReport r, String name) {
        RobustnessReport.Converged c = r.convergenceOf(name);
        return c == null ? name : name + (c.converged() ? " (converged)" : " (**NOT converged**)");
    }

    /**
     * In a comparison's cell, the attack --converge grew for this model, which the row's name (the
     * first model's) may not be: " (pgd-40, converged)"; empty for an attack run as given.
     */
    private static String grownAs(RobustnessReport r, String name) {
        RobustnessReport.Converged c = r.convergenceOf(name);
        return c == null ? "" : " (" + name + ", " + c.label() + ")";
    }

    /** What --converge grew, and how each setting's curve ended. */
    private static void convergence(StringBuilder md, RobustnessReport r) {
        if (r.convergence().isEmpty()) {
            return;
        }
        md.append("\nConverged budgets (--converge: each setting doubles until one doubling lowers")
                .append(" accuracy by less than the tolerance and not significantly; curves in")
                .append(" Sweeps):\n\n");
        for (RobustnessReport.Converged c : r.convergence()) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "- %s, grown from %s: %s (tolerance %.3f, cap %dx); %s%n",
                            c.attack(),
                            c.from(),
                            c.converged()
                                    ? "converged"
                                    : "**NOT converged**: still falling at the cap, the number is"
                                            + " an upper bound",
                            c.tolerance(),
                            c.cap(),
                            String.join("; ", c.curves())));
        }
    }

    /**
     * An accuracy with its interval, "88.10 [86.6, 89.5]"; reports read from older files have none.
     */
    private static String withInterval(double accuracy, Significance.Interval i) {
        return cell(accuracy, i);
    }

    /** How each cascade spent its attacks, in the first repeat. */
    private static void cascades(StringBuilder md, RobustnessReport r) {
        for (RobustnessReport.AttackResult a : r.attacks()) {
            if (a.components().isEmpty()) {
                continue;
            }
            md.append("\n")
                    .append(a.name())
                    .append(" runs as a cascade, each attack on the images still robust (first")
                    .append(" repeat):\n\n| attack | images attacked | accuracy after (%) | s |\n")
                    .append("|---|---|---|---|\n");
            for (RobustnessReport.Stage stage : a.stages()) {
                md.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %d | %.2f | %.1f |%n",
                                stage.attack(),
                                stage.attacked(),
                                100 * stage.accuracy(),
                                stage.seconds()));
            }
        }
    }

    private static void checks(StringBuilder md, RobustnessReport r) {
        if (r.checks() != null && !r.checks().isEmpty()) {
            boolean failed = r.checks().stream().anyMatch(RobustnessReport.Check::failed);
            md.append(
                    String.format(
                            Locale.ROOT,
                            "%nSanity checks: %s%s%n%n| check | verdict | numbers |%n"
                                    + "|---|---|---|%n",
                            RobustnessReport.Check.tally(r.checks()),
                            failed
                                    ? "; **the failed ones make the numbers above doubtful**."
                                    : "."));
            for (RobustnessReport.Check c : r.checks()) {
                md.append("| ")
                        .append(c.name())
                        .append(" | ")
                        .append(c.failed() ? "**FAILED**" : c.verdict().label())
                        .append(" | ")
                        .append(c.detail())
                        .append(" |\n");
            }
        }
    }

    private static void sweeps(StringBuilder md, RobustnessReport r) {
        if (r.sweeps() != null && !r.sweeps().isEmpty()) {
            md.append(
                    """

                    Sweeps (also in sweeps.csv):

                    | sweep | attack | parameter | value | accuracy (%) | 95% interval |
                    |---|---|---|---|---|---|
                    """);
            for (RobustnessReport.SweepPoint p : r.sweeps()) {
                md.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %s | %s | %s | %.2f | %s |%n",
                                p.sweep(),
                                p.attack(),
                                p.parameter(),
                                value(p),
                                100 * p.accuracy(),
                                interval(p.interval())));
            }
        }
    }

    private static void scales(StringBuilder md, RobustnessReport r) {
        if (!r.noise().scales().isEmpty()) {
            md.append(
                    "\n"
                        + "Learned noise scales (mean over each layer: PNI scale a, colored-noise"
                        + " diagonal std, feature-noise std per dimension):\n\n"
                        + "| layer | scale |\n"
                        + "|---|---|\n");
            for (Map.Entry<String, List<Float>> s : r.noise().scales().entrySet()) {
                md.append(
                        String.format(
                                Locale.ROOT, "| %s | %.4f |%n", s.getKey(), meanOf(s.getValue())));
            }
        }
    }

    /**
     * Several reports side by side: one column per model, one row per evaluation, each accuracy
     * with its 95% interval; the worst case's paired test of each model against the first, and
     * below the table every pair's ({@link PairedTests}).
     */
    public static String comparison(List<RobustnessReport> reports) {
        List<String> header = new java.util.ArrayList<>();
        List<List<String>> rows = new java.util.ArrayList<>();
        reports.forEach(r -> header.add(r.defense()));
        rows.add(row("clean", reports, r -> cell(r.clean().accuracy(), r.clean().interval())));
        for (int a = 0; a < reports.get(0).attacks().size(); a++) {
            RobustnessReport.AttackResult first = reports.get(0).attacks().get(a);
            int attack = a;
            rows.add(
                    row(
                            first.name() + " eps=" + Epsilon.format(first.epsilon()),
                            reports,
                            r ->
                                    cell(
                                                    r.attacks().get(attack).accuracy(),
                                                    r.attacks().get(attack).interval())
                                            + grownAs(r, r.attacks().get(attack).name())));
        }
        List<PairedTests.Pair> pairs = List.of();
        if (reports.stream().allMatch(r -> r.worstCase() != null)) {
            rows.add(
                    row(
                            "worst case",
                            reports,
                            r -> cell(r.worstCase().accuracy(), r.worstCase().interval())));
            pairs =
                    PairedTests.of(
                            reports.stream()
                                    .map(r -> PairedTests.scores(r.worstCase().scores()))
                                    .toList());
            if (reports.size() > 1 && !pairs.isEmpty()) {
                rows.add(againstFirst(reports, pairs));
            }
        }
        if (reports.stream().allMatch(r -> r.checks() != null && !r.checks().isEmpty())) {
            rows.add(row("sanity checks", reports, r -> RobustnessReport.Check.tally(r.checks())));
        }
        StringBuilder t = new StringBuilder(table("accuracy % [95% CI]", header, rows));
        if (!pairs.isEmpty()) {
            t.append('\n').append(PairedTests.DESCRIPTION).append(":\n");
            for (PairedTests.Pair p : pairs) {
                t.append(
                        String.format(
                                Locale.ROOT,
                                "  %s vs %s: p %s (%s higher on %d images, %s on %d)%n",
                                reports.get(p.b()).defense(),
                                reports.get(p.a()).defense(),
                                Significance.formatP(p.adjustedP()),
                                reports.get(p.b()).defense(),
                                p.test().onlyB(),
                                reports.get(p.a()).defense(),
                                p.test().onlyA()));
            }
        }
        for (RobustnessReport r : reports) {
            if (!r.noise().scales().isEmpty()) {
                t.append("\nlearned noise scales of ").append(r.defense()).append(":");
                r.noise()
                        .scales()
                        .forEach(
                                (layer, v) ->
                                        t.append(
                                                String.format(
                                                        Locale.ROOT,
                                                        "%n  %-40s %.4f",
                                                        layer,
                                                        meanOf(v))));
                t.append('\n');
            }
        }
        return t.toString();
    }

    /** One row of the comparison: its label, then one cell per model. */
    private static List<String> row(
            String label,
            List<RobustnessReport> reports,
            java.util.function.Function<RobustnessReport, String> cell) {
        List<String> cells = new java.util.ArrayList<>(List.of(label));
        reports.forEach(r -> cells.add(cell.apply(r)));
        return cells;
    }

    /** A plain-text table whose columns are as wide as their widest cell (at least 20). */
    private static String table(String corner, List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size() + 1];
        width[0] = corner.length();
        for (int c = 0; c < header.size(); c++) {
            width[c + 1] = Math.max(20, header.get(c).length());
        }
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        width[0] = Math.max(width[0], 22);
        StringBuilder t = new StringBuilder();
        List<String> top = new java.util.ArrayList<>(List.of(corner));
        top.addAll(header);
        line(t, top, width);
        int total = width[0];
        for (int c = 1; c < width.length; c++) {
            total += 3 + width[c];
        }
        t.append("-".repeat(total)).append('\n');
        rows.forEach(row -> line(t, row, width));
        return t.toString();
    }

    private static void line(StringBuilder t, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            line.append(c == 0 ? "" : " | ")
                    .append(String.format(Locale.ROOT, "%-" + width[c] + "s", cells.get(c)));
        }
        t.append(line.toString().stripTrailing()).append('\n');
    }

    /**
     * The row of each model's worst case against the first model's: the Holm-adjusted p of their
     * paired test and the images each scores higher on.
     */
    private static List<String> againstFirst(
            List<RobustnessReport> reports, List<PairedTests.Pair> pairs) {
        List<String> cells = new java.util.ArrayList<>();
        cells.add("vs " + reports.get(0).defense());
        cells.add(""); // the first model's own
        for (int b = 1; b < reports.size(); b++) {
            int other = b;
            cells.add(
                    pairs.stream()
                            .filter(p -> p.a() == 0 && p.b() == other)
                            .findFirst()
                            .map(
                                    p ->
                                            String.format(
                                                    Locale.ROOT,
                                                    "p %s (+%d/-%d)",
                                                    Significance.formatP(p.adjustedP()),
                                                    p.test().onlyB(),
                                                    p.test().onlyA()))
                            .orElse(""));
        }
        return cells;
    }

    private static String cell(double accuracy, Significance.Interval i) {
        return i == null
                ? String.format(Locale.ROOT, "%.2f", 100 * accuracy)
                : String.format(
                        Locale.ROOT,
                        "%.2f [%.1f, %.1f]",
                        100 * accuracy,
                        100 * i.low(),
                        100 * i.high());
    }

    /** A sweep's value as written: eps as papers do (0.45, 8/255), counts as integers. */
    private static String value(RobustnessReport.SweepPoint p) {
        return p.parameter().equals("eps")
                ? Epsilon.format((float) p.value())
                : String.format(Locale.ROOT, "%.0f", p.value());
    }

    private static String interval(Significance.Interval i) {
        return i == null
                ? ""
                : String.format(Locale.ROOT, "%.2f-%.2f", 100 * i.low(), 100 * i.high());
    }

    private static String pct(double mean, double std) {
        return String.format(Locale.ROOT, "%.2f +- %.2f", 100 * mean, 100 * std);
    }

    private static double meanOf(List<Float> values) {
        return values.stream().mapToDouble(Float::doubleValue).average().orElse(Double.NaN);
    }
}
