package dev.noiseshield.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.noiseshield.SampleMoments;
import org.junit.jupiter.api.Test;

class ActivationAndInputNoiseTest {
    /**
     * PNI-A: a' - a ~ N(0, (alpha std(a))^2) per element, independent per example; alpha learns.
     */
    @Test
    void activationNoiseHasTheScaledStdAndItsScaleLearns() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(21);
            NoiseSwitch noise = new NoiseSwitch(NoiseMode.OFF);
            ActivationNoise layer =
                    ActivationNoise.builder().optInitScale(0.4f).setNoiseSwitch(noise).build();
            layer.initialize(m, DataType.FLOAT32, new Shape(1, 4, 8, 8));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray a = m.randomUniform(0f, 3f, new Shape(64, 4, 8, 8), DataType.FLOAT32);
            assertArrayEquals(
                    a.toFloatArray(),
                    layer.forward(ps, new NDList(a), false).singletonOrThrow().toFloatArray());

            noise.set(NoiseMode.ON);
            NDArray scale = layer.getParameters().get(PniConv2d.SCALE_NAME).getArray();
            scale.setRequiresGradient(true);
            NDArray out;
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                out = layer.forward(ps, new NDList(a), false).singletonOrThrow();
                gc.backward(out.sum());
            }
            float[] diff = out.stopGradient().sub(a).toFloatArray();
            double stdA = SampleMoments.std(a.toFloatArray());
            assertEquals(0, SampleMoments.mean(diff), 4 * 0.4 * stdA / Math.sqrt(diff.length));
            assertEquals(0.4 * stdA, SampleMoments.std(diff), 0.02 * 0.4 * stdA);
            int perExample = 4 * 64;
            assertNotEquals(diff[0], diff[perExample], "each example gets its own draw");
            // d/d alpha sum(a + alpha eta) = sum(eta) = sum(diff) / alpha
            assertEquals(
                    sum(diff) / 0.4,
                    scale.getGradient().getFloat(0),
                    1e-2 * Math.abs(sum(diff) / 0.4) + 1e-2);
        }
    }

    @Test
    void rseInputNoiseHasItsFixedStdPerElementAndOffIsIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(22);
            NoiseSwitch noise = new NoiseSwitch(NoiseMode.OFF);
            InputNoise layer = new InputNoise(noise, 0.2f);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.full(new Shape(50, 1, 28, 28), 0.5f);
            assertArrayEquals(
                    x.toFloatArray(),
                    layer.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray());
            noise.set(NoiseMode.ON);
            float[] diff =
                    layer.forward(ps, new NDList(x), false)
                            .singletonOrThrow()
                            .sub(x)
                            .toFloatArray();
            assertEquals(0, SampleMoments.mean(diff), 4 * 0.2 / Math.sqrt(diff.length));
            assertEquals(0.2, SampleMoments.std(diff), 0.004);
            assertNotEquals(diff[0], diff[784], "each example gets its own draw");
            assertTrue(layer.getParameters().isEmpty(), "RSE's noise is fixed, not learned");
        }
    }

    private static double sum(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }
}
