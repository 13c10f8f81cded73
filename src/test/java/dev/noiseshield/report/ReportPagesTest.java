package dev.noiseshield.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.noiseshield.TestData;
import dev.noiseshield.cli.NoiseShieldCli;
import dev.noiseshield.run.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML pages of a real (tiny) trained and evaluated run, and of a comparison of two. */
class ReportPagesTest {
    @TempDir static Path dir;
    static Path run;

    @BeforeAll
    static void trainAndEvaluate() throws Exception {
        Path data = TestData.writeMnistFolder(dir.resolve("data"), 64, 32);
        run = dir.resolve("cmp/pni-w");
        assertEquals(0, TestData.trainOneEpoch(data, "pni-w", run));
        int code =
                NoiseShieldCli.commandLine()
                        .execute(
                                "evaluate",
                                "--run",
                                run.toString(),
                                "--dataset",
                                "mnist",
                                "--data-dir",
                                data.toString(),
                                "--attacks",
                                "fgsm;pgd:steps=3",
                                "--repeats",
                                "2",
                                "--scoring-draws",
                                "3",
                                "--check-examples",
                                "16");
        assertEquals(0, code);
    }

    private static String page(Path file) throws Exception {
        return Files.readString(file);
    }

    private static int count(String html, String needle) {
        return html.split(Pattern.quote(needle), -1).length - 1;
    }

    /** Nothing is loaded from outside the file: no external src, stylesheet, script or url(). */
    static void assertSelfContained(String html) {
        Matcher src = Pattern.compile("\\bsrc=\"([^\"]*)\"").matcher(html);
        while (src.find()) {
            assertTrue(src.group(1).startsWith("data:"), "external resource " + src.group(1));
        }
        assertFalse(html.contains("<link"), "a linked stylesheet");
        assertFalse(html.contains("<script"), "a script");
        assertFalse(html.contains("@import"), "an imported stylesheet");
        Matcher url = Pattern.compile("url\\(([^)]*)\\)").matcher(html);
        while (url.find()) {
            assertTrue(url.group(1).startsWith("#"), "url() outside the file: " + url.group(1));
        }
        Matcher http = Pattern.compile("https?://[^\"' )]*").matcher(html);
        while (http.find()) {
            assertTrue(
                    http.group().startsWith("http://www.w3.org/"),
                    "a web address: " + http.group());
        }
    }

    @Test
    void theRunPageHasEveryPartAndNothingFromOutside() throws Exception {
        String html = page(run.resolve("report.html"));
        assertSelfContained(html);
        for (String row :
                new String[] {
                    ">clean<",
                    ">fgsm linf eps=0.3<",
                    ">pgd-3 linf eps=0.3<",
                    "worst case per example"
                }) {
            assertTrue(html.contains(row), "summary row " + row);
        }
        // 3 sweeps of the checks (eps, steps, EOT draws) + 4 training curves + the learned noise
        assertEquals(8, count(html, "<svg"), "one chart per expected plot");
        for (String title :
                new String[] {
                    "Accuracy against eps",
                    "Accuracy against attack steps",
                    "Accuracy against EOT draws",
                    "Training loss",
                    "Training accuracy",
                    "Learning rate",
                    "Training eps",
                    "Learned noise per layer"
                }) {
            assertTrue(html.contains("aria-label=\"" + title), "chart " + title);
        }
        JsonNode report = Json.MAPPER.readTree(run.resolve("report.json").toFile());
        for (JsonNode check : report.get("checks")) {
            assertTrue(
                    html.contains(Html.esc(check.get("name").asText())),
                    "check " + check.get("name"));
        }
        assertEquals(
                report.get("checks").size(),
                count(html, ">passed<") + count(html, ">FAILED<") + count(html, ">not applicable<"),
                "every check with one verdict");
        assertEquals(
                8,
                count(html, "src=\"data:image/png;base64,") / 3,
                "8 example images, 3 pictures each");
        assertTrue(html.contains("noiseshield evaluate --run"), "provenance names the command");

        JsonNode rb = report.get("robustbench");
        assertEquals("Linf", rb.get("threat_model").asText());
        assertEquals("0.3", rb.get("eps").asText());
        assertEquals(
                String.format(
                        java.util.Locale.ROOT,
                        "%.2f",
                        100 * report.get("worstCase").get("accuracy").asDouble()),
                rb.get("robust_acc").asText());
    }

