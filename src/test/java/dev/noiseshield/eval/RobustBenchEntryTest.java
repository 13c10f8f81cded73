package dev.noiseshield.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.noiseshield.report.RobustnessReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RobustBench entry names an AutoAttack accuracy only for AutoAttack as published. */
class RobustBenchEntryTest {
    private static RobustnessReport.WorstCase worst(double accuracy) {
        return new RobustnessReport.WorstCase(
                accuracy,
                0,
                new Significance.Interval(0, 1),
                accuracy,
                new Significance.Interval(0, 1),
                accuracy,
                new Significance.Interval(0, 1),
                List.of(),
                List.of());
    }

    @Test
    void autoattackAccuracyOnlyForThePublishedConfiguration() {
        RobustnessReport published =
                TestReports.report(
                        "pgd-at",
                        List.of(TestReports.attack("autoattack-standard", 0.844)),
                        worst(0.844),
                        List.of());
        assertEquals("84.40", published.robustbench().autoattackAcc());
        assertEquals("84.40", published.robustbench().robustAcc());
        RobustnessReport cut =
                TestReports.report(
                        "pgd-at",
                        List.of(TestReports.attack("autoattack-rand[steps=2,eot=2]", 0.9)),
                        worst(0.9),
                        List.of());
        assertNull(cut.robustbench().autoattackAcc(), "a cut-down AutoAttack is not AutoAttack");
        assertEquals("90.00", cut.robustbench().robustAcc());
    }
}
