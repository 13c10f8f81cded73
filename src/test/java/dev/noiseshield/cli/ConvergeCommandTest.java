package dev.noiseshield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.noiseshield.TestData;
import dev.noiseshield.report.ReportWriter;
import dev.noiseshield.report.RobustnessReport;
import dev.noiseshield.run.Json;
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
        Files.copy(out.resolve("report.json"), dir.resolve("converged-first.json"));
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

        // the grown attack, given as it is, evaluates to the same rows: --converge adds its
        // curves, not numbers of its own
        RobustnessReport.AttackResult g = after.attacks().get(0);
        String[] direct = evaluate(dir.resolve("direct"));
        direct[java.util.Arrays.asList(direct).indexOf("--attacks") + 1] =
                String.format(
                        java.util.Locale.ROOT,
                        "pgd:steps=%d,step=0.01,restarts=%d,eot=%d",
                        g.steps(),
                        g.restarts(),
                        g.eot());
        CliRun given = CliRun.of(direct);
        assertEquals(0, given.code(), given.err());
        assertEquals(
                withoutTimings(out.resolve("report.json")).path("attacks"),
                withoutTimings(dir.resolve("direct/report.json")).path("attacks"));

        // --resume continues with the budgets grown before: not grown again, the same report
        Path kept = out.resolve("convergence.json");
        java.nio.file.attribute.FileTime grownAt = Files.getLastModifiedTime(kept);
        Files.setLastModifiedTime(kept, java.nio.file.attribute.FileTime.fromMillis(1_000_000L));
        CliRun resumed = CliRun.of(evaluate(out, "--converge", "--converge-cap", "16", "--resume"));
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(
                1_000_000L,
                Files.getLastModifiedTime(kept).toMillis(),
                "grown again at " + grownAt);
        assertEquals(
                withoutTimings(dir.resolve("converged-first.json")),
                withoutTimings(out.resolve("report.json")));
        assertFalse(Files.readString(dir.resolve("plain/report.json")).contains("convergence"));

        // without convergence.json (a growth killed before it finished), --resume grows again
        // from the batches of OUT/convergence.journal, to the same report
        Files.delete(kept);
        CliRun replayed =
                CliRun.of(evaluate(out, "--converge", "--converge-cap", "16", "--resume"));
        assertEquals(0, replayed.code(), replayed.err());
        assertTrue(replayed.out().contains("converge: resuming "), replayed.out());
        assertTrue(Files.exists(kept));
        assertEquals(
                withoutTimings(dir.resolve("converged-first.json")),
                withoutTimings(out.resolve("report.json")));
    }

    private static com.fasterxml.jackson.databind.JsonNode withoutTimings(Path report)
            throws java.io.IOException {
        return ReportWriter.withoutTimings(Json.MAPPER.readTree(report.toFile()));
    }

    /**
     * compare takes --converge to each defense's evaluation, in the child JVM that evaluates it:
     * the settings cross the process boundary with the row.
     */
    @Test
    void compareGrowsEachDefensesAttackInItsChild() throws Exception {
        Path data = TestData.writeMnistFolder(dir.resolve("data"), 64, 40);
        Path out = dir.resolve("compare");
        CliRun run =
                CliRun.of(
                        TestData.oneEpochCompareArgs(
                                data,
                                "pgd-at",
                                out,
                                "--repeats",
                                "1",
                                "--attacks",
                                "pgd:steps=2,step=0.01",
                                "--checks",
                                "false",
                                "--child-jvm",
                                "true",
                                "--converge",
                                "--converge-cap",
                                "4"));
        assertEquals(0, run.code(), run.err());
        RobustnessReport report = ReportWriter.read(out.resolve("pgd-at/report.json"));
        assertEquals(1, report.convergence().size(), report.toString());
        assertEquals("pgd-2", report.convergence().get(0).from());
        assertEquals(report.convergence().get(0).attack(), report.attacks().get(0).name());
        String table = Files.readString(out.resolve("comparison.md"));
        assertTrue(
                table.contains(
                        "("
                                + report.convergence().get(0).attack()
                                + ", "
                                + report.convergence().get(0).label()
                                + ")"),
                table);
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
