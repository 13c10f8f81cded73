package dev.noiseshield.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.TestData;
import dev.noiseshield.eval.Predictions;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.model.Network;
import dev.noiseshield.model.NoiseSpec;
import org.junit.jupiter.api.Test;

/**
 * With noise only on the features, EOT and ensembles run the trunk once and the noisy head on the
 * repeated features. With the same seed that must give exactly what k separate passes give.
 */
class SharedDrawsTest {
    /** The same network seen without the shared form: k draws are k full passes. */
    private static Classifier separatePasses(Network net) {
        return new Classifier() {
            @Override
            public NDArray logits(NDArray x) {
                return net.logits(x);
            }

            @Override
            public int numClasses() {
                return net.numClasses();
            }

            @Override
            public boolean isStochastic() {
                return net.isStochastic();
            }
        };
    }

    @Test
    void sharedTrunkGivesTheSameGradientsAndPredictionsAsSeparatePasses() {
        try (NDManager m = NDManager.newBaseManager();
                Network net = Network.create(TestData.smallCnn(NoiseSpec.features()), m)) {
            int[] idx = {0, 1, 2, 3, 4, 5};
            NDArray x = TestData.digits().test().images(idx, m);
            NDArray y = TestData.digits().test().labels(idx, m);
            assertTrue(net.sharesWorkBetweenDraws());
            Classifier separate = separatePasses(net);
            assertFalse(separate.sharesWorkBetweenDraws());

            m.getEngine().setRandomSeed(21);
            LossGradient shared = Gradients.of(new Eot(net, 8), x, y, AttackLoss.CROSS_ENTROPY, m);
            m.getEngine().setRandomSeed(21);
            LossGradient passes =
                    Gradients.of(new Eot(separate, 8), x, y, AttackLoss.CROSS_ENTROPY, m);
            assertArrayEquals(
                    passes.gradient().toFloatArray(), shared.gradient().toFloatArray(), 1e-5f);
            assertArrayEquals(passes.loss().toFloatArray(), shared.loss().toFloatArray(), 1e-5f);

            m.getEngine().setRandomSeed(22);
            NDArray sharedLogits = net.logitsOfDraws(x, 16);
            m.getEngine().setRandomSeed(22);
            NDArray separateLogits = separate.logitsOfDraws(x, 16);
            assertEquals(separateLogits.getShape(), sharedLogits.getShape());
            assertArrayEquals(separateLogits.toFloatArray(), sharedLogits.toFloatArray(), 1e-5f);
            m.getEngine().setRandomSeed(23);
            long[] sharedVotes = Predictions.classes(net, x, 16).toLongArray();
            m.getEngine().setRandomSeed(23);
            long[] separateVotes = Predictions.classes(separate, x, 16).toLongArray();
            assertArrayEquals(separateVotes, sharedVotes);

            // the draws really differ from each other: the noise is on
            float[] rows = sharedLogits.toFloatArray();
            int perDraw = 6 * 10;
            assertFalse(
                    java.util.Arrays.equals(
                            java.util.Arrays.copyOfRange(rows, 0, perDraw),
                            java.util.Arrays.copyOfRange(rows, perDraw, 2 * perDraw)));
        }
    }
}
