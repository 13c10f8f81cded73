package dev.noiseshield.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.TestData;
import dev.noiseshield.attack.LinfNorm;
import dev.noiseshield.attack.Pgd;
import dev.noiseshield.attack.PgdSettings;
import dev.noiseshield.model.Network;
import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.nn.ScaleGranularity;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The PNI paper's Table 1 ablation, training with the noise off while the attack makes the
 * adversarial examples: the step's examples are then PGD's on the noise-free network, drawn from
 * the same seed, and the network's noise is on again for the loss; with the noise on (every
 * defense's training) they are not.
 */
class AttackNoiseTest {
    private static final PgdSettings PGD = new PgdSettings(3, 0.5f, 1, true);

    @Test
    void noiseOffWhileAttackingIsPgdOnTheNoiseFreeNetwork() {
        try (NDManager m = NDManager.newBaseManager();
                Network net =
                        Network.create(
                                TestData.smallCnn(NoiseSpec.pniWeights(ScaleGranularity.LAYER)),
                                m)) {
            net.setBatchNormTraining(false);
            NDArray x = TestData.digits().test().images(new int[] {0, 1, 2, 3, 4, 5}, m);
            NDArray y = TestData.digits().test().labels(new int[] {0, 1, 2, 3, 4, 5}, m);
            NesterovSgd sgd = new NesterovSgd(0.9f, 0f, m);

            m.getEngine().setRandomSeed(7);
            float[] stepOff =
                    new AdversarialStep(net, sgd, PGD, 0.5f)
                            .attackNoise(NoiseMode.OFF)
                            .adversarial(x, y, 0.3f)
                            .toFloatArray();
            assertEquals(NoiseMode.ON, net.noiseMode(), "the noise is on again for the loss");

            m.getEngine().setRandomSeed(7);
            net.setNoiseMode(NoiseMode.OFF);
            float[] noiseFree =
                    new Pgd(new LinfNorm(), PGD).perturb(net, x, y, 0.3f).toFloatArray();
            net.setNoiseMode(NoiseMode.ON);
            assertArrayEquals(noiseFree, stepOff, 0f);

            m.getEngine().setRandomSeed(7);
            float[] stepOn =
                    new AdversarialStep(net, sgd, PGD, 0.5f).adversarial(x, y, 0.3f).toFloatArray();
            assertFalse(Arrays.equals(noiseFree, stepOn), "with the noise on, noisy gradients");
        }
    }
}
