package dev.noiseshield.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.run.Json;
import java.nio.charset.StandardCharsets;
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
                                    4)
                            .estimate();
            assertArrayEquals(new float[] {1f, 0.75f, 0.25f, 0f}, f, 1e-6f);
            assertEquals(0.5, DrawScores.expected(f), 1e-9);
            assertEquals(0.5, DrawScores.majority(f), 1e-9);
            assertEquals(0.25, DrawScores.allDraws(f), 1e-9);
        }
    }

    /**
     * The worst case per example chooses on selection draws and counts the chosen input's estimate,
     * from other draws. Three attacks of equal strength (each image right with chance 0.5 under
     * each, 10 scoring draws) on 4,000 images: the smallest of three fractions from the same draws
     * averages about 0.37, a lean of 13 points below the true 0.5; chosen on the selection draws,
     * the estimate averages 0.5.
     */
    @Test
    void theWorstCaseIsChosenOnOtherDrawsThanItIsCountedOn() {
        java.util.Random random = new java.util.Random(5);
        int images = 4000;
        float[] worst = new float[images];
        float[] worstSelection = new float[images];
        java.util.Arrays.fill(worst, 1f);
        java.util.Arrays.fill(worstSelection, 1f);
        float[] sameDraws = worst.clone();
        int[] all = java.util.stream.IntStream.range(0, images).toArray();
        for (int attack = 0; attack < 3; attack++) {
            DrawScores.Scored scored =
                    new DrawScores.Scored(tenDraws(random, images), tenDraws(random, images));
            DrawScores.keepWorse(worst, worstSelection, scored, all);
            for (int i = 0; i < images; i++) {
                sameDraws[i] = Math.min(sameDraws[i], scored.estimate()[i]);
            }
        }
        assertEquals(0.37, DrawScores.expected(sameDraws), 0.02, "the lean of a minimum");
        assertEquals(0.5, DrawScores.expected(worst), 0.012, "chosen on other draws: no lean");
    }

    /** Per image, the fraction of ten fair coin draws that came up right. */
    private static float[] tenDraws(java.util.Random random, int images) {
        float[] f = new float[images];
        for (int i = 0; i < images; i++) {
            int right = 0;
            for (int d = 0; d < 10; d++) {
                right += random.nextBoolean() ? 1 : 0;
            }
            f[i] = right / 10f;
        }
        return f;
    }

    /**
     * Saved adversarial examples keep their float values exactly, not rounded to 8 bits, and carry
     * what made them: the clean images, their place in the test set, the perturbations' sizes and
     * the attack's settings.
     */
    @Test
    void adversarialExamplesRoundTripAsFloatTensorsThatDescribeThemselves(@TempDir Path dir)
            throws Exception {
        byte[] pixels = {0, 10, (byte) 200, (byte) 255, 1, 2, 3, 4};
        ImageDataset data = new ImageDataset("t", pixels, new int[] {1, 2}, 1, 2, 2, 3);
        float[] images = {0.1234567f, 0.5f, 1f / 3, 0f, 0.999f, 0.25f, 0.75f, 0.0001f};
        AttackSpec spec = AttackSpec.parse("pgd:steps=10,eot=5,eps=8/255", 0.3f);
        Path file =
                AdversarialExamples.write(
                        dir,
                        spec,
                        new AdversarialExamples.Batch(
                                data,
                                new int[] {3, 7},
                                images,
                                new long[] {2, 2},
                                new float[] {0.5f, 1f},
                                new float[] {0.03f, 0.01f}));
        assertEquals("eot-pgd-10x5-eps8_255.npz", file.getFileName().toString());
        try (NDManager m = NDManager.newBaseManager()) {
            NDList list = NDList.decode(m, Files.readAllBytes(file));
            assertEquals(
                    List.of(
                            "images",
                            "clean_images",
                            "labels",
                            "index",
                            "predictions",
                            "correct_fraction",
                            "perturbation_size",
                            "eps",
                            "attack"),
                    list.stream().map(NDArray::getName).toList());
            assertEquals(new Shape(2, 1, 2, 2), list.get(0).getShape());
            assertArrayEquals(images, list.get(0).toFloatArray(), 0f);
            assertArrayEquals(
                    data.images(new int[] {0, 1}, m).toFloatArray(),
                    list.get(1).toFloatArray(),
                    0f);
            assertArrayEquals(new long[] {1, 2}, list.get(2).toLongArray());
            assertArrayEquals(new int[] {3, 7}, list.get(3).toIntArray());
            assertArrayEquals(new long[] {2, 2}, list.get(4).toLongArray());
            assertArrayEquals(new float[] {0.5f, 1f}, list.get(5).toFloatArray(), 0f);
            assertArrayEquals(new float[] {0.03f, 0.01f}, list.get(6).toFloatArray(), 0f);
            assertArrayEquals(new float[] {8f / 255}, list.get(7).toFloatArray(), 0f);
            JsonNode attack =
                    Json.MAPPER.readTree(
                            new String(list.get(8).toByteArray(), StandardCharsets.UTF_8));
            assertEquals("eot-pgd-10x5", attack.get("attack").asText());
            assertEquals("8/255", attack.get("epsText").asText());
            assertEquals(5, attack.get("eot").asInt());
            assertEquals("linf", attack.get("norm").asText());
        }
    }
}
