package dev.noiseshield.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.eval.Significance;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The parts of the pages ({@link RunPage}, {@link ComparisonPage}), each from the typed report; the
 * certify command's curves, a document of their own that certify merges into report.json, from its
 * JSON.
 */
final class Sections {
    private Sections() {}

    /** The names of the sanity checks a report failed. */
    static List<String> failedChecks(RobustnessReport r) {
        return checksOf(r).stream()
                .filter(RobustnessReport.Check::failed)
                .map(RobustnessReport.Check::name)
                .toList();
    }

    /** A report's checks; none for a report without them. */
    static List<RobustnessReport.Check> checksOf(RobustnessReport r) {
        return r.checks() == null ? List.of() : r.checks();
    }

    /** The checks' tally as report.md prints it ({@link RobustnessReport.Check#tally}). */
    static String tally(RobustnessReport r) {
        return RobustnessReport.Check.tally(checksOf(r));
    }

    /** One line at the top: how the checks came out, red when one failed. */
    static String verdict(RobustnessReport r) {
        int total = checksOf(r).size();
        int failed = failedChecks(r).size();
        if (total == 0) {
            return "<div class=\"verdict bad\">No sanity checks were run: the numbers below are not"
                    + " checked against the usual ways an evaluation goes wrong.</div>";
        }
        String converge = convergenceVerdict(r);
        return converge
                + (failed > 0
                        ? "<div class=\"verdict bad\">Sanity checks: "
                                + tally(r)
                                + ". The numbers below are doubtful (see Sanity checks).</div>"
                        : "<div class=\"verdict good\">Sanity checks: " + tally(r) + ".</div>");
    }

    /**
     * What --converge found, first on the page: a grown attack still falling at its cap makes the
     * numbers an upper bound.
     */
    static String convergenceVerdict(RobustnessReport r) {
        StringBuilder out = new StringBuilder();
        for (RobustnessReport.Converged c : r.convergence()) {
            out.append("<div class=\"verdict ")
                    .append(c.converged() ? "good" : "bad")
                    .append("\">")
                    .append(Html.esc(c.attack()))
                    .append(
                            c.converged()
                                    ? ": converged (grown from "
                                    : ": NOT converged: still falling at the cap (grown from ")
                    .append(Html.esc(c.from()))
                    .append("; ")
                    .append(Html.esc(String.join("; ", c.curves())))
                    .append(")</div>");
        }
        return out.toString();
    }

    /**
     * Clean, every attack and the worst case, one column per report: accuracy with std over the
     * repeats and the 95% interval.
     */
    static String summary(List<RobustnessReport> reports, List<String> names) {
        List<String> header =
                new ArrayList<>(List.of("accuracy % (mean &plusmn; std) [95% interval]"));
        names.forEach(n -> header.add(Html.esc(n)));
        Map<String, List<String>> rows = new LinkedHashMap<>();
        int columns = reports.size();
        for (int i = 0; i < columns; i++) {
            RobustnessReport r = reports.get(i);
            RobustnessReport.Clean clean = r.clean();
            if (clean != null) {
                cell(rows, "clean", i, columns, clean.accuracy(), clean.std(), clean.interval());
            } else {
                cell(rows, "clean", i, columns, 0, 0, null);
            }
            for (RobustnessReport.AttackResult a : attacks(r)) {
                RobustnessReport.Converged grown = r.convergenceOf(a.name());
                String label =
                        a.name()
                                + " "
                                + a.norm()
                                + " eps="
                                + eps(a.epsilon())
                                + (grown == null ? "" : " (" + grown.label() + ")");
                cell(rows, label, i, columns, a.accuracy(), a.std(), a.interval());
            }
            RobustnessReport.WorstCase worst = r.worstCase();
            if (worst != null) {
                cell(
                        rows,
                        "worst case per example",
                        i,
                        columns,
                        worst.accuracy(),
                        worst.std(),
                        worst.interval());
            }
        }
        List<List<String>> out = new ArrayList<>();
        rows.forEach(
                (label, cells) -> {
                    List<String> row = new ArrayList<>();
                    row.add(
                            label.startsWith("worst")
                                    ? "<b>" + Html.esc(label) + "</b>"
                                    : Html.esc(label));
                    row.addAll(cells);
                    out.add(row);
                });
        return Html.table(header, out);
    }

    private static List<RobustnessReport.AttackResult> attacks(RobustnessReport r) {
        return r.attacks() == null ? List.of() : r.attacks();
    }

