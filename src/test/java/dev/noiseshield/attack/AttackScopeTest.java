package dev.noiseshield.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.TestData;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.model.Network;
import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.nn.ScaleGranularity;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An attack's steps leave nothing in the batch's manager: the arrays left there after an attack
 * must not depend on how many steps it ran. Square once left five arrays a query there (the losses'
 * one-hots of the batch's labels), which with 5,000 queries fragmented the heap without bound.
 */
class AttackScopeTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "fgsm",
                "pgd:steps=%d",
                "pgd:steps=%d,eot=3",
                "pgd:steps=%d,norm=l2,eps=1.5",
                "cw-linf:steps=%d",
                "apgd-ce:steps=%d",
                "apgd-dlr:steps=%d,eot=2",
                "apgd-t:steps=%d,targets=2",
                "cw-l2:search=1,steps=%d,eps=1.5",
                "square:steps=%d,eps=0.01",
                "zoo:steps=%d,coords=4",
                "random",
                "transfer:steps=%d,source=substitute"
            })
    void arraysLeftInTheBatchManagerDoNotGrowWithSteps(String template) {
        int[] left = leftInBatch(template, 3, 9);
        assertEquals(
                left[0],
                left[1],
                template + ": arrays left in the batch's manager after 3 and 9 steps");
    }

    /**
     * Nor on how many runs it made: APGD's restarts and targets, whose later runs take subsets of
     * the batch (APGD-T once left a column of its targets there per target, and every run's subset
     * of the images). The radii leave none, some or all of the images fooled by the first run.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "apgd-t:steps=3,targets=%d,eps=0.001",
                "apgd-t:steps=3,targets=%d,eps=0.01",
                "apgd-t:steps=3,targets=%d,eps=0.03",
                "apgd-ce:steps=3,restarts=%d,eps=0.01",
                "apgd-ce:steps=3,restarts=%d,eps=0.03",
                "pgd:steps=3,restarts=%d",
                "fab-t:steps=3,targets=%d"
            })
    void arraysLeftInTheBatchManagerDoNotGrowWithRuns(String template) {
        int[] left = leftInBatch(template, 1, 3);
        assertEquals(
                left[0], left[1], template + ": arrays left in the batch's manager after 1 and 3");
    }

    /** The arrays an attack leaves in the batch's manager, with each of two settings. */
    private static int[] leftInBatch(String template, int first, int second) {
        ImageDataset digits = TestData.digits().test().head(6);
        int[] all = IntStream.range(0, 6).toArray();
        try (NDManager root = NDManager.newBaseManager();
                Network model =
                        Network.create(
                                TestData.smallCnn(NoiseSpec.pniWeights(ScaleGranularity.LAYER)),
                                root);
                Network substitute = Network.create(TestData.smallCnn(NoiseSpec.NONE), root)) {
            int[] left = new int[2];
            int[] settings = {first, second};
            for (int run = 0; run < 2; run++) {
                AttackSpec spec = AttackSpec.parse(String.format(template, settings[run]), 0.3f);
                Attack attack = spec.build(source -> substitute, 5);
                try (NDManager batch = root.newSubManager()) {
                    NDArray x = digits.images(all, batch);
                    // the model's own classes as labels, so that every example starts classified
                    // correctly and the score-based attacks (Square stops at fooled examples) run
                    // every step
                    NDArray y = model.logits(x).argMax(1);
                    int before = arrays(batch);
                    attack.perturb(Eot.wrap(model, spec.eot()), x, y, spec.epsilon());
                    left[run] = arrays(batch) - before;
                }
            }
            return left;
        }
    }

    private static int arrays(NDManager m) {
        return ((BaseNDManager) m).getManagedArrays().size();
    }
}
