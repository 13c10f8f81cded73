package dev.noiseshield.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.model.Classifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoringAndSavingTest {
    /**
     * Predicts scripted classes, one row per call, cycling: a stochastic model with known draws.
     */
    private static final class Scripted implements Classifier {
        private final long[][] calls;
        private int next;

        Scripted(long[][] calls) {
            this.calls = calls;
        }

        @Override
        public NDArray logits(NDArray x) {
            long[] classes = calls[next++ % calls.length];
            return x.getManager().create(classes).oneHot(3);
        }

        @Override
        public int numClasses() {
            return 3;
        }

        @Override
        public boolean isStochastic() {
            return true;
        }
    }

    /** Labels 0,0,0,0. Draws: example 0 always right, 1 right 3 of 4, 2 right 1 of 4, 3 never. */
    @Test
    void theThreeScoringRulesCountAsDefined() {
        try (NDManager m = NDManager.newBaseManager()) {
            Scripted model =
                    new Scripted(
                            new long[][] {{0, 0, 0, 1}, {0, 0, 2, 1}, {0, 1, 1, 1}, {0, 0, 1, 2}});
            float[] f =
                    DrawScores.correctFractions(
                            model,
                            m.zeros(new Shape(4, 1, 2, 2)),
                            m.zeros(new Shape(4))
                                    .toType(ai.djl.ndarray.types.DataType.INT64, false),
                            4);
            assertArrayEquals(new float[] {1f, 0.75f, 0.25f, 0f}, f, 1e-6f);
            assertEquals(0.5, DrawScores.expected(f), 1e-9);
            assertEquals(0.5, DrawScores.majority(f), 1e-9);
            assertEquals(0.25, DrawScores.allDraws(f), 1e-9);
            assertArrayEquals(
                    new float[] {0.5f, 0.75f, 0f, 0f},
                    DrawScores.minimum(f, new float[] {0.5f, 1f, 0f, 1f}),
                    0f);
        }
    }

    /** Saved adversarial examples keep their float values exactly, not rounded to 8 bits. */
    @Test
    void adversarialExamplesRoundTripAsFloatTensors(@TempDir Path dir) throws Exception {
        ImageDataset data = new ImageDataset("t", new byte[2 * 4], new int[] {1, 2}, 1, 2, 2, 3);
        float[] images = {0.1234567f, 0.5f, 1f / 3, 0f, 0.999f, 0.25f, 0.75f, 0.0001f};
        Path file =
                AdversarialExamples.write(
                        dir,
                        "eot-pgd-10x5 eps=0.3",
                        data,
                        images,
                        new long[] {2, 2},
                        new float[] {0.5f, 1f});
        assertEquals("eot-pgd-10x5_eps_0.3.npz", file.getFileName().toString());
        try (NDManager m = NDManager.newBaseManager()) {
            NDList list = NDList.decode(m, Files.readAllBytes(file));
            assertEquals(
                    List.of("images", "labels", "predictions", "correct_fraction"),
                    list.stream().map(NDArray::getName).toList());
            assertEquals(new Shape(2, 1, 2, 2), list.get(0).getShape());
            assertArrayEquals(images, list.get(0).toFloatArray(), 0f);
            assertArrayEquals(new long[] {1, 2}, list.get(1).toLongArray());
            assertArrayEquals(new long[] {2, 2}, list.get(2).toLongArray());
            assertArrayEquals(new float[] {0.5f, 1f}, list.get(3).toFloatArray(), 0f);
        }
    }
}
