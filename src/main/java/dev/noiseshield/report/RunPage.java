package dev.noiseshield.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.eval.ExampleImages;
import dev.noiseshield.run.AtomicFiles;
import dev.noiseshield.run.Json;
import dev.noiseshield.run.RunInfo;
import dev.noiseshield.train.Checkpoint;
import dev.noiseshield.train.EpochStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code report.html} of a run folder, from what the folder holds: report.json (summary, checks,
 * sweeps, noise), run.json (provenance), the last checkpoint (training curves) and {@code
 * examples.safetensors} (the image grid). One self-contained file: charts inline as SVG, images as
 * data URIs, style inline.
 */
public final class RunPage {
    public static final String FILE = "report.html";

    private RunPage() {}

    /** Writes {@code dir/report.html}; the folder must hold a report.json. */
    public static Path write(Path dir) throws IOException {
        Path reportFile = dir.resolve("report.json");
        if (!Files.isRegularFile(reportFile)) {
            throw new IOException(dir + ": no report.json (evaluate the run first)");
        }
        RobustnessReport r = ReportWriter.read(reportFile);
        String title =
                text(r.defense()) + " on " + text(r.dataset()) + " (" + text(r.model()) + ")";
        StringBuilder body = new StringBuilder();
        body.append("<h1>").append(Html.esc(title)).append("</h1>");
        body.append(Sections.verdict(r));
        body.append("<h2>Accuracy</h2>").append(Sections.summary(List.of(r), List.of(title)));
        body.append(Sections.worstAboveARow(r));
        body.append(Sections.rules(r));
        body.append("<h2>Sanity checks</h2>").append(Sections.checks(r));
        body.append("<h2>Robustness curves</h2>")
                .append(Sections.sweepCharts(List.of(r), List.of(text(r.defense()))));
        // certify merges its curves into report.json as a document of its own
        JsonNode certification = Json.MAPPER.readTree(reportFile.toFile()).path("certification");
        body.append("<h2>Certified robustness</h2>").append(Sections.certification(certification));
        body.append("<h2>Training</h2>").append(training(dir));
        body.append("<h2>Learned noise</h2>").append(Sections.noise(r));
        body.append("<h2>Examples</h2>").append(Sections.examples(dir.resolve(ExampleImages.FILE)));
        body.append("<h2>Provenance</h2>").append(provenance(dir));
        Path file = dir.resolve(FILE);
        AtomicFiles.writeString(file, Html.page(title, body.toString()));
        return file;
    }

    /** A name as the page shows it: empty where the report has none. */
    private static String text(String s) {
        return s == null ? "" : s;
    }

    /** Loss, accuracies, learning rate and eps per epoch, from the last checkpoint's history. */
    private static String training(Path dir) throws IOException {
        var latest =
                Checkpoint.latest(dir.resolve("checkpoints")).or(() -> evaluatedCheckpoint(dir));
        if (latest.isEmpty()) {
            return "<p class=\"note\">No checkpoint in this folder or named by its run.json: no"
                    + " training curves.</p>";
        }
        List<EpochStats> history = Checkpoint.read(latest.get()).state.history();
        if (history.isEmpty()) {
            return "<p class=\"note\">The checkpoint has no epoch history.</p>";
        }
        double[] epochs = values(history, EpochStats::epoch);
        List<Charts.Line> accuracy = new ArrayList<>();
        accuracy.add(
                line(
                        "clean (training batches)",
                        epochs,
                        values(history, e -> 100 * e.cleanAccuracy())));
        if (history.stream().noneMatch(e -> Double.isNaN(e.adversarialAccuracy()))) {
            accuracy.add(
                    line(
                            "adversarial (training attack)",
                            epochs,
                            values(history, e -> 100 * e.adversarialAccuracy())));
        }
        return "<div class=\"charts\">"
                + single("Training loss", "loss", epochs, values(history, EpochStats::loss))
                + Charts.lines("Training accuracy", "epoch", "accuracy (%)", accuracy, false)
                + single(
                        "Learning rate",
                        "learning rate",
                        epochs,
                        values(history, e -> exact(e.learningRate())))
                + single("Training eps", "eps", epochs, values(history, e -> exact(e.epsilon())))
                + "</div>";
    }

    private static double[] values(
            List<EpochStats> history, java.util.function.ToDoubleFunction<EpochStats> f) {
        return history.stream().mapToDouble(f).toArray();
    }

    private static Charts.Line line(String name, double[] x, double[] y) {
        return new Charts.Line(name, x, y, null);
    }

    /** A chart of one quantity per epoch. */
    private static String single(String title, String quantity, double[] epochs, double[] y) {
        return Charts.lines(title, "epoch", quantity, List.of(line(quantity, epochs, y)), false);
    }

    /** 0.05f as 0.05, not 0.0500000007: the axis shows what was set. */
    private static double exact(float v) {
        return Double.parseDouble(Float.toString(v));
    }

    /** The checkpoint the folder's last evaluation read (evaluate --checkpoint --out elsewhere). */
    private static java.util.Optional<Path> evaluatedCheckpoint(Path dir) {
        try {
            Path file = dir.resolve(RunInfo.FILE);
            if (!Files.isRegularFile(file)) {
                return java.util.Optional.empty();
            }
            var runs = RunInfo.parseRuns(Files.readAllBytes(file), file.toString());
            JsonNode named =
                    runs.isEmpty()
                            ? null
                            : runs.get(runs.size() - 1).path("config").findValue("checkpoint");
            if (named == null || !named.isTextual()) {
                return java.util.Optional.empty();
            }
            // Jackson writes a Path as a file: URI
            Path checkpoint =
                    named.asText().startsWith("file:")
                            ? Path.of(java.net.URI.create(named.asText()))
                            : Path.of(named.asText());
            return Files.isRegularFile(checkpoint)
                    ? java.util.Optional.of(checkpoint)
                    : java.util.Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** Every command that wrote into the folder, the last first. */
    private static String provenance(Path dir) throws IOException {
        Path file = dir.resolve(RunInfo.FILE);
        if (!Files.isRegularFile(file)) {
            return "<p class=\"note\">No run.json in this folder.</p>";
        }
        List<List<String>> rows = new ArrayList<>();
        List<JsonNode> runs = new ArrayList<>();
        RunInfo.parseRuns(Files.readAllBytes(file), file.toString()).forEach(runs::add);
        java.util.Collections.reverse(runs);
        for (JsonNode run : runs) {
            List<String> args = new ArrayList<>();
            run.path("arguments").forEach(a -> args.add(a.asText()));
            StringBuilder versions = new StringBuilder();
            run.path("versions")
                    .fields()
                    .forEachRemaining(
                            v ->
                                    versions.append(
                                                    Html.esc(
                                                            v.getKey()
                                                                    + " "
                                                                    + v.getValue().asText()))
                                            .append("<br>"));
            rows.add(
                    List.of(
                            Html.esc("noiseshield " + String.join(" ", args)),
                            Html.esc(run.path("startedAt").asText()),
                            String.format(
                                    Locale.ROOT, "%.1f s", run.path("wallSeconds").asDouble()),
                            run.path("peakResidentMegabytes").asLong() + " MB",
                            Html.esc(run.path("seed").asText()),
                            Html.esc(run.path("gitCommit").asText()),
                            versions.toString()));
        }
        return Html.table(
                List.of(
                        "command",
                        "started",
                        "wall time",
                        "peak memory",
                        "seed",
                        "commit",
                        "versions"),
                rows);
    }
}
