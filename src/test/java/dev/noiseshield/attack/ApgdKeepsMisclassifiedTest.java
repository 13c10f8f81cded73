package dev.noiseshield.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.noiseshield.model.Classifier;
import org.junit.jupiter.api.Test;

/**
 * APGD returns what AutoAttack's APGD keeps ({@code x_best_adv}): an iterate that was
 * misclassified, even when a later iterate had a higher loss and was classified correctly.
 *
 * <p>The trap: one-pixel images at 0.5, eps 0.4, ten classes. Class 0 (the label) has logit 0;
 * classes 2-9 have {@code 10 t - 4.5} with {@code t = x - 0.5}, so cross-entropy rises all the way
 * to the ball's edge, where class 0 still wins; class 1 has 0.2 on {@code t} in (0, 0.15) and -5
 * elsewhere (no gradient: a step), so the image is misclassified exactly there. APGD's first step
 * (2 eps) goes to the edge and stays, so the highest-loss point is always classified correctly, and
 * only the random start can fall into the window: with uniform starts, 0.15 / 0.8 of them.
 */
class ApgdKeepsMisclassifiedTest {
    private static final int N = 400;
    private static final float EPS = 0.4f;

    /** The trap model above. */
    private static final class Trap implements Classifier {
        @Override
        public NDArray logits(NDArray x) {
            long n = x.getShape().get(0);
            NDArray t = x.reshape(n, 1).sub(0.5f);
            NDArray inWindow =
                    t.gt(0f).logicalAnd(t.lt(0.15f)).toType(DataType.FLOAT32, false).stopGradient();
            NDArray label = t.zerosLike();
            NDArray window = inWindow.mul(5.2f).sub(5f);
            NDArray rising = t.mul(10f).sub(4.5f).repeat(1, 8);
            return label.concat(window, 1).concat(rising, 1);
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

    private static double accuracy(Classifier model, NDArray x, NDArray y) {
        return model.logits(x).argMax(1).eq(y).sum().getLong() / (double) N;
    }

    @Test
    void aMisclassifiedIterateIsKeptOverAHigherLossCorrectOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            Trap trap = new Trap();
            NDArray x = m.full(new Shape(N, 1, 1, 1), 0.5f);
            NDArray y = m.zeros(new Shape(N), DataType.INT64);
            NDArray edge = x.add(EPS);
            assertEquals(1.0, accuracy(trap, edge, y), "the ball's edge is classified correctly");
            assertEquals(0.0, accuracy(trap, x.add(0.1f), y), "the window is misclassified");
            for (Apgd apgd :
                    new Apgd[] {
                        new Apgd(new LinfNorm(), Apgd.Kind.CE, 10, 1, 1),
                        new Apgd(new LinfNorm(), Apgd.Kind.CE, 10, 3, 1),
                        new Apgd(new LinfNorm(), Apgd.Kind.DLR, 10, 1, 1)
                    }) {
                NDArray adv = apgd.perturb(trap, x, y, EPS);
                double accuracy = accuracy(trap, adv, y);
                int restarts = apgd.restarts();
                // the chance that none of the restarts' starts fell into the window
                double expected = Math.pow(1 - 0.15 / 0.8, restarts);
                double sd = Math.sqrt(expected * (1 - expected) / N);
                assertTrue(
                        Math.abs(accuracy - expected) < 4 * sd,
                        apgd.name()
                                + " x"
                                + restarts
                                + ": accuracy "
                                + accuracy
                                + ", expected "
                                + expected
                                + " (only the highest-loss point kept would give 1.0)");
            }
        }
    }
}
