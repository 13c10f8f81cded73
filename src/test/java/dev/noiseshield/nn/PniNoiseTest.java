package dev.noiseshield.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class PniNoiseTest {
    /**
     * w' - w = a * eta with eta ~ N(0, std(w)^2): over 40,000 elements, mean ~ 0 and std ~ a *
     * std(w).
     */
    @Test
    void noiseHasSpecifiedMeanAndStd() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(11);
            NDArray w = m.randomNormal(0.3f, 2.0f, new Shape(100, 400), DataType.FLOAT32);
            NDArray a = m.create(new float[] {0.25f});
            double stdW = std(w.toFloatArray());
            float[] diff = WeightNoise.perturb(w, a, m).sub(w).toFloatArray();
            double mean = 0;
            for (float d : diff) {
                mean += d;
            }
            mean /= diff.length;
            double expectedStd = 0.25 * stdW;
            // standard error of the mean is expectedStd / sqrt(40000) = expectedStd / 200; allow 4
            // of them
            assertEquals(0.0, mean, 4 * expectedStd / 200);
            // the sample std of 40,000 normals is within 1% of the truth with overwhelming
            // probability
            assertEquals(expectedStd, std(diff), 0.01 * expectedStd);
        }
    }

    @Test
    void sameSeedSameNoiseAndFreshDrawEachCall() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.arange(0f, 60f).reshape(6, 10);
            NDArray a = m.create(new float[] {0.5f});
            m.getEngine().setRandomSeed(3);
            float[] first = WeightNoise.perturb(w, a, m).toFloatArray();
            float[] second = WeightNoise.perturb(w, a, m).toFloatArray();
            m.getEngine().setRandomSeed(3);
            float[] again = WeightNoise.perturb(w, a, m).toFloatArray();
            assertArrayEquals(first, again, 0f);
            assertFalse(
                    java.util.Arrays.equals(first, second),
                    "each forward pass must draw new noise");
        }
    }

    /** L = sum(c * w'): dL/dw = c exactly (std(w) is detached) and dL/da = sum(c * eta). */
    @Test
    void scaleReceivesGradientAndStdIsDetached() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(5);
            NDArray w = m.randomNormal(0f, 1f, new Shape(4, 3, 3, 3), DataType.FLOAT32);
            NDArray a = m.create(new float[] {0.25f});
            NDArray c = m.randomUniform(-1f, 1f, w.getShape(), DataType.FLOAT32);
            w.setRequiresGradient(true);
            a.setRequiresGradient(true);
            NDArray perturbed;
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                perturbed = WeightNoise.perturb(w, a, m);
                gc.backward(perturbed.mul(c).sum());
            }
            assertArrayEquals(c.toFloatArray(), w.getGradient().toFloatArray(), 1e-6f);
            NDArray eta = perturbed.stopGradient().sub(w.stopGradient()).div(0.25f);
            float expected = eta.mul(c).sum().getFloat();
            assertEquals(
                    expected, a.getGradient().getFloat(), 1e-3f * Math.max(1f, Math.abs(expected)));
            assertNotEquals(0f, a.getGradient().getFloat());
        }
    }

    @Test
    void offModeIsExactlyTheConvolutionWithTheMeanWeight() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(9);
            NoiseSwitch noise = new NoiseSwitch(NoiseMode.OFF);
            PniConv2d conv =
                    PniConv2d.builder()
                            .setFilters(4)
                            .setKernelShape(new Shape(3, 3))
                            .optPadding(new Shape(1, 1))
                            .optBias(true)
                            .setNoiseSwitch(noise)
                            .build();
            conv.initialize(m, DataType.FLOAT32, new Shape(2, 3, 8, 8));
            NDArray x = m.randomUniform(0f, 1f, new Shape(2, 3, 8, 8), DataType.FLOAT32);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray off = conv.forward(ps, new NDList(x), false).singletonOrThrow();
            NDArray plain =
                    Conv2d.conv2d(
                                    x,
                                    conv.getParameters().get("weight").getArray(),
                                    conv.getParameters().get("bias").getArray(),
                                    new Shape(1, 1),
                                    new Shape(1, 1))
                            .singletonOrThrow();
            assertArrayEquals(plain.toFloatArray(), off.toFloatArray(), 0f);
            // the training flag does not switch noise on or off: only the switch does
            assertArrayEquals(
                    plain.toFloatArray(),
                    conv.forward(ps, new NDList(x), true).singletonOrThrow().toFloatArray(),
                    0f);
            noise.set(NoiseMode.ON);
            NDArray on = conv.forward(ps, new NDList(x), false).singletonOrThrow();
            assertFalse(java.util.Arrays.equals(plain.toFloatArray(), on.toFloatArray()));
        }
    }

    @Test
    void scaleShapesFollowGranularity() {
        Shape conv = new Shape(8, 3, 3, 3);
        assertEquals(new Shape(1), ScaleGranularity.LAYER.scaleShape(conv));
        assertEquals(new Shape(8, 1, 1, 1), ScaleGranularity.CHANNEL.scaleShape(conv));
        assertEquals(conv, ScaleGranularity.ELEMENT.scaleShape(conv));
        try (NDManager m = NDManager.newBaseManager()) {
            PniLinear linear =
                    PniLinear.builder()
                            .setUnits(5)
                            .optGranularity(ScaleGranularity.CHANNEL)
                            .setNoiseSwitch(new NoiseSwitch(NoiseMode.ON))
                            .build();
            linear.initialize(m, DataType.FLOAT32, new Shape(2, 7));
            NDArray scale = linear.getParameters().get(PniConv2d.SCALE_NAME).getArray();
            assertEquals(new Shape(5, 1), scale.getShape());
            assertArrayEquals(
                    new float[] {0.25f, 0.25f, 0.25f, 0.25f, 0.25f}, scale.toFloatArray(), 0f);
        }
    }

    private static double std(float[] v) {
        double mean = 0;
        for (float x : v) {
            mean += x;
        }
        mean /= v.length;
        double ss = 0;
        for (float x : v) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / (v.length - 1));
    }
}
