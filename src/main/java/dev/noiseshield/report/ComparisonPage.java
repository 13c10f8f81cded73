package dev.noiseshield.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.eval.Significance;
import dev.noiseshield.run.AtomicFiles;
import dev.noiseshield.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code comparison.html} of a comparison folder ({@code compare}, {@code demo}): one column per
 * defense, its curves as one line per defense, each defense's checks, and links to the runs' own
 * pages. Self-contained as {@link RunPage} is.
 */
public final class ComparisonPage {
    public static final String FILE = "comparison.html";

    private ComparisonPage() {}

    /**
     * Writes {@code out/comparison.html} for the run folders in {@code out}, in order.
     *
     * @param heading what the comparison is, as comparison.md says it
     */
    public static Path write(Path out, List<String> runs, String heading) throws IOException {
        List<JsonNode> reports = new ArrayList<>();
        for (String run : runs) {
            Path file = out.resolve(run).resolve("report.json");
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + ": missing (evaluate " + run + " first)");
            }
            reports.add(Json.MAPPER.readTree(file.toFile()));
        }
        StringBuilder body =
                new StringBuilder("<h1>Comparison</h1><p>")
                        .append(Html.esc(heading))
                        .append("</p>");
        List<List<String>> verdicts = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            verdicts.add(trustRow(runs.get(i), reports.get(i)));
        }
        body.append("<h2>Accuracy</h2>").append(Sections.summary(reports, runs));
        body.append(pairedTest(reports, runs));
        body.append(Sections.rules(reports.get(0)));
        body.append("<h2>Is the evaluation trustworthy?</h2>")
                .append(
                        Html.table(
                                List.of("defense (its page)", "sanity checks", "failed checks"),
                                verdicts));
        body.append("<h2>Robustness curves</h2>").append(Sections.sweepCharts(reports, runs));
        Path file = out.resolve(FILE);
        AtomicFiles.writeString(file, Html.page("NoiseShield comparison", body.toString()));
        return file;
    }

    /** A defense's link, its checks' tally, and the names of the failed ones. */
    private static List<String> trustRow(String run, JsonNode report) {
        int total = report.path("checks").size();
        List<String> failed = Sections.failedChecks(report);
        String link =
                "<a href=\"" + Html.esc(run + "/" + RunPage.FILE) + "\">" + Html.esc(run) + "</a>";
        String names =
                failed.stream().map(Html::esc).collect(java.util.stream.Collectors.joining("<br>"));
        return List.of(
                link,
                total == 0 ? "<span class=\"failed\">none run</span>" : Sections.tally(report),
                failed.isEmpty()
                        ? (total == 0 ? "" : "<span class=\"passed\">none</span>")
                        : "<span class=\"failed\">" + names + "</span>");
    }

    /** Per image, whether the worst case left it right (the majority of its draws). */
    private static boolean[] correct(JsonNode report) {
        JsonNode scores = report.path("worstCase").path("scores");
        float[] f = new float[scores.size()];
        for (int k = 0; k < f.length; k++) {
            f[k] = (float) scores.get(k).asDouble();
        }
        return Significance.correct(f);
    }

    /** Which defense is more robust: each worst case against the first's, McNemar's exact test. */
    private static String pairedTest(List<JsonNode> reports, List<String> runs) {
        if (reports.size() < 2 || !reports.get(0).hasNonNull("worstCase")) {
            return "";
        }
        List<List<String>> rows = new ArrayList<>();
        boolean[] first = correct(reports.get(0));
        for (int i = 1; i < reports.size(); i++) {
            boolean[] other = correct(reports.get(i));
            if (other.length != first.length) {
                continue;
            }
            Significance.Paired test = Significance.paired(first, other);
            int onlyOther = test.onlyB();
            int onlyFirst = test.onlyA();
            double p = test.p();
            rows.add(
                    List.of(
                            Html.esc(runs.get(i) + " vs " + runs.get(0)),
                            "+" + onlyOther + " / -" + onlyFirst,
                            "p " + Significance.formatP(p),
                            p < 0.05
                                    ? (onlyOther > onlyFirst
                                            ? "<b>" + Html.esc(runs.get(i)) + " is more robust</b>"
                                            : "<b>" + Html.esc(runs.get(0)) + " is more robust</b>")
                                    : "no significant difference"));
        }
        if (rows.isEmpty()) {
            return "";
        }
        return "<p>Worst case per example, paired (McNemar's exact test; + images only the first"
                + " named gets right, - images only the other does):</p>"
                + Html.table(List.of("models", "images", "p", "reading"), rows);
    }
}
