package dev.noiseshield.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.report.PairedTests;
import dev.noiseshield.report.ReportWriter;
import dev.noiseshield.report.RobustnessReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The paired test between models tests the numbers it sits beside (expected accuracy over all
 * repeats), every pair gets one, corrected for testing several; every scoring rule has an interval.
 */
class PairedTestsTest {
    /**
     * Two models at the same expected accuracy, 60%: A gets 60% of the draws right on every image,
     * B all draws on 60% of the images and none on the rest. Under majority vote A wins on the 80
     * images B never gets right, which a majority-vote McNemar test (what compare printed beside
     * the expected accuracies) called a difference at p below 1e-20; on the column's own rule there
     * is none.
     */
    @Test
    void theTestUsesTheRuleOfItsColumn() {
        float[] a = new float[200];
        float[] b = new float[200];
        java.util.Arrays.fill(a, 0.6f);
        java.util.Arrays.fill(b, 0, 120, 1f);
        Significance.Paired majority =
                Significance.paired(Significance.correct(a), Significance.correct(b));
        assertTrue(majority.p() < 1e-20, "the majority-vote test: " + majority);
        Significance.Paired expected = Significance.pairedScores(a, b);
        assertTrue(expected.p() > 0.5, "the expected-accuracy test: " + expected);
    }

    /**
     * With every difference of the same size the sign-flip test is the exact sign test: 30 images
     * higher under one model by 0.1 and 20 under the other give McNemar's 30 against 20, p 0.203.
     */
    @Test
    void signFlipsAgreeWithTheExactTestWhereBothApply() {
        float[] a = new float[100];
        float[] b = new float[100];
        java.util.Arrays.fill(a, 0.5f);
        java.util.Arrays.fill(b, 0.5f);
        for (int i = 0; i < 30; i++) {
            a[i] = 0.6f;
        }
        for (int i = 30; i < 50; i++) {
            b[i] = 0.6f;
        }
        double exact = Significance.mcNemar(30, 20);
        double flips = Significance.pairedScores(a, b).p();
        assertEquals(0.2026, exact, 1e-3);
        assertEquals(exact, flips, 0.01, "sign flips estimate the exact p");
        float[] binaryA = new float[100];
        float[] binaryB = new float[100];
        java.util.Arrays.fill(binaryA, 0, 30, 1f);
        java.util.Arrays.fill(binaryB, 30, 50, 1f);
        assertEquals(exact, Significance.pairedScores(binaryA, binaryB).p(), 1e-12);
    }

    /**
     * A difference far beyond what sign flips can resolve (their floor is 1/20,001) gets a p in the
     * far tail, not the floor: 45 pairs times the floor printed "p = 0.00225" for a model right on
     * 884 more images than another.
     */
    @Test
    void aLargeDifferenceIsNotReportedAtTheFlipsFloor() {
        float[] a = new float[1000];
        float[] b = new float[1000];
        for (int i = 0; i < 1000; i++) {
            a[i] = i < 900 ? 0.9f : 0f;
            b[i] = i < 10 ? 0.3f : 0f;
        }
        double p = Significance.pairedScores(a, b).p();
        assertTrue(p < 1e-10, "p " + p);
        assertEquals(0.5, Significance.holm(new double[] {p, 0.5})[1], 1e-12);
        assertTrue(Significance.holm(new double[] {p, 0.5})[0] < 1e-9);
    }

    /** Holm's step-down adjustment on a worked example. */
    @Test
    void holmAdjustsStepDown() {
        assertArrayEquals(
                new double[] {0.03, 0.06, 0.06},
                Significance.holm(new double[] {0.01, 0.04, 0.03}),
                1e-12);
        assertArrayEquals(new double[] {0.2}, Significance.holm(new double[] {0.2}), 1e-12);
    }

    /** Three defenses: three pairs, each with its adjusted p, and the correction named. */
    @Test
    void everyPairOfTheComparisonGetsItsTest() {
        List<RobustnessReport> reports = new ArrayList<>();
        float[][] scores = {{1, 1, 1, 0}, {1, 0, 0, 0}, {1, 1, 0, 0}};
        String[] names = {"pgd-at", "pni-w", "rse"};
        for (int m = 0; m < 3; m++) {
            List<Float> s = new ArrayList<>();
            for (float v : scores[m]) {
                s.add(v);
            }
            reports.add(
                    TestReports.report(
                            names[m],
                            List.of(TestReports.attack("pgd-20", 0.5)),
                            new RobustnessReport.WorstCase(
                                    0.5, 0, null, 0.5, null, 0.5, null, List.of("pgd-20"), s),
                            List.of()));
        }
        String table = ReportWriter.comparison(reports);
        assertTrue(table.contains("Holm"), table);
        assertTrue(table.contains("pni-w vs pgd-at: p"), table);
        assertTrue(table.contains("rse vs pgd-at: p"), table);
        assertTrue(table.contains("rse vs pni-w: p"), table);
        assertEquals(3, PairedTests.of(List.of(scores)).size());
    }

    /**
     * Majority vote and all draws get their intervals from their own accuracies, over the images
     * and widened by the repeats' spread, as expected accuracy does.
     */
    @Test
    void everyScoringRuleHasItsInterval() {
        AttackSpec spec = AttackSpec.parse("pgd", 0.3f);
        Repeats repeats = new Repeats(List.of(spec));
        float[] first = {1f, 0.6f, 0.4f, 0f, 1f};
        float[] second = {1f, 1f, 0.2f, 0f, 0.6f};
        for (float[] run : new float[][] {first, second}) {
            repeats.add(0, new CascadeResult(run, run, List.of(), new float[0], null, 1));
            repeats.worst.add(run);
        }
        RobustnessReport.AttackResult result = repeats.attackResults(new Fixed()).get(0);
        double majority = (3 / 5.0 + 3 / 5.0) / 2;
        double allDraws = (2 / 5.0 + 2 / 5.0) / 2;
        assertEquals(majority, result.majorityVote(), 1e-9);
        assertEquals(Significance.interval(majority, 5, 0, 2), result.majorityVoteInterval());
        assertEquals(Significance.interval(allDraws, 5, 0, 2), result.allDrawsInterval());
        RobustnessReport.WorstCase worst = repeats.worstCase();
        assertEquals(Significance.interval(majority, 5, 0, 2), worst.majorityVoteInterval());
        assertEquals(List.of(1f, 0.8f, 0.3f, 0f, 0.8f), worst.scores(), "per image, over repeats");
        assertTrue(
                ReportWriter.markdown(TestReports.report("x", List.of(result), worst, List.of()))
                        .contains(
                                String.format(
                                        java.util.Locale.ROOT,
                                        "| %.2f [%.1f, %.1f] |",
                                        100 * majority,
                                        100 * result.majorityVoteInterval().low(),
                                        100 * result.majorityVoteInterval().high())));
    }

    private static final class Fixed implements Classifier {
        @Override
        public ai.djl.ndarray.NDArray logits(ai.djl.ndarray.NDArray x) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int numClasses() {
            return 10;
        }

        @Override
        public boolean isStochastic() {
            return false;
        }
    }
}