    @Test
    void aFailedCheckComesFirstAndTurnsTheVerdictRed() throws Exception {
        Path copy = dir.resolve("failed");
        Files.createDirectories(copy);
        ObjectNode report = (ObjectNode) Json.MAPPER.readTree(run.resolve("report.json").toFile());
        JsonNode last = report.get("checks").get(report.get("checks").size() - 1);
        ((ObjectNode) last).put("verdict", "failed");
        int failedChecks = 0;
        for (JsonNode c : report.get("checks")) {
            failedChecks += c.get("verdict").asText().equals("failed") ? 1 : 0;
        }
        Json.MAPPER.writeValue(copy.resolve("report.json").toFile(), report);
        Files.copy(run.resolve("examples.safetensors"), copy.resolve("examples.safetensors"));
        String html = page(RunPage.write(copy));
        assertTrue(html.contains("Sanity checks: " + failedChecks + " FAILED, "), "the verdict");
        int failed = html.indexOf(">FAILED<");
        int firstPassed = html.indexOf(">passed<");
        assertTrue(failed > 0 && failed < firstPassed, "the failed check is listed first");
        assertTrue(
                html.contains("No checkpoint in this folder"),
                "no run.json, no training curves, said so");
    }

    @Test
    void reportRegeneratesThePagesAndTheComparison() throws Exception {
        Path cmp = dir.resolve("cmp");
        Path other = cmp.resolve("pgd-at");
        Files.createDirectories(other);
        for (String f : new String[] {"report.json", "examples.safetensors", "run.json"}) {
            Files.copy(run.resolve(f), other.resolve(f));
        }
        String before = page(run.resolve("report.html"));
        Files.delete(run.resolve("report.html"));
        assertEquals(0, NoiseShieldCli.commandLine().execute("report", "--run", cmp.toString()));
        assertEquals(before, page(run.resolve("report.html")), "the same page, without evaluating");

        String html = page(cmp.resolve("comparison.html"));
        assertSelfContained(html);
        assertTrue(html.contains("<th>pgd-at</th><th>pni-w</th>"), "one column per defense");
        assertTrue(
                html.contains("href=\"pni-w/report.html\"")
                        && html.contains("href=\"pgd-at/report.html\""),
                "links to the runs' pages");
        assertEquals(3, count(html, "<svg"), "the eps, steps and EOT curves, one line per defense");
        assertTrue(
                html.contains("no significant difference"),
                "the paired test of two identical models");
        JsonNode report = Json.MAPPER.readTree(run.resolve("report.json").toFile());
        long passed = 0;
        long notApplicable = 0;
        for (JsonNode c : report.get("checks")) {
            passed += c.get("verdict").asText().equals("passed") ? 1 : 0;
            notApplicable += c.get("verdict").asText().equals("not applicable") ? 1 : 0;
        }
        String tally =
                passed
                        + " passed"
                        + (notApplicable > 0 ? ", " + notApplicable + " not applicable" : "");
        assertEquals(2, count(html, tally + "</td>"), "each defense's checks: " + tally);
    }

    /** The page says why when the worst case reads above an attack's row, and only then. */
    @Test
    void aWorstCaseAboveARowIsExplained() throws Exception {
        RobustnessReport above =
                Json.MAPPER.readValue(
                        "{\"attacks\": [{\"accuracy\": 0.86}, {\"accuracy\": 0.89}],"
                                + " \"worstCase\": {\"accuracy\": 0.8608}}",
                        RobustnessReport.class);
        assertTrue(Sections.worstAboveARow(above).contains("chosen on selection draws"));
        RobustnessReport below =
                Json.MAPPER.readValue(
                        "{\"attacks\": [{\"accuracy\": 0.86}], \"worstCase\": {\"accuracy\":"
                                + " 0.85}}",
                        RobustnessReport.class);
        assertEquals("", Sections.worstAboveARow(below));
    }
}