    private static void cell(
            Map<String, List<String>> rows,
            String label,
            int column,
            int columns,
            double accuracy,
            double std,
            Significance.Interval interval) {
        List<String> cells =
                rows.computeIfAbsent(
                        label, k -> new ArrayList<>(java.util.Collections.nCopies(columns, "")));
        cells.set(
                column,
                String.format(
                        Locale.ROOT,
                        "<span class=\"num\">%s &plusmn; %s [%s, %s]</span>",
                        Html.percent(accuracy),
                        Html.percent(std),
                        Html.percent(interval == null ? 0 : interval.low()),
                        Html.percent(interval == null ? 0 : interval.high())));
    }

    /**
     * A note when the worst case reads above an attack's row, which its choice on separate draws
     * allows where attacks are about as strong; empty otherwise.
     */
    static String worstAboveARow(RobustnessReport r) {
        double worst = r.worstCase() == null ? Double.NaN : r.worstCase().accuracy();
        double weakestRow = Double.POSITIVE_INFINITY;
        for (RobustnessReport.AttackResult a : attacks(r)) {
            weakestRow = Math.min(weakestRow, a.accuracy());
        }
        if (!(worst > weakestRow + 1e-12)) {
            return "";
        }
        return "<p class=\"note\">The worst case reads above an attack's row: each image's worst"
                + " input is chosen on selection draws and counted on other draws, so where attacks"
                + " are about as strong it is their common strength, not the lower minimum of noisy"
                + " scores (docs/evaluation.md, worst case).</p>";
    }

    static String eps(double e) {
        return dev.noiseshield.attack.Epsilon.format((float) e);
    }

    /** How the numbers were obtained: repeats, scoring rule, the rule for robust, intervals. */
    static String rules(RobustnessReport r) {
        RobustnessReport.Evaluation e = r.evaluation();
        if (e == null) {
            return "<p class=\"note\">How the numbers were obtained is not in this report.</p>";
        }
        return "<p class=\"note\">"
                + e.repeats()
                + " repeats (seeds "
                + Html.esc(compactJson(e.seeds()))
                + "), "
                + e.attackExamples()
                + " attacked test images of "
                + e.testExamples()
                + ", noise "
                + Html.esc(e.noiseMode())
                + "; "
                + Html.esc(e.scoring())
                + ". "
                + Html.esc(e.scoringRules())
                + ". "
                + Html.esc(e.robustRule())
                + ". "
                + Html.esc(e.intervals())
                + ".</p>";
    }

