package dev.noiseshield.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report files are what they were before the packages were re-cut (issue 28): the demo's two
 * evaluations (PGD-AT and PNI-W, as `./noiseshield demo` wrote them on the build before the re-cut,
 * kept in src/test/resources/golden/demo) read back into the typed report and written again give
 * report.json, report.md, sweeps.csv and the comparison table byte for byte; and report.html and
 * comparison.html (from report.json and the example images alone) byte for byte but for the charts'
 * SVG, which depends on the machine's fonts (each {@code <svg>...</svg>} is cut to {@code <svg/>}:
 * the same charts in the same places). A change to what the files say on purpose regenerates the
 * golden files (copy a new demo's) in the same commit.
 */
class ReportFilesGoldenTest {
    private static final String[] RUNS = {"pgd-at", "pni-w"};

    @TempDir Path dir;

    @Test
    void theDemosReportsAreWrittenByteForByteAsBefore() throws IOException {
        List<RobustnessReport> reports = new ArrayList<>();
        for (String run : RUNS) {
            Path folder = Files.createDirectories(dir.resolve(run));
            Files.writeString(folder.resolve("report.json"), golden(run + "/report.json"));
            RobustnessReport report = ReportWriter.read(folder.resolve("report.json"));
            Path written = Files.createDirectories(dir.resolve("written").resolve(run));
            ReportWriter.write(report, written);
            for (String file : List.of("report.json", "report.md", "sweeps.csv")) {
                assertEquals(
                        golden(run + "/" + file),
                        Files.readString(written.resolve(file)),
                        run + "/" + file);
            }
            reports.add(report);
        }
        assertEquals(golden("comparison.md"), ReportWriter.comparison(reports));
    }

    @Test
    void theDemosPagesAreWrittenAsBeforeButForTheChartsDrawing() throws IOException {
        for (String run : RUNS) {
            Path folder = Files.createDirectories(dir.resolve(run));
            Files.writeString(folder.resolve("report.json"), golden(run + "/report.json"));
            try (InputStream in = resource(run + "/examples.safetensors")) {
                Files.copy(in, folder.resolve("examples.safetensors"));
            }
            assertEquals(
                    golden(run + "/report.html.nosvg"),
                    withoutSvg(Files.readString(RunPage.write(folder))),
                    run + "/report.html");
        }
        Path comparison = ComparisonPage.write(dir, List.of(RUNS), "demo");
        assertEquals(golden("comparison.html.nosvg"), withoutSvg(Files.readString(comparison)));
    }

    /** The page with every chart's drawing cut out, the chart's place kept. */
    private static String withoutSvg(String html) {
        return html.replaceAll("(?s)<svg.*?</svg>", "<svg/>");
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = ReportFilesGoldenTest.class.getResourceAsStream("/golden/demo/" + name);
        if (in == null) {
            throw new IOException("missing golden file " + name);
        }
        return in;
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = resource(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
