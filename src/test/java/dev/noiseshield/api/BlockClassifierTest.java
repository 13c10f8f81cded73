package dev.noiseshield.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.NormalInitializer;
import dev.noiseshield.model.Classifier;
import org.junit.jupiter.api.Test;

/**
 * A plain DJL block wrapped by {@link NoiseShield#classifier} is attacked as the tool's own models
 * are. Oracle: on a linear two-class model the FGSM point is known in closed form, {@code clip(x +
 * eps * sign(w_wrong - w_true), 0, 1)} (the cross-entropy's input gradient is {@code p_wrong
 * (w_wrong - w_true)}); and PGD on it ends at a corner of the box-clipped ball no worse than
 * FGSM's.
 */
class BlockClassifierTest {
    @Test
    void aDjlBlockIsAttackedLikeTheToolsModels() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(7);
            SequentialBlock block =
                    new SequentialBlock()
                            .add(Blocks.batchFlattenBlock())
                            .add(Linear.builder().setUnits(2).build());
            block.setInitializer(new NormalInitializer(1f), ai.djl.nn.Parameter.Type.WEIGHT);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 2, 2));
            Classifier model = NoiseShield.classifier(block, 2);

            float[] pixels = {0.5f, 0.2f, 0.9f, 0.5f, 0.4f, 0.6f, 0.1f, 0.3f};
            NDArray x = manager.create(pixels, new Shape(2, 1, 2, 2));
            NDArray y = manager.create(new float[] {0, 1});
            float eps = 0.25f;
            float[] adversarial = NoiseShield.attack("fgsm", eps, model, x, y, 1).toFloatArray();

            float[] w =
                    block.getChildren()
                            .get(1)
                            .getValue()
                            .getParameters()
                            .get("weight")
                            .getArray()
                            .toFloatArray(); // (2 classes, 4 pixels)
            float[] expected = new float[8];
            for (int n = 0; n < 2; n++) {
                int truth = n == 0 ? 0 : 1;
                for (int i = 0; i < 4; i++) {
                    float toward = Math.signum(w[(1 - truth) * 4 + i] - w[truth * 4 + i]);
                    expected[n * 4 + i] =
                            Math.min(1f, Math.max(0f, pixels[n * 4 + i] + eps * toward));
                }
            }
            assertArrayEquals(expected, adversarial, 1e-6f);

            NDArray pgd = NoiseShield.attack("pgd:steps=20", eps, model, x, y, 1);
            float[] margins = margins(model.logits(pgd).toFloatArray());
            float[] fgsmMargins =
                    margins(model.logits(manager.create(adversarial, x.getShape())).toFloatArray());
            for (int n = 0; n < 2; n++) {
                assertTrue(margins[n] <= fgsmMargins[n] + 1e-4f, "PGD at least as strong");
            }
            assertEquals(2, model.numClasses());
        }
    }

    @Test
    void anUninitialisedBlockIsRefusedWithWhatToDo() {
        IllegalArgumentException refused =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> NoiseShield.classifier(Linear.builder().setUnits(2).build(), 2));
        assertTrue(refused.getMessage().contains("initialize"), refused.getMessage());
    }

    /** The true class's logit minus the other's, for labels 0 and 1 of the test's two images. */
    private static float[] margins(float[] logits) {
        return new float[] {logits[0] - logits[1], logits[3] - logits[2]};
    }
}
