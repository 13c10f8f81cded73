package dev.noiseshield.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Square's window sizes against {@code p_selection} of fra31/auto-attack's square.py, point by
 * point: p_init until iteration 10, halved after 10, 50, 200, 500, 1,000, 2,000, 4,000, 6,000 and
 * 8,000; rescaled to the budget on its own, not inside AutoAttack.
 */
class SquareScheduleTest {
    @Test
    void fractionsHalveAtAutoAttacksIterations() {
        SquareSchedule fixed = SquareSchedule.AUTOATTACK;
        int[] at = {
            0, 10, 11, 50, 51, 200, 201, 500, 501, 1000, 1001, 2000, 2001, 4000, 4001, 4999
        };
        double[] divisor = {1, 1, 2, 2, 4, 4, 8, 8, 16, 16, 32, 32, 64, 64, 128, 128};
        for (int i = 0; i < at.length; i++) {
            assertEquals(0.8 / divisor[i], fixed.fraction(at[i], 5000), 1e-7, "query " + at[i]);
        }
        // the 5,000 queries of AutoAttack's Square never reach 6,000: p stays at p_init / 128
        assertEquals(0.8 / 128, fixed.fraction(4999, 5000), 1e-7);
    }

    @Test
    void rescaledFractionsSpreadTheHalvingsOverTheBudget() {
        SquareSchedule rescaled = SquareSchedule.RESCALED;
        // 1,000 queries: iteration q counts as q * 10 of 10,000
        assertEquals(0.8, rescaled.fraction(1, 1000), 1e-7); // 10: not yet
        assertEquals(0.4, rescaled.fraction(2, 1000), 1e-7); // 20
        assertEquals(0.8 / 8, rescaled.fraction(50, 1000), 1e-7); // 500: after 10, 50, 200
        assertEquals(0.8 / 512, rescaled.fraction(999, 1000), 1e-7); // 9,990: after all nine
        assertEquals(0.8 / 512, rescaled.fraction(9000, 10000), 1e-7);
        assertEquals(0.8 / 256, rescaled.fraction(8000, 10000), 1e-7);
    }

    /**
     * Window sides on a 28 x 28 digit and a 32 x 32 CIFAR image: round(sqrt(p h w)) at least 1 in
     * L-inf; at least 3 and odd in L2 (AutoAttack's square.py).
     */
    @Test
    void windowSidesFollowTheFractions() {
        SquareAttack linf = new SquareAttack(new SquareBudget(5000, SquareSchedule.AUTOATTACK), 0);
        assertEquals(25, linf.windowSide(0, 28, 28)); // sqrt(0.8 * 784) = 25.04
        assertEquals(18, linf.windowSide(11, 28, 28)); // sqrt(0.4 * 784) = 17.7
        assertEquals(2, linf.windowSide(4999, 28, 28)); // sqrt(0.00625 * 784) = 2.2
        assertEquals(29, linf.windowSide(0, 32, 32)); // sqrt(0.8 * 1024) = 28.6
        SquareL2Attack l2 =
                new SquareL2Attack(new SquareBudget(5000, SquareSchedule.AUTOATTACK), 0);
        assertEquals(25, l2.side(0, 28, 28));
        assertEquals(19, l2.side(11, 28, 28)); // 18 made odd
        assertEquals(3, l2.side(4999, 28, 28)); // 2 raised to 3
    }
}
