package dev.noiseshield.eval;

import dev.noiseshield.attack.Epsilon;
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
    private ReportWriter() {}

    public static void write(RobustnessReport report, Path dir) throws IOException {
        AtomicFiles.write(dir.resolve("report.json"), out -> Json.MAPPER.writeValue(out, report));
        AtomicFiles.writeString(dir.resolve("report.md"), markdown(report));
        if (report.sweeps() != null && !report.sweeps().isEmpty()) {
            StringBuilder csv = new StringBuilder("sweep,attack,parameter,value,accuracy\n");
            for (RobustnessReport.SweepPoint p : report.sweeps()) {
                csv.append(
                        String.format(
                                Locale.ROOT,
                                "%s,%s,%s,%s,%.6f%n",
                                p.sweep(),
                                p.attack(),
                                p.parameter(),
                                p.value(),
                                p.accuracy()));
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
        md.append("# Robustness of ")
                .append(r.model())
                .append(" (")
                .append(r.defense())
                .append(") on ")
                .append(r.dataset())
                .append("\n\n");
        RobustnessReport.Evaluation e = r.evaluation();
        md.append(
                String.format(
                        Locale.ROOT,
                        "Noise %s; %s; mean +- std over %d repeats (seeds %s); clean accuracy on"
                                + " %d test images, attacks on the first %d.%n%n",
                        e.noiseMode(),
                        e.scoring(),
                        e.repeats(),
                        e.seeds(),
                        e.testExamples(),
                        e.attackExamples()));
        md.append("Scoring: ").append(e.scoringRules()).append(".\n\n");
        md.append(
                "| evaluation | norm | eps | steps | EOT (draws used) | accuracy | majority vote |"
                        + " all draws |\n"
                        + "|---|---|---|---|---|---|---|---|\n");
        md.append(
                String.format(
                        Locale.ROOT,
                        "| clean | | | | | %s | | |%n",
                        pct(r.clean().accuracy(), r.clean().std())));
        for (RobustnessReport.AttackResult a : r.attacks()) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %d | %d (%d) | %s | %.2f | %.2f |%n",
                            a.name(),
                            a.norm(),
                            Epsilon.format(a.epsilon()),
                            a.steps(),
                            a.eot(),
                            a.gradientDraws(),
                            pct(a.accuracy(), a.std()),
                            100 * a.majorityVote(),
                            100 * a.allDraws()));
        }
        if (r.worstCase() != null) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| **worst case per example** | | | | | %s | %.2f | %.2f |%n",
                            pct(r.worstCase().accuracy(), r.worstCase().std()),
                            100 * r.worstCase().majorityVote(),
                            100 * r.worstCase().allDraws()));
        }
        for (RobustnessReport.AttackResult a : r.attacks()) {
            if (!a.components().isEmpty()) {
                md.append("\n")
                        .append(a.name())
                        .append(" is the per-example worst case of: ")
                        .append(String.join(", ", a.components()))
                        .append(".\n");
            }
        }
        if (r.checks() != null && !r.checks().isEmpty()) {
            long failed = r.checks().stream().filter(c -> !c.passed()).count();
            md.append(
                    String.format(
                            Locale.ROOT,
                            "%nSanity checks: %d of %d passed%s%n%n| check | result | numbers |%n"
                                    + "|---|---|---|%n",
                            r.checks().size() - failed,
                            r.checks().size(),
                            failed == 0
                                    ? "."
                                    : "; **the failed ones make the numbers above doubtful**."));
            for (RobustnessReport.Check c : r.checks()) {
                md.append("| ")
                        .append(c.name())
                        .append(" | ")
                        .append(c.passed() ? "passed" : "**FAILED**")
                        .append(" | ")
                        .append(c.detail())
                        .append(" |\n");
            }
        }
        if (r.sweeps() != null && !r.sweeps().isEmpty()) {
            md.append(
                    """

                    Sweeps (also in sweeps.csv):

                    | sweep | attack | parameter | value | accuracy |
                    |---|---|---|---|---|
                    """);
            for (RobustnessReport.SweepPoint p : r.sweeps()) {
                md.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %s | %s | %s | %.2f |%n",
                                p.sweep(),
                                p.attack(),
                                p.parameter(),
                                p.value(),
                                100 * p.accuracy()));
            }
        }
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
        return md.toString();
    }

    /** Several reports side by side: one column per model, one row per evaluation. */
    public static String comparison(List<RobustnessReport> reports) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%-22s", "accuracy (%)"));
        for (RobustnessReport r : reports) {
            t.append(String.format(Locale.ROOT, " | %-20s", r.defense()));
        }
        t.append('\n').append("-".repeat(22 + 23 * reports.size())).append('\n');
        t.append(String.format(Locale.ROOT, "%-22s", "clean"));
        for (RobustnessReport r : reports) {
            t.append(
                    String.format(
                            Locale.ROOT, " | %-20s", pct(r.clean().accuracy(), r.clean().std())));
        }
        t.append('\n');
        for (int a = 0; a < reports.get(0).attacks().size(); a++) {
            RobustnessReport.AttackResult first = reports.get(0).attacks().get(a);
            t.append(
                    String.format(
                            Locale.ROOT,
                            "%-22s",
                            first.name() + " eps=" + Epsilon.format(first.epsilon())));
            for (RobustnessReport r : reports) {
                RobustnessReport.AttackResult x = r.attacks().get(a);
                t.append(String.format(Locale.ROOT, " | %-20s", pct(x.accuracy(), x.std())));
            }
            t.append('\n');
        }
        if (reports.stream().allMatch(r -> r.worstCase() != null)) {
            t.append(String.format(Locale.ROOT, "%-22s", "worst case"));
            for (RobustnessReport r : reports) {
                t.append(
                        String.format(
                                Locale.ROOT,
                                " | %-20s",
                                pct(r.worstCase().accuracy(), r.worstCase().std())));
            }
            t.append('\n');
        }
        if (reports.stream().allMatch(r -> r.checks() != null && !r.checks().isEmpty())) {
            t.append(String.format(Locale.ROOT, "%-22s", "sanity checks passed"));
            for (RobustnessReport r : reports) {
                long passed = r.checks().stream().filter(RobustnessReport.Check::passed).count();
                t.append(String.format(Locale.ROOT, " | %-20s", passed + "/" + r.checks().size()));
            }
            t.append('\n');
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

    private static String pct(double mean, double std) {
        return String.format(Locale.ROOT, "%.2f +- %.2f", 100 * mean, 100 * std);
    }

    private static double meanOf(List<Float> values) {
        return values.stream().mapToDouble(Float::doubleValue).average().orElse(Double.NaN);
    }
}
