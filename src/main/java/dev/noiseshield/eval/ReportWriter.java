package dev.noiseshield.eval;

import dev.noiseshield.run.AtomicFiles;
import dev.noiseshield.run.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a {@link RobustnessReport} as report.json and report.md, and renders comparison tables. */
public final class ReportWriter {
    private ReportWriter() {}

    public static void write(RobustnessReport report, Path dir) throws IOException {
        AtomicFiles.write(dir.resolve("report.json"), out -> Json.MAPPER.writeValue(out, report));
        AtomicFiles.writeString(dir.resolve("report.md"), markdown(report));
    }

    public static RobustnessReport read(Path file) throws IOException {
        return Json.MAPPER.readValue(file.toFile(), RobustnessReport.class);
    }

    /** One report as a Markdown page. */
    public static String markdown(RobustnessReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# Robustness of ").append(r.model()).append(" (").append(r.defense()).append(") on ")
                .append(r.dataset()).append("\n\n");
        RobustnessReport.Evaluation e = r.evaluation();
        md.append(String.format(Locale.ROOT, "Noise %s; %s; mean +- std over %d repeats (seeds %s); clean accuracy on"
                + " %d test images, attacks on the first %d.%n%n", e.noiseMode(), e.scoring(), e.repeats(), e.seeds(),
                e.testExamples(), e.attackExamples()));
        md.append("| evaluation | norm | eps | steps | EOT (draws used) | accuracy |\n|---|---|---|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| clean | | | | | %s |%n", pct(r.clean().accuracy(), r.clean().std())));
        for (RobustnessReport.AttackResult a : r.attacks()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d (%d) | %s |%n", a.name(), a.norm(),
                    a.epsilon(), a.steps(), a.eot(), a.gradientDraws(), pct(a.accuracy(), a.std())));
        }
        if (!r.noise().scales().isEmpty()) {
            md.append("\nLearned noise scales (mean over each layer: PNI scale a, colored-noise diagonal std, feature-noise std per dimension):\n\n| layer | scale |\n|---|---|\n");
            for (Map.Entry<String, List<Float>> s : r.noise().scales().entrySet()) {
                md.append(String.format(Locale.ROOT, "| %s | %.4f |%n", s.getKey(), meanOf(s.getValue())));
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
            t.append(String.format(Locale.ROOT, " | %-20s", pct(r.clean().accuracy(), r.clean().std())));
        }
        t.append('\n');
        for (int a = 0; a < reports.get(0).attacks().size(); a++) {
            RobustnessReport.AttackResult first = reports.get(0).attacks().get(a);
            t.append(String.format(Locale.ROOT, "%-22s", first.name() + " eps=" + first.epsilon()));
            for (RobustnessReport r : reports) {
                RobustnessReport.AttackResult x = r.attacks().get(a);
                t.append(String.format(Locale.ROOT, " | %-20s", pct(x.accuracy(), x.std())));
            }
            t.append('\n');
        }
        for (RobustnessReport r : reports) {
            if (!r.noise().scales().isEmpty()) {
                t.append("\nlearned noise scales of ").append(r.defense()).append(":");
                r.noise().scales().forEach((layer, v) ->
                        t.append(String.format(Locale.ROOT, "%n  %-40s %.4f", layer, meanOf(v))));
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
