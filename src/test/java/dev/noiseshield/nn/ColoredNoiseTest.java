package dev.noiseshield.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.noiseshield.SampleMoments;
import org.junit.jupiter.api.Test;

class ColoredNoiseTest {
    /**
     * Many seeded draws have the covariance diag(softplus(rho)^2) + F F^T, off-diagonal terms
     * included.
     */
    @Test
    void drawsHaveTheLowRankPlusDiagonalCovariance() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(11);
            float[] rho = {-1f, 0f, 0.5f, -2f};
            float[][] f = {{0.8f, 0f}, {0.6f, 0.3f}, {-0.4f, 0.9f}, {0f, -0.5f}};
            NDArray factor =
                    m.create(
                            new float[] {0.8f, 0f, 0.6f, 0.3f, -0.4f, 0.9f, 0f, -0.5f},
                            new Shape(4, 2));
            int n = 200_000;
            float[] draws = ColoredNoise.sample(n, m.create(rho), factor, m).toFloatArray();
            double[][] sample = SampleMoments.covariance(draws, n, 4);
            for (int a = 0; a < 4; a++) {
                for (int b = 0; b < 4; b++) {
                    double expected = f[a][0] * f[b][0] + f[a][1] * f[b][1];
                    if (a == b) {
                        double s = Math.log1p(Math.exp(rho[a]));
                        expected += s * s;
                    }
                    // the std of a sample covariance is about sqrt((S_aa S_bb + S_ab^2) / n) <
                    // 0.005 here
                    assertEquals(expected, sample[a][b], 0.02, "covariance[" + a + "][" + b + "]");
                }
            }
            float[] closedForm = ColoredNoise.covariance(m.create(rho), factor, m).toFloatArray();
            assertEquals(
                    Math.pow(Math.log1p(Math.exp(0.5)), 2) + 0.16 + 0.81,
                    closedForm[2 * 4 + 2],
                    1e-5);
            assertEquals(0.6 * -0.4 + 0.3 * 0.9, closedForm[1 * 4 + 2], 1e-6);
        }
    }

    @Test
    void offIsThePlainConvolutionAndTheNoiseParametersLearn() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(12);
            NoiseSwitch noise = new NoiseSwitch(NoiseMode.OFF);
            ColoredConv2d conv =
                    ColoredConv2d.builder()
                            .setFilters(4)
                            .setKernelShape(new Shape(3, 3))
                            .optPadding(new Shape(1, 1))
                            .optRank(2)
                            .setNoiseSwitch(noise)
                            .build();
            conv.initialize(m, DataType.FLOAT32, new Shape(1, 2, 6, 6));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(new Shape(3, 2, 6, 6));
            NDArray w = conv.getParameters().get("weight").getArray();
            float[] plain =
                    Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                            .singletonOrThrow()
                            .toFloatArray();
            assertArrayEquals(
                    plain,
                    conv.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray(),
                    1e-6f);

            noise.set(NoiseMode.ON);
            NDArray rho = conv.getParameters().get(ColoredNoise.DIAGONAL_NAME).getArray();
            NDArray factor = conv.getParameters().get(ColoredNoise.FACTOR_NAME).getArray();
            rho.setRequiresGradient(true);
            factor.setRequiresGradient(true);
            NDArray noisy;
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                noisy = conv.forward(ps, new NDList(x), false).singletonOrThrow();
                gc.backward(noisy.square().sum());
            }
            assertTrue(
                    noisy.stopGradient()
                                    .sub(m.create(plain, noisy.getShape()))
                                    .abs()
                                    .max()
                                    .getFloat()
                            > 1e-3f,
                    "noise on changes the output");
            for (NDArray p : new NDArray[] {rho, factor}) {
                NDArray g = p.getGradient();
                assertTrue(g.isNaN().logicalNot().all().getBoolean(), "finite gradient");
                assertTrue(
                        g.abs().sum().getFloat() > 0f,
                        "non-zero gradient, F starting at zero included");
            }
        }
    }

    @Test
    void coloredActivationNoiseIsPerExampleAndOffIsIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(13);
            NoiseSwitch noise = new NoiseSwitch(NoiseMode.OFF);
            ColoredActivationNoise layer = new ColoredActivationNoise(noise, 2, 0.5f);
            layer.initialize(m, DataType.FLOAT32, new Shape(1, 3, 4, 4));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray a = m.ones(new Shape(2, 3, 4, 4)).concat(m.zeros(new Shape(2, 3, 4, 4)), 0);
            assertArrayEquals(
                    a.toFloatArray(),
                    layer.forward(ps, new NDList(a), false).singletonOrThrow().toFloatArray());
            noise.set(NoiseMode.ON);
            float[] out = layer.forward(ps, new NDList(a), false).singletonOrThrow().toFloatArray();
            int perExample = 3 * 16;
            boolean differ = false;
            for (int i = 0; i < perExample; i++) {
                differ |= out[i] != out[perExample + i];
            }
            assertTrue(differ, "two identical examples get different draws");
        }
    }
}
