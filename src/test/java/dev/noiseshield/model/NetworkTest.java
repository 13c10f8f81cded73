package dev.noiseshield.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.nn.ScaleGranularity;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkTest {
    private static ModelSpec resnet(Architecture a, int width, NoiseSpec pni) {
        return new ModelSpec(
                a, 3, 32, 10, width, List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25), pni);
    }

    private static long trainableCount(Network net) {
        return net.trainableParameters().stream()
                .mapToLong(p -> p.getValue().getArray().size())
                .sum();
    }

    /**
     * ResNet-20 with 1x1-conv projection shortcuts, counted by hand: stem 432 + 32, stage 1 14,016,
     * stage 2 51,648, stage 3 205,696, classifier 650 = 272,474 trainable parameters; PNI adds one
     * scale per weight layer (19 convs, 2 projections, 1 linear).
     */
    @Test
    void resnet20HasThePapersParameterCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            try (Network plain =
                    Network.create(resnet(Architecture.RESNET20, 1, NoiseSpec.NONE), m)) {
                assertEquals(272_474, trainableCount(plain));
            }
            try (Network pni =
                    Network.create(
                            resnet(
                                    Architecture.RESNET20,
                                    1,
                                    NoiseSpec.pniWeights(ScaleGranularity.LAYER)),
                            m)) {
                assertEquals(272_474 + 22, trainableCount(pni));
                assertEquals(22, pni.noiseScales().size());
            }
        }
    }

    @Test
    void deeperAndWiderResNetsGrowAsExpected() {
        try (NDManager m = NDManager.newBaseManager()) {
            long r20;
            try (Network n = Network.create(resnet(Architecture.RESNET20, 1, NoiseSpec.NONE), m)) {
                r20 = trainableCount(n);
            }
            try (Network n = Network.create(resnet(Architecture.RESNET32, 1, NoiseSpec.NONE), m)) {
                // two more blocks per stage: 2 x (4,672 + 18,560 + 73,984)
                assertEquals(r20 + 2 * (4_672 + 18_560 + 73_984), trainableCount(n));
            }
            try (Network n = Network.create(resnet(Architecture.RESNET20, 2, NoiseSpec.NONE), m)) {
                NDArray x = m.randomUniform(0f, 1f, new Shape(2, 3, 32, 32), DataType.FLOAT32);
                assertEquals(new Shape(2, 10), n.logits(x).getShape());
                assertTrue(trainableCount(n) > 3.9 * r20, "width 2 has about 4x the parameters");
            }
        }
    }

    @Test
    void noiseIsOnByDefaultAndSwitchesOffExplicitly() {
        try (NDManager m = NDManager.newBaseManager();
                Network net =
                        Network.create(
                                resnet(
                                        Architecture.RESNET20,
                                        1,
                                        NoiseSpec.pniWeights(ScaleGranularity.CHANNEL)),
                                m)) {
            NDArray x = m.randomUniform(0f, 1f, new Shape(2, 3, 32, 32), DataType.FLOAT32);
            assertTrue(net.isStochastic());
            assertFalse(net.logits(x).toFloatArray()[0] == net.logits(x).toFloatArray()[0]);
            net.setNoiseMode(NoiseMode.OFF);
            assertFalse(net.isStochastic());
            assertEquals(net.logits(x).toFloatArray()[0], net.logits(x).toFloatArray()[0]);
        }
    }

    @Test
    void wrongInputShapeIsAClearError() {
        try (NDManager m = NDManager.newBaseManager();
                Network net = Network.create(resnet(Architecture.RESNET20, 1, NoiseSpec.NONE), m)) {
            NDArray x = m.zeros(new Shape(2, 1, 28, 28));
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> net.logits(x));
            assertTrue(e.getMessage().contains("(N, 3, 32, 32)"), e.getMessage());
        }
    }

    @Test
    void specValidationRejectsNonsense() {
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new ModelSpec(
                                Architecture.RESNET20,
                                3,
                                30,
                                10,
                                1,
                                List.of(0.5, 0.5, 0.5),
                                List.of(0.2, 0.2, 0.2),
                                NoiseSpec.NONE));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new ModelSpec(
                                Architecture.SMALL_CNN,
                                1,
                                28,
                                10,
                                1,
                                List.of(0.5),
                                List.of(0.0),
                                NoiseSpec.NONE));
        assertThrows(IllegalArgumentException.class, () -> Architecture.fromCliName("resnet21"));
    }
}
