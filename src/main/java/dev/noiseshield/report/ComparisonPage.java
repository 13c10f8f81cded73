package dev.noiseshield.report;

import dev.noiseshield.eval.Significance;
import dev.noiseshield.run.AtomicFiles;
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
        List<RobustnessReport> reports = new ArrayList<>();
        for (String run : runs) {
            Path file = out.resolve(run).resolve("report.json");
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + ": missing (evaluate " + run + " first)");
            }
            reports.add(ReportWriter.read(file));
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
    private static List<String> trustRow(String run, RobustnessReport report) {
        int total = Sections.checksOf(report).size();
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

    /** Per image, the worst case's score averaged over the repeats (null when absent). */
    private static float[] scores(RobustnessReport report) {
        List<Float> scores = report.worstCase() == null ? null : report.worstCase().scores();
        if (scores == null) {
            return null;
        }
        float[] f = new float[scores.size()];
        for (int k = 0; k < f.length; k++) {
            f[k] = scores.get(k);
        }
        return f;
    }

    /**
     * Which defense is more robust: every pair's paired test, Holm-adjusted ({@link PairedTests}).
     */
    private static String pairedTest(List<RobustnessReport> reports, List<String> runs) {
        if (reports.size() < 2 || reports.get(0).worstCase() == null) {
            return "";
        }
        List<List<String>> rows = new ArrayList<>();
        for (PairedTests.Pair pair :
                PairedTests.of(reports.stream().map(ComparisonPage::scores).toList())) {
            String a = runs.get(pair.a());
            String b = runs.get(pair.b());
            Significance.Paired test = pair.test();
            rows.add(
                    List.of(
                            Html.esc(b + " vs " + a),
                            "+" + test.onlyB() + " / -" + test.onlyA(),
                            "p " + Significance.formatP(pair.adjustedP()),
                            pair.significant()
                                    ? "<b>"
                                            + Html.esc(pair.meanDifference() > 0 ? b : a)
                                            + " is more robust</b>"
                                    : "no significant difference"));
        }
        if (rows.isEmpty()) {
            return "";
        }
        return "<p>"
                + Html.esc(PairedTests.DESCRIPTION)
                + " (+ images the first named scores higher, - images the other does):</p>"
                + Html.table(List.of("models", "images", "p (Holm)", "reading"), rows);
    }
}
