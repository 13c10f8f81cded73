package dev.noiseshield.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * PGD's restarts never give up a point that fooled the model: restart k draws the same start
 * whatever the number of restarts, so on a deterministic model the examples fooled with r restarts
 * stay fooled with 2r. The model is a linear one with small weights, whose softmax spreads over its
 * ten classes: there a correct point can have a higher cross-entropy than a fooled one (0.15 on the
 * label and 0.094 on each other class is a loss of 1.9; 0.3 on the label and 0.35 on another, 1.2),
 * which is what a rule "keep the highest loss" got wrong.
 */
class PgdRestartsTest {
    private static final int N = 512;
    private static final float EPS = 0.05f;

    @Test
    void anExampleFooledWithRRestartsStaysFooledWith2R() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            NDArray weight = m.randomNormal(0f, 0.05f, new Shape(10, 192), DataType.FLOAT32);
            LinearClassifier linear = new LinearClassifier(weight, m.zeros(new Shape(10)));
            NDArray x = m.randomUniform(0f, 1f, new Shape(N, 3, 8, 8));
            NDArray y = linear.logits(x).argMax(1);
            NDArray before = null;
            long firstFooled = 0;
            long lastFooled = 0;
            for (int restarts : new int[] {1, 2, 4, 8}) {
                Pgd pgd = new Pgd(new LinfNorm(), new PgdSettings(2, 0.5f, restarts, true));
                m.getEngine().setRandomSeed(5);
                NDArray fooled = linear.logits(pgd.perturb(linear, x, y, EPS)).argMax(1).neq(y);
                if (before == null) {
                    firstFooled = fooled.countNonzero().getLong();
                } else {
                    long given = before.logicalAnd(fooled.logicalNot()).countNonzero().getLong();
                    assertEquals(0, given, restarts + " restarts gave up fooled examples");
                }
                lastFooled = fooled.countNonzero().getLong();
                before = fooled;
            }
            assertTrue(
                    firstFooled > 10 && lastFooled > firstFooled && lastFooled < N - 10,
                    "fooled " + firstFooled + " with one restart, " + lastFooled + " with eight");
        }
    }
}
