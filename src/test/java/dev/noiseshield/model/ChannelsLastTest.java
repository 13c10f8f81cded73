package dev.noiseshield.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.noiseshield.nn.ChannelsLast;
import dev.noiseshield.nn.ScaleGranularity;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The channels-last layout changes where values lie in memory, never what is computed: the same
 * seed gives the same logits, input gradients and weight gradients in both layouts, noise on, batch
 * norm in either mode. A layout bug (a channel read as a column) would move values by O(1).
 */
class ChannelsLastTest {
    private static final NoiseSpec PNI_WA =
            new NoiseSpec(
                    NoiseSpec.Placement.PNI,
                    NoiseSpec.Placement.PNI,
                    0f,
                    0f,
                    null,
                    ScaleGranularity.CHANNEL,
                    0.25f,
                    5);

    /** Logits, input gradient, first weight gradient of one seeded pass. */
    @SuppressWarnings("ArrayRecordComponent") // a carrier of results, never compared or hashed
    private record Pass(float[] logits, float[] inputGradient, float[] weightGradient) {}

    private static Pass pass(
            Network net, NDArray x, boolean channelsLast, boolean batchNormTraining) {
        net.setChannelsLast(channelsLast);
        net.setBatchNormTraining(batchNormTraining);
        net.setParameterGradients(true);
        try (NDManager step = x.getManager().newSubManager()) {
            NDArray input = x.duplicate();
            input.attach(step);
            input.setRequiresGradient(true);
            Engine.getInstance().setRandomSeed(5);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.logits(input);
                // a fixed, uneven weighting of the logits, so every class contributes a different
                // gradient
                NDArray weights = step.arange(1f, 1f + logits.getShape().get(1)).div(7f);
                gc.backward(logits.mul(weights).sum());
                NDArray weight = net.trainableParameters().get(0).getValue().getArray();
                Pass p =
                        new Pass(
                                logits.toFloatArray(),
                                input.getGradient().toFloatArray(),
                                weight.getGradient().toFloatArray());
                net.trainableParameters()
                        .forEach(
                                q ->
                                        q.getValue()
                                                .getArray()
                                                .getGradient()
                                                .subi(q.getValue().getArray().getGradient()));
                return p;
            }
        } finally {
            net.setParameterGradients(false);
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(scale > 0, what + " is all zeros, so it compares nothing");
        assertTrue(
                worst <= 1e-4 * scale,
                what + ": largest difference " + worst + " against values up to " + scale);
    }

    private static void sameInBothLayouts(
            Architecture architecture, int channels, int size, NoiseSpec noise) {
        try (NDManager m = NDManager.newBaseManager()) {
            List<Double> mean = java.util.Collections.nCopies(channels, 0.5);
            List<Double> std = java.util.Collections.nCopies(channels, 0.25);
            Engine.getInstance().setRandomSeed(3);
            ModelSpec spec = new ModelSpec(architecture, channels, size, 10, 1, mean, std, noise);
            try (Network net = Network.create(spec, m)) {
                NDArray x =
                        m.randomUniform(
                                0f, 1f, new Shape(4, channels, size, size), DataType.FLOAT32);
                for (boolean batchNormTraining : new boolean[] {false, true}) {
                    Pass plain = pass(net, x, false, batchNormTraining);
                    Pass last = pass(net, x, true, batchNormTraining);
                    String mode =
                            architecture
                                    + (batchNormTraining
                                            ? ", batch statistics"
                                            : ", running statistics");
                    assertClose(plain.logits(), last.logits(), "logits (" + mode + ")");
                    assertClose(
                            plain.inputGradient(),
                            last.inputGradient(),
                            "input gradient (" + mode + ")");
                    assertClose(
                            plain.weightGradient(),
                            last.weightGradient(),
                            "first weight gradient (" + mode + ")");
                }
            }
        }
    }

    @Test
    void resnetComputesTheSameInBothLayouts() {
        sameInBothLayouts(Architecture.RESNET20, 3, 32, PNI_WA);
    }

    /**
     * ResNet-18's last shortcut, a 1x1 stride-2 convolution from 256 channels, is where PyTorch's
     * channels-last convolution went wrong (ResNet.shortcut); without the plain-layout copy before
     * it this fails by several percent of the logits' scale, noise or not.
     */
    @Test
    void resnet18ComputesTheSameInBothLayouts() {
        sameInBothLayouts(Architecture.RESNET18, 3, 8, NoiseSpec.NONE);
        sameInBothLayouts(Architecture.RESNET18, 3, 8, PNI_WA);
    }

    @Test
    void smallCnnComputesTheSameInBothLayouts() {
        sameInBothLayouts(Architecture.SMALL_CNN, 1, 28, PNI_WA);
    }

    @Test
    void theLayoutKeepsShapeAndValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(0f, 2 * 3 * 4 * 5).reshape(2, 3, 4, 5);
            NDArray y = ChannelsLast.of(x);
            assertTrue(y.getShape().equals(x.getShape()));
            assertTrue(java.util.Arrays.equals(x.toFloatArray(), y.toFloatArray()));
        }
    }
}
