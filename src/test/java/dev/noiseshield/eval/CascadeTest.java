package dev.noiseshield.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.model.Classifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The field's rule: robust only if correct when clean and under every attack of the cascade. */
class CascadeTest {
    /**
     * Right only on perturbed images: class 1 when any pixel is above 0, else class 0. On black
     * images labelled 1 it is wrong on every clean image and right under random noise.
     */
    private static final class RightOnlyWhenPerturbed implements Classifier {
        long rowsSeen;

        @Override
        public NDArray logits(NDArray x) {
            long n = x.getShape().get(0);
            rowsSeen += n;
            NDArray perturbed = x.reshape(n, -1).max(new int[] {1}).gt(0f);
            NDArray one = perturbed.toType(DataType.FLOAT32, false);
            return NDArrays.stack(new ai.djl.ndarray.NDList(one.neg().add(1f), one), 1);
        }

        @Override
        public int numClasses() {
            return 2;
        }

        @Override
        public boolean isStochastic() {
            return false;
        }
    }

    @Test
    void aModelWrongOnCleanImagesCannotScoreRobustOnThem() {
        ImageDataset black = new ImageDataset("black", new byte[8 * 4], labels(8, 1), 1, 2, 2, 2);
        RightOnlyWhenPerturbed model = new RightOnlyWhenPerturbed();
        try (NDManager root = NDManager.newBaseManager()) {
            AttackRunner runner =
                    new AttackRunner(model, 4, 1, null, EvaluationJournal.inMemory(), root);
            AttackSpec noise = AttackSpec.parse("random", 0.3f);
            DrawScores.Scored clean = runner.run(null, black, 1, false).scored();
            assertArrayEquals(new float[8], clean.estimate(), "wrong on every clean image");
            float[] attackedAlone = runner.run(noise, black, 1, false).fractions();
            assertEquals(1.0, DrawScores.expected(attackedAlone), "right under the attack");

            model.rowsSeen = 0;
            CascadeResult result =
                    Cascade.run(
                            clean,
                            List.of(noise),
                            (spec, examples) -> runner.run(spec, black.select(examples), 1, false));
            assertEquals(0.0, DrawScores.expected(result.fractions()), "robust on none");
            assertEquals(0, result.stages().get(0).attacked(), "no image was attacked");
            assertEquals(0, model.rowsSeen, "no query spent on images broken when clean");
        }
    }

    /**
     * Each attack sees only the images still robust: correct when clean and not broken by the
     * attacks before it; under majority vote an image is robust only where every stage's majority
     * is right.
     */
    @Test
    void eachAttackSeesOnlyTheImagesStillRobust() {
        float[] clean = {1f, 0f, 1f, 0.6f, 1f, 0.4f};
        List<int[]> seen = new ArrayList<>();
        List<AttackSpec> attacks =
                List.of(AttackSpec.parse("apgd-ce", 0.3f), AttackSpec.parse("apgd-t", 0.3f));
        // each attack's scores of the images it is given
        float[][] answers = {{0f, 1f, 0.7f, 1f, 0.3f}, {1f, 0.2f, 1f, 0.9f}};
        CascadeResult result =
                Cascade.run(
                        new DrawScores.Scored(clean, clean),
                        attacks,
                        (spec, examples) -> {
                            seen.add(examples);
                            float[] f =
                                    java.util.Arrays.copyOf(
                                            answers[seen.size() - 1], examples.length);
                            return new AttackRunner.Outcome(
                                    f, f, new float[examples.length], null, null, 1.0);
                        });
        assertArrayEquals(new int[] {0, 2, 3, 4, 5}, seen.get(0), "clean-correct images only");
        assertArrayEquals(new int[] {2, 3, 4, 5}, seen.get(1), "what the first left robust");
        assertArrayEquals(new float[] {0f, 0f, 1f, 0.2f, 1f, 0.3f}, result.fractions(), 1e-6f);
        assertEquals(2.0 / 6, DrawScores.majority(result.fractions()), 1e-9);
        assertEquals(2, result.stages().size());
        assertEquals(4, result.stages().get(1).attacked());
    }

    private static int[] labels(int n, int label) {
        int[] out = new int[n];
        java.util.Arrays.fill(out, label);
        return out;
    }
}
