package dev.noiseshield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.noiseshield.TestData;
import dev.noiseshield.report.ReportWriter;
import dev.noiseshield.report.RobustnessReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate --converge} as a user runs it: a PNI-W model evaluated with a PGD too short to
 * reach eps (two steps of 0.01 at eps 0.3) gets its attack grown and reported as the grown one,
 * with its curves in report.json, report.md and the page; bad settings are refused in one line.
 */
class ConvergeCommandTest {
    @TempDir static Path dir;
    private static Path run;

    @BeforeAll
    static void train() {
        run = dir.resolve("run");
        assertEquals(0, NoiseShieldCli.commandLine().execute(TestData.oneEpochArgs("pni-w", run)));
    }

    private static String[] evaluate(Path out, String... more) {
        String[] common = {
            "evaluate",
            "--run",
            run.toString(),
            "--out",
            out.toString(),
            "--attacks",
            "pgd:steps=2,step=0.01",
            "--test-images",
            "100",
            "--repeats",
            "1",
            "--checks",
            "false"
        };
        String[] args = java.util.Arrays.copyOf(common, common.length + more.length);
        System.arraycopy(more, 0, args, common.length, more.length);
        return args;
    }

    @Test
    void theGrownAttackIsTheReportedOneWithItsCurves() throws Exception {
        Path out = dir.resolve("converged");
        CliRun plain = CliRun.of(evaluate(dir.resolve("plain")));
        assertEquals(0, plain.code(), plain.err());
        RobustnessReport before = ReportWriter.read(dir.resolve("plain/report.json"));

        CliRun grown = CliRun.of(evaluate(out, "--converge", "--converge-cap", "16"));
        assertEquals(0, grown.code(), grown.err());
        RobustnessReport after = ReportWriter.read(out.resolve("report.json"));
        RobustnessReport.Converged c = after.convergence().get(0);
        assertEquals("pgd-2", c.from());
        assertEquals(c.attack(), after.attacks().get(0).name(), "the row is the grown attack");
        assertTrue(after.attacks().get(0).steps() > 2, c.toString());
        assertTrue(
                after.attacks().get(0).accuracy() < before.attacks().get(0).accuracy(),
                "two steps of 0.01 at eps 0.3 overstate robustness: "
                        + before.attacks().get(0).accuracy()
                        + " vs "
                        + after.attacks().get(0).accuracy());
        assertTrue(
                after.sweeps().stream().anyMatch(p -> p.sweep().equals("converge")),
                "curves among the sweeps");
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(
                md.contains(
                        "| "
                                + c.attack()
                                + " ("
                                + (c.converged() ? "converged" : "**NOT converged**")
                                + ") |"),
                md);
        assertTrue(md.contains("grown from pgd-2"), md);
        assertTrue(Files.readString(out.resolve("report.html")).contains("--converge"));
        assertTrue(before.convergence().isEmpty());
        assertFalse(Files.readString(dir.resolve("plain/report.json")).contains("convergence"));
    }

    @Test
    void badSettingsAreRefusedInOneLine() {
        for (String[] bad :
                new String[][] {
                    {"--converge", "--converge-cap", "6"},
                    {"--converge", "--converge-tolerance", "2"},
                    {"--converge-tolerance", "0.02"},
                    {"--converge", "--converge-attacks", "pgd-40"}
                }) {
            CliRun r = CliRun.of(evaluate(dir.resolve("bad"), bad));
            assertEquals(2, r.code(), String.join(" ", bad) + ": " + r.err());
            assertTrue(r.err().startsWith("error: --converge"), r.err());
            assertFalse(r.err().contains("\n"), r.err());
        }
    }
}
