package dev.noiseshield.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.export.Safetensors;
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

/** The parts of the pages, each from a report.json ({@link RunPage}, {@link ComparisonPage}). */
final class Sections {
    private Sections() {}

    /**
     * A check's verdict in report.json: "passed", "failed" or "not applicable" (reports written
     * before checks had three verdicts hold {@code passed} instead).
     */
    static String verdictOf(JsonNode check) {
        if (check.has("verdict")) {
            return check.path("verdict").asText();
        }
        return check.path("passed").asBoolean() ? "passed" : "failed";
    }

    /** The names of the sanity checks a report failed. */
    static List<String> failedChecks(JsonNode r) {
        List<String> failed = new ArrayList<>();
        for (JsonNode c : r.path("checks")) {
            if (verdictOf(c).equals("failed")) {
                failed.add(c.path("name").asText());
            }
        }
        return failed;
    }

    /** How many checks a report has of a verdict. */
    static int count(JsonNode r, String verdict) {
        int n = 0;
        for (JsonNode c : r.path("checks")) {
            n += verdictOf(c).equals(verdict) ? 1 : 0;
        }
        return n;
    }

    /**
     * The checks' tally as the Markdown report prints it: "9 passed, 2 not applicable", failed ones
     * first.
     */
    static String tally(JsonNode r) {
        int failed = count(r, "failed");
        int notApplicable = count(r, "not applicable");
        return (failed > 0 ? failed + " FAILED, " : "")
                + count(r, "passed")
                + " passed"
                + (notApplicable > 0 ? ", " + notApplicable + " not applicable" : "");
    }

    /** One line at the top: how the checks came out, red when one failed. */
    static String verdict(JsonNode r) {
        int total = r.path("checks").size();
        int failed = failedChecks(r).size();
        if (total == 0) {
            return "<div class=\"verdict bad\">No sanity checks were run: the numbers below are not"
                    + " checked against the usual ways an evaluation goes wrong.</div>";
        }
        return failed > 0
                ? "<div class=\"verdict bad\">Sanity checks: "
                        + tally(r)
                        + ". The numbers below are doubtful (see Sanity checks).</div>"
                : "<div class=\"verdict good\">Sanity checks: " + tally(r) + ".</div>";
    }