    /** A list as JSON writes it without spaces: [100,101,102], as the page has always shown it. */
    private static String compactJson(List<Long> values) {
        return values == null
                ? ""
                : values.stream()
                        .map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    /** Every check with its verdict and numbers, the failed ones first. */
    static String checks(RobustnessReport r) {
        List<List<String>> failed = new ArrayList<>();
        List<List<String>> others = new ArrayList<>();
        for (RobustnessReport.Check c : checksOf(r)) {
            String cell =
                    switch (c.verdict()) {
                        case FAILED -> "<span class=\"failed\">FAILED</span>";
                        case PASSED -> "<span class=\"passed\">passed</span>";
                        default ->
                                "<span class=\"na\">" + Html.esc(c.verdict().label()) + "</span>";
                    };
            (c.verdict() == RobustnessReport.Check.Verdict.FAILED ? failed : others)
                    .add(List.of(Html.esc(c.name()), cell, Html.esc(c.detail())));
        }
        if (failed.isEmpty() && others.isEmpty()) {
            return "<p class=\"note\">No sanity checks were run (--checks false).</p>";
        }
        failed.addAll(others);
        return Html.table(List.of("check", "verdict", "numbers"), failed);
    }

    /**
     * One chart per swept attack and parameter (eps, steps, EOT draws), one line per report, error
     * bars from the 95% intervals (images and repeats).
     */
    static String sweepCharts(List<RobustnessReport> reports, List<String> names) {
        Map<SweepKey, List<Charts.Line>> charts = new LinkedHashMap<>();
        for (int i = 0; i < reports.size(); i++) {
            Map<SweepKey, List<RobustnessReport.SweepPoint>> byChart = new LinkedHashMap<>();
            List<RobustnessReport.SweepPoint> sweeps = reports.get(i).sweeps();
            for (RobustnessReport.SweepPoint p :
                    sweeps == null ? List.<RobustnessReport.SweepPoint>of() : sweeps) {
                byChart.computeIfAbsent(SweepKey.of(p), k -> new ArrayList<>()).add(p);
            }
            for (Map.Entry<SweepKey, List<RobustnessReport.SweepPoint>> e : byChart.entrySet()) {
                charts.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                        .add(line(names.get(i), e.getValue()));
            }
        }
        if (charts.isEmpty()) {
            return "<p class=\"note\">No sweeps in this report (the sanity checks sweep eps, steps"
                    + " and EOT draws; --sweep adds more).</p>";
        }
        StringBuilder b = new StringBuilder("<div class=\"charts\">");
        charts.forEach(
                (key, lines) ->
                        b.append(
                                Charts.lines(
                                        key.title(), key.axis(), "accuracy (%)", lines, false)));
        return b.append("</div>").toString();
    }

    /** One chart: a parameter swept for one attack, by the checks or by --sweep. */
    private record SweepKey(String parameter, String attack, String sweep) {
        static SweepKey of(RobustnessReport.SweepPoint point) {
            return new SweepKey(
                    String.valueOf(point.parameter()),
                    String.valueOf(point.attack()),
                    String.valueOf(point.sweep()));
        }

        String axis() {
            return switch (parameter) {
                case "steps" -> "attack steps";
                case "eot" -> "EOT draws per gradient";
                case "restarts" -> "restarts";
                default -> parameter;
            };
        }

        String title() {
            return "Accuracy against "
                    + axis()
                    + " ("
                    + attack
                    + switch (sweep) {
                        case "check" -> ", sanity check";
                        case "converge" -> ", --converge";
                        default -> ", --sweep";
                    }
                    + ")";
        }
    }

    /**
     * A sweep's points as one line, ordered by value, error bars the 95% intervals' half-widths.
     */
    private static Charts.Line line(String name, List<RobustnessReport.SweepPoint> points) {
        points.sort(Comparator.comparingDouble(RobustnessReport.SweepPoint::value));
        return new Charts.Line(
                name,
                points.stream().mapToDouble(RobustnessReport.SweepPoint::value).toArray(),
                points.stream().mapToDouble(p -> 100 * p.accuracy()).toArray(),
                points.stream().mapToDouble(Sections::halfWidth).toArray());
    }

    private static double halfWidth(RobustnessReport.SweepPoint point) {
        Significance.Interval interval = point.interval();
        return interval == null ? 0 : 50 * (interval.high() - interval.low());
    }

    /**
     * The certify command's curves, one chart per sigma: certified accuracy against the L2 radius,
     * and the same smoothed classifier's accuracy under PGD-L2 with EOT, which must lie above it
     * ({@code all}: the {@code certification} object certify merged into report.json).
     */
    static String certification(JsonNode all) {
        if (all.isEmpty()) {
            return "<p class=\"note\">Not certified (noiseshield certify --run DIR --sigma S adds"
                    + " certified accuracy against the L2 radius here).</p>";
        }
        StringBuilder b = new StringBuilder("<div class=\"charts\">");
        List<List<String>> rows = new ArrayList<>();
        all.fields()
                .forEachRemaining(
                        f -> {
                            JsonNode curve = f.getValue().path("curve");
                            double[] radius = new double[curve.size()];
                            double[] certified = new double[curve.size()];
                            double[] attacked = new double[curve.size()];
                            boolean anyAttack = false;
                            for (int k = 0; k < curve.size(); k++) {
                                JsonNode p = curve.get(k);
                                radius[k] = p.path("radius").asDouble();
                                certified[k] = 100 * p.path("certified").asDouble();
                                attacked[k] = 100 * p.path("attacked").asDouble();
                                anyAttack |= p.hasNonNull("attacked");
                                rows.add(
                                        List.of(
                                                Html.esc(f.getKey()),
                                                Html.esc(p.path("radius").asText()),
                                                Html.percent(p.path("certified").asDouble()),
                                                p.hasNonNull("attacked")
                                                        ? Html.percent(
                                                                p.path("attacked").asDouble())
                                                        : ""));
                            }
                            List<Charts.Line> lines = new ArrayList<>();
                            lines.add(new Charts.Line("certified", radius, certified, null));
                            if (anyAttack) {
                                lines.add(
                                        new Charts.Line(
                                                "under PGD-L2 with EOT", radius, attacked, null));
                            }
                            b.append(
                                    Charts.lines(
                                            "Certified accuracy against L2 radius (sigma "
                                                    + f.getKey()
                                                    + ")",
                                            "L2 radius",
                                            "accuracy (%)",
                                            lines,
                                            false));
                        });
        return b.append("</div>")
                .append(
                        Html.table(
                                List.of(
                                        "sigma",
                                        "L2 radius",
                                        "certified %",
                                        "under PGD-L2 with EOT %"),
                                rows))
                .toString();
    }

    /** The learned noise of every layer: its mean scale (PNI) or mean per-dimension std. */
    static String noise(RobustnessReport r) {
        RobustnessReport.Noise noise = r.noise();
        Map<String, List<Float>> scales = noise == null ? null : noise.scales();
        if (scales == null || scales.isEmpty()) {
            return "<p class=\"note\">"
                    + (noise != null && noise.stochastic()
                            ? "The model draws noise but has no learned noise parameters to show"
                                    + " (fixed noise, or a model from elsewhere)."
                            : "The model has no noise.")
                    + "</p>";
        }
        List<String> layers = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        scales.forEach(
                (layer, scale) -> {
                    double sum = 0;
                    for (Float v : scale) {
                        // the value as report.json writes it (Float.toString), read as a double
                        sum += Double.parseDouble(Float.toString(v));
                    }
                    double mean = sum / Math.max(1, scale.size());
                    layers.add(layer);
                    values.add(mean);
                    rows.add(
                            List.of(
                                    Html.esc(layer),
                                    String.valueOf(scale.size()),
                                    String.format(Locale.ROOT, "%.4f", mean)));
                });
        return Charts.bars(
                        "Learned noise per layer (mean over its values)",
                        "scale or std",
                        layers,
                        values)
                + Html.table(List.of("layer", "values", "mean"), rows);
    }

    /** The grid: clean, adversarial, the perturbation magnified, labels and draws correct. */
    static String examples(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return "<p class=\"note\">No example images (evaluated by an earlier version, or"
                    + " without attacks).</p>";
        }
        ExampleGrid grid = ExampleGrid.read(file);
        float[] labels = grid.labels();
        float[] predictions = grid.predictions();
        float[] fractions = grid.correctFractions();
        float eps = grid.epsilon();
        long[] s = grid.shape();
        int per = (int) (s[1] * s[2] * s[3]);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            float[] a = java.util.Arrays.copyOfRange(grid.clean(), i * per, (i + 1) * per);
            float[] b = java.util.Arrays.copyOfRange(grid.adversarial(), i * per, (i + 1) * per);
            float[] delta = new float[per];
            float largest = 1e-12f;
            for (int j = 0; j < per; j++) {
                largest = Math.max(largest, Math.abs(b[j] - a[j]));
            }
            for (int j = 0; j < per; j++) {
                delta[j] = 0.5f + 0.5f * (b[j] - a[j]) / largest;
            }
            rows.add(
                    List.of(
                            img(a, s),
                            img(b, s),
                            img(delta, s),
                            String.valueOf((int) labels[i]),
                            ((int) predictions[i] == (int) labels[i]
                                            ? ""
                                            : "<span class=\"failed\">")
                                    + (int) predictions[i]
                                    + ((int) predictions[i] == (int) labels[i] ? "" : "</span>"),
                            String.format(Locale.ROOT, "%.0f%%", 100 * fractions[i]),
                            String.format(Locale.ROOT, "%.3f", largest)));
        }
        return "<p class=\"note\">Eight of the first 32 attacked test images, up to half of them"
                + " ones it broke, under "
                + Html.esc(grid.metadata().get("attack"))
                + " ("
                + Html.esc(grid.metadata().get("norm"))
                + ", eps "
                + eps(eps)
                + "), the attack with the lowest accuracy; the perturbation is scaled to its"
                + " largest value (grey = 0).</p><div class=\"grid\">"
                + Html.table(
                        List.of(
                                "clean",
                                "adversarial",
                                "perturbation (magnified)",
                                "true",
                                "predicted",
                                "draws correct",
                                "largest change"),
                        rows)
                + "</div>";
    }

    /** A (C, H, W) image in [0, 1] as an inline PNG. */
    private static String img(float[] values, long[] shape) throws IOException {
        int c = (int) shape[1];
        int h = (int) shape[2];
        int w = (int) shape[3];
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] rgb = new int[3];
                for (int k = 0; k < 3; k++) {
                    float v = values[(c == 3 ? k : 0) * h * w + y * w + x];
                    rgb[k] = Math.round(255 * Math.max(0f, Math.min(1f, v)));
                }
                image.setRGB(x, y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return "<img alt=\"\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(out.toByteArray())
                + "\">";
    }
}
