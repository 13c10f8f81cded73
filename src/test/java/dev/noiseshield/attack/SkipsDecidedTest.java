package dev.noiseshield.attack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.noiseshield.model.Classifier;
import org.junit.jupiter.api.Test;

/**
 * APGD-T's later targets, APGD's restarts and PGD's restarts attack only the examples still
 * undecided: on a deterministic model the adversarial batch is the same to the bit as when every
 * run attacks every example, in L-inf and in L2, with the same verdicts and fewer examples through
 * the model. The eps is set so that the first run fools some of the batch and leaves others for the
 * later ones, which the test checks as well.
 */
class SkipsDecidedTest {
    private static final int N = 64;
    private static final float EPS = 0.03f;

    /** Counts the examples that go through the model. */
    private static final class Counting extends Classifier.Wrapping {
        long examples;

        Counting(Classifier inner) {
            super(inner);
        }

        @Override
        public NDArray logits(NDArray x) {
            examples += x.getShape().get(0);
            return inner.logits(x);
        }
    }

    /**
     * A classifier that computes each image's logits alone, one row at a time: no kernel can then
     * round an image differently in a smaller batch, whatever the CPU, so that what the test
     * compares is the pruning, not the kernels' batch sizes (a whole-batch product once rounded one
     * of 64 images 1 ulp apart on one machine).
     */
    private static final class RowByRow extends Classifier.Wrapping {
        RowByRow(Classifier inner) {
            super(inner);
        }

        @Override
        public NDArray logits(NDArray x) {
            NDList rows = new NDList();
            for (int i = 0; i < x.getShape().get(0); i++) {
                rows.add(inner.logits(x.get(i + ":" + (i + 1))));
            }
            return NDArrays.concat(rows);
        }
    }

    /** An attack that can attack every example in every run, or only the undecided ones. */
    private record Pruning(String name, Norm norm, Perturbation perturbation) {}

    @FunctionalInterface
    private interface Perturbation {
        NDArray perturb(Classifier model, NDArray x, NDArray y, float eps, boolean skipDecided);
    }

    private static Pruning apgd(Apgd apgd) {
        return new Pruning(apgd.name(), apgd.norm(), apgd::perturb);
    }

    private static Pruning pgd(Norm norm, int steps, int restarts) {
        Pgd pgd = new Pgd(norm, new PgdSettings(steps, 0f, restarts, true));
        return new Pruning(pgd.name() + "-r" + restarts, norm, pgd::perturb);
    }

    @Test
    void laterRunsSkipTheDecidedExamplesAndChangeNothing() {
        for (Pruning attack :
                new Pruning[] {
                    apgd(new Apgd(new LinfNorm(), Apgd.Kind.TARGETED_DLR, 10, 1, 9)),
                    apgd(new Apgd(new LinfNorm(), Apgd.Kind.CE, 10, 4, 1)),
                    apgd(new Apgd(new L2Norm(), Apgd.Kind.TARGETED_DLR, 10, 2, 3)),
                    pgd(new LinfNorm(), 5, 4),
                    pgd(new L2Norm(), 5, 3)
                }) {
            try (NDManager m = NDManager.newBaseManager()) {
                m.getEngine().setRandomSeed(11);
                NDArray weight = m.randomNormal(0f, 1f, new Shape(10, 192), DataType.FLOAT32);
                Classifier linear =
                        new RowByRow(new LinearClassifier(weight, m.zeros(new Shape(10))));
                NDArray x = m.randomUniform(0f, 1f, new Shape(N, 3, 8, 8));
                NDArray y = linear.logits(x).argMax(1);
                float eps = attack.norm() instanceof L2Norm ? EPS * 8 : EPS;

                Counting everyRun = new Counting(linear);
                m.getEngine().setRandomSeed(5);
                NDArray all = attack.perturbation().perturb(everyRun, x, y, eps, false);
                Counting undecidedOnly = new Counting(linear);
                m.getEngine().setRandomSeed(5);
                NDArray pruned = attack.perturbation().perturb(undecidedOnly, x, y, eps, true);

                long fooled =
                        linear.logits(all).argMax(1).eq(y).logicalNot().countNonzero().getLong();
                assertTrue(fooled > 4 && fooled < N - 4, attack.name() + ": fooled " + fooled);
                NDArray verdicts = linear.logits(all).argMax(1).eq(y);
                assertTrue(verdicts.contentEquals(linear.logits(pruned).argMax(1).eq(y)));
                assertTrue(
                        all.contentEquals(pruned), attack.name() + ": the same batch to the bit");
                assertTrue(
                        undecidedOnly.examples < everyRun.examples,
                        attack.name()
                                + ": "
                                + undecidedOnly.examples
                                + " examples through the model against "
                                + everyRun.examples);
            }
        }
    }
}
