package dev.noiseshield.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.noiseshield.attack.AttackSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The stopping rule of --converge on synthetic curves: per-image scores whose number of correct
 * images is a given function of the steps, so that every doubling's drop and test are known.
 */
class ConvergenceTest {
    private static final int IMAGES = 400;
    private static final AttackSpec PGD_10 = AttackSpec.parse("pgd:steps=10", 0.3f);

    /** Images 0..correct-1 right, the rest wrong: a larger budget only ever breaks more. */
    private static float[] scores(int correct) {
        float[] s = new float[IMAGES];
        Arrays.fill(s, 0, correct, 1f);
        return s;
    }

    private static Convergence.Curve grow(
            IntUnaryOperator correctAtSteps, int cap, List<Integer> asked) {
        Convergence.Point start =
                new Convergence.Point(PGD_10, scores(correctAtSteps.applyAsInt(PGD_10.steps())));
        return Convergence.grow(
                "steps",
                start,
                cap,
                Convergence.DEFAULT_TOLERANCE,
                spec -> {
                    asked.add(spec.steps());
                    return scores(correctAtSteps.applyAsInt(spec.steps()));
                });
    }

    @Test
    void aCurveThatKeepsFallingIsNeverCalledConverged() {
        List<Integer> asked = new ArrayList<>();
        // 20 more images broken at every doubling, 5 points on 400 images: never settles
        Convergence.Curve curve =
                grow(steps -> 300 - 20 * Integer.numberOfTrailingZeros(steps / 5), 16, asked);
        assertFalse(curve.converged());
        assertEquals(
                List.of(20, 40, 80, 160), asked, "doubled up to 16 times the steps, no further");
        assertEquals(160, curve.last().spec().steps());
        assertTrue(curve.describe().contains("NOT converged"), curve.describe());
    }

    @Test
    void aFlatCurveStopsAfterOneDoubling() {
        List<Integer> asked = new ArrayList<>();
        Convergence.Curve curve = grow(steps -> 250, Convergence.DEFAULT_CAP, asked);
        assertTrue(curve.converged());
        assertEquals(List.of(20), asked);
        assertEquals(2, curve.points().size());
    }

    /** A curve that falls, then flattens, stops at the first doubling that settles. */
    @Test
    void aCurveStopsWhereItFlattens() {
        List<Integer> asked = new ArrayList<>();
        Convergence.Curve curve =
                grow(steps -> steps <= 20 ? 300 - steps : 279, Convergence.DEFAULT_CAP, asked);
        assertTrue(curve.converged());
        assertEquals(List.of(20, 40), asked);
        assertEquals(279 / (double) IMAGES, curve.last().accuracy(), 1e-9);
    }

    /**
     * Both halves of the rule: a drop below the tolerance that is significant (3,000 images, 27
     * broken by the doubling, none mended) does not settle, nor does a drop above the tolerance
     * that is not significant (40 images, 1 broken: 2.5 points). The budget check fails only where
     * a doubling is both.
     */
    @Test
    void aDoublingSettlesOnlyWhenItsDropIsSmallAndNotSignificant() {
        Convergence.Doubling significantSmall = doubling(3000, 2000, 1973);
        assertTrue(significantSmall.drop() < Convergence.DEFAULT_TOLERANCE);
        assertTrue(significantSmall.significant());
        assertFalse(significantSmall.settled(Convergence.DEFAULT_TOLERANCE));

        Convergence.Doubling largeNoise = doubling(40, 20, 19);
        assertFalse(largeNoise.significant());
        assertFalse(largeNoise.settled(Convergence.DEFAULT_TOLERANCE));

        assertTrue(doubling(3000, 2000, 1999).settled(Convergence.DEFAULT_TOLERANCE));

        // the sanity check is the other way round: it fails only where both halves say the
        // number still falls (30 of 400 images broken: 7.5 points, significant)
        assertFalse(significantSmall.stillFalling(Convergence.DEFAULT_TOLERANCE));
        assertFalse(largeNoise.stillFalling(Convergence.DEFAULT_TOLERANCE));
        assertTrue(doubling(400, 300, 270).stillFalling(Convergence.DEFAULT_TOLERANCE));
    }

    private static Convergence.Doubling doubling(int images, int before, int after) {
        float[] a = new float[images];
        float[] b = new float[images];
        Arrays.fill(a, 0, before, 1f);
        Arrays.fill(b, 0, after, 1f);
        return Convergence.of(new Convergence.Point(PGD_10, a), new Convergence.Point(PGD_10, b));
    }

    @Test
    void settingsRefuseATolerancePastOneAndACapThatIsNotAPowerOfTwo() {
        assertThrows(
                IllegalArgumentException.class, () -> new Convergence.Settings(List.of(), 1.5, 8));
        assertThrows(
                IllegalArgumentException.class, () -> new Convergence.Settings(List.of(), 0.01, 6));
        assertThrows(
                IllegalArgumentException.class, () -> new Convergence.Settings(List.of(), 0.01, 1));
    }

    @Test
    void budgetSettingsGrowOneAtATime() {
        AttackSpec spec = AttackSpec.parse("pgd:steps=10,eot=5,restarts=2", 0.3f);
        assertEquals(List.of("steps", "eot", "restarts"), spec.budget(true));
        assertEquals(List.of("steps", "restarts"), spec.budget(false));
        assertEquals("eot-pgd-20x5-r2", spec.grown("steps", 2).name());
        assertEquals("eot-pgd-10x20-r2", spec.grown("eot", 4).name());
        assertEquals("eot-pgd-10x5-r4", spec.grown("restarts", 2).name());
        assertEquals(List.of(), AttackSpec.parse("fgsm", 0.3f).budget(true));
        assertEquals(List.of(), AttackSpec.parse("autoattack-standard", 0.3f).budget(true));
    }
}