    /**
     * Clean, every attack and the worst case, one column per report: accuracy with std over the
     * repeats and the 95% interval.
     */
    static String summary(List<JsonNode> reports, List<String> names) {
        List<String> header =
                new ArrayList<>(List.of("accuracy % (mean &plusmn; std) [95% interval]"));
        names.forEach(n -> header.add(Html.esc(n)));
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (int i = 0; i < reports.size(); i++) {
            JsonNode r = reports.get(i);
            cell(rows, "clean", i, reports.size(), r.path("clean"));
            for (JsonNode a : r.path("attacks")) {
                String label =
                        a.path("name").asText()
                                + " "
                                + a.path("norm").asText()
                                + " eps="
                                + eps(a.path("epsilon").asDouble());
                cell(rows, label, i, reports.size(), a);
            }
            if (r.hasNonNull("worstCase")) {
                cell(rows, "worst case per example", i, reports.size(), r.path("worstCase"));
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

    private static void cell(
            Map<String, List<String>> rows, String label, int column, int columns, JsonNode node) {
        List<String> cells =
                rows.computeIfAbsent(
                        label, k -> new ArrayList<>(java.util.Collections.nCopies(columns, "")));
        cells.set(
                column,
                String.format(
                        Locale.ROOT,
                        "<span class=\"num\">%s &plusmn; %s [%s, %s]</span>",
                        Html.percent(node.path("accuracy").asDouble()),
                        Html.percent(node.path("std").asDouble()),
                        Html.percent(node.path("interval").path("low").asDouble()),
                        Html.percent(node.path("interval").path("high").asDouble())));
    }

    /**
     * A note when the worst case reads above an attack's row, which its choice on separate draws
     * allows where attacks are about as strong; empty otherwise.
     */
    static String worstAboveARow(JsonNode r) {
        double worst = r.path("worstCase").path("accuracy").asDouble(Double.NaN);
        double weakestRow = Double.POSITIVE_INFINITY;
        for (JsonNode a : r.path("attacks")) {
            weakestRow = Math.min(weakestRow, a.path("accuracy").asDouble());
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
    static String rules(JsonNode r) {
        JsonNode e = r.path("evaluation");
        return "<p class=\"note\">"
                + e.path("repeats").asInt()
                + " repeats (seeds "
                + Html.esc(e.path("seeds").toString())
                + "), "
                + e.path("attackExamples").asInt()
                + " attacked test images of "
                + e.path("testExamples").asInt()
                + ", noise "
                + Html.esc(e.path("noiseMode").asText())
                + "; "
                + Html.esc(e.path("scoring").asText())
                + ". "
                + Html.esc(e.path("scoringRules").asText())
                + ". "
                + Html.esc(e.path("robustRule").asText())
                + ". "
                + Html.esc(e.path("intervals").asText())
                + ".</p>";
    }

    /** Every check with its verdict and numbers, the failed ones first. */
    static String checks(JsonNode r) {
        List<List<String>> failed = new ArrayList<>();
        List<List<String>> others = new ArrayList<>();
        for (JsonNode c : r.path("checks")) {
            String verdict = verdictOf(c);
            boolean bad = verdict.equals("failed");
            String cell =
                    switch (verdict) {
                        case "failed" -> "<span class=\"failed\">FAILED</span>";
                        case "passed" -> "<span class=\"passed\">passed</span>";
                        default -> "<span class=\"na\">" + Html.esc(verdict) + "</span>";
                    };
            (bad ? failed : others)
                    .add(
                            List.of(
                                    Html.esc(c.path("name").asText()),
                                    cell,
                                    Html.esc(c.path("detail").asText())));
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
    static String sweepCharts(List<JsonNode> reports, List<String> names) {
        Map<SweepKey, List<Charts.Line>> charts = new LinkedHashMap<>();
        for (int i = 0; i < reports.size(); i++) {
            Map<SweepKey, List<JsonNode>> byChart = new LinkedHashMap<>();
            for (JsonNode p : reports.get(i).path("sweeps")) {
                byChart.computeIfAbsent(SweepKey.of(p), k -> new ArrayList<>()).add(p);
            }
            for (Map.Entry<SweepKey, List<JsonNode>> e : byChart.entrySet()) {
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
        static SweepKey of(JsonNode point) {
            return new SweepKey(
                    point.path("parameter").asText(),
                    point.path("attack").asText(),
                    point.path("sweep").asText());
        }

        String axis() {
            return switch (parameter) {
                case "steps" -> "attack steps";
                case "eot" -> "EOT draws per gradient";
                default -> parameter;
            };
        }

        String title() {
            return "Accuracy against "
                    + axis()
                    + " ("
                    + attack
                    + (sweep.equals("check") ? ", sanity check" : ", --sweep")
                    + ")";
        }
    }

    /**
     * A sweep's points as one line, ordered by value, error bars the 95% intervals' half-widths.
     */
    private static Charts.Line line(String name, List<JsonNode> points) {
        points.sort(Comparator.comparingDouble(p -> p.path("value").asDouble()));
        return new Charts.Line(
                name,
                points.stream().mapToDouble(p -> p.path("value").asDouble()).toArray(),
                points.stream().mapToDouble(p -> 100 * p.path("accuracy").asDouble()).toArray(),
                points.stream().mapToDouble(Sections::halfWidth).toArray());
    }

    private static double halfWidth(JsonNode point) {
        JsonNode interval = point.path("interval");
        return 50 * (interval.path("high").asDouble() - interval.path("low").asDouble());
    }

    /**
     * The certify command's curves, one chart per sigma: certified accuracy against the L2 radius,
     * and the same smoothed classifier's accuracy under PGD-L2 with EOT, which must lie above it.
     */
    static String certification(JsonNode r) {
        JsonNode all = r.path("certification");
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
    static String noise(JsonNode r) {
        JsonNode scales = r.path("noise").path("scales");
        if (scales.isEmpty()) {
            return "<p class=\"note\">"
                    + (r.path("noise").path("stochastic").asBoolean()
                            ? "The model draws noise but has no learned noise parameters to show"
                                    + " (fixed noise, or a model from elsewhere)."
                            : "The model has no noise.")
                    + "</p>";
        }
        List<String> layers = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        scales.fields()
                .forEachRemaining(
                        f -> {
                            double sum = 0;
                            for (JsonNode v : f.getValue()) {
                                sum += v.asDouble();
                            }
                            double mean = sum / Math.max(1, f.getValue().size());
                            layers.add(f.getKey());
                            values.add(mean);
                            rows.add(
                                    List.of(
                                            Html.esc(f.getKey()),
                                            String.valueOf(f.getValue().size()),
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
        Safetensors.Contents c = Safetensors.read(file);
        Safetensors.Tensor clean = c.tensors().get("clean");
        Safetensors.Tensor adversarial = c.tensors().get("adversarial");
        float[] labels = c.tensors().get("labels").data();
        float[] predictions = c.tensors().get("predictions").data();
        float[] fractions = c.tensors().get("correct_fraction").data();
        float eps = Float.parseFloat(c.metadata().getOrDefault("epsilon", "1"));
        long[] s = clean.shape();
        int per = (int) (s[1] * s[2] * s[3]);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            float[] a = java.util.Arrays.copyOfRange(clean.data(), i * per, (i + 1) * per);
            float[] b = java.util.Arrays.copyOfRange(adversarial.data(), i * per, (i + 1) * per);
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
                + Html.esc(c.metadata().get("attack"))
                + " ("
                + Html.esc(c.metadata().get("norm"))
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
