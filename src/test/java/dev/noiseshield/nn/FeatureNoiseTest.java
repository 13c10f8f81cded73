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
import org.junit.jupiter.api.Test;

class FeatureNoiseTest {
    /** Per dimension d, f' - f ~ N(0, softplus(rho_d)^2), drawn independently per example. */
    @Test
    void perDimensionStdIsSoftplusOfRho() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(4);
            float[] rhoValues = {-2f, 0f, 1.5f};
            NDArray rho = m.create(rhoValues);
            int n = 20_000;
            NDArray f = m.randomUniform(-1f, 1f, new Shape(n, 3), DataType.FLOAT32);
            float[] diff = FeatureNoise.apply(f, rho, m).sub(f).toFloatArray();
            for (int d = 0; d < 3; d++) {
                double expected = Math.log1p(Math.exp(rhoValues[d]));
                double sum = 0;
                double sq = 0;
                for (int i = 0; i < n; i++) {
                    sum += diff[i * 3 + d];
                    sq += diff[i * 3 + d] * diff[i * 3 + d];
                }
                double mean = sum / n;
                double std = Math.sqrt(sq / n - mean * mean);
                assertEquals(0, mean, 4 * expected / Math.sqrt(n), "mean of dimension " + d);
                assertEquals(expected, std, 0.03 * expected, "std of dimension " + d);
            }
            // rows differ: every example gets its own draw
            assertNotEquals(diff[0], diff[3]);
        }
    }

    @Test
    void offIsIdentityAndRhoReceivesGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NoiseSwitch noise = new NoiseSwitch(NoiseMode.OFF);
            FeatureNoise layer = FeatureNoise.of(noise, 0.5f);
            layer.initialize(m, DataType.FLOAT32, new Shape(2, 4));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray f = m.randomNormal(new Shape(8, 4));
            assertArrayEquals(
                    f.toFloatArray(),
                    layer.forward(ps, new NDList(f), true).singletonOrThrow().toFloatArray(),
                    0f);

            noise.set(NoiseMode.ON);
            NDArray rho = layer.getParameters().get(FeatureNoise.RHO_NAME).getArray();
            rho.setRequiresGradient(true);
            NDArray out;
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                out = layer.forward(ps, new NDList(f), false).singletonOrThrow();
                gc.backward(out.sum());
            }
            // d/d rho_d sum(f + softplus(rho) z) = sigmoid(rho_d) * sum_i z_id
            float sigmoid = (float) (1 / (1 + Math.exp(-0.5)));
            float scale = (float) Math.log1p(Math.exp(0.5));
            float[] z = out.stopGradient().sub(f).div(scale).toFloatArray();
            float[] grad = rho.getGradient().toFloatArray();
            for (int d = 0; d < 4; d++) {
                float sumZ = 0;
                for (int i = 0; i < 8; i++) {
                    sumZ += z[i * 4 + d];
                }
                assertEquals(sigmoid * sumZ, grad[d], 1e-4f);
            }
        }
    }

    /**
     * WCA's full form: draws of L z have covariance L L^T with L lower-triangular, positive
     * diagonal.
     */
    @Test
    void fullCovarianceDrawsFollowLLTransposed() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(5);
            NDArray rho = m.create(new float[] {0f, -1f, 0.5f});
            // upper triangle and diagonal of M are ignored
            NDArray lower =
                    m.create(
                            new float[] {9f, 9f, 9f, 0.7f, 9f, 9f, -0.3f, 0.4f, 9f},
                            new Shape(3, 3));
            double[] s = new double[3];
            for (int d = 0; d < 3; d++) {
                s[d] = Math.log1p(Math.exp(rho.getFloat(d)));
            }
            double[][] l = {{s[0], 0, 0}, {0.7, s[1], 0}, {-0.3, 0.4, s[2]}};
            NDArray factor = FeatureNoise.factor(rho, lower, m);
            float[] fl = factor.toFloatArray();
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    assertEquals(l[a][b], fl[a * 3 + b], 1e-6, "L[" + a + "][" + b + "]");
                }
            }
            int n = 200_000;
            NDArray f = m.zeros(new Shape(n, 3));
            float[] draws = FeatureNoise.applyFull(f, factor, m).toFloatArray();
            double[][] cov = dev.noiseshield.SampleMoments.covariance(draws, n, 3);
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    double expected = 0;
                    for (int k = 0; k < 3; k++) {
                        expected += l[a][k] * l[b][k];
                    }
                    assertEquals(expected, cov[a][b], 0.015, "Sigma[" + a + "][" + b + "]");
                }
            }
        }
    }

    @Test
    void fullCovarianceLayerOffIsIdentityAndBothParametersLearn() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(6);
            NoiseSwitch noise = new NoiseSwitch(NoiseMode.OFF);
            FeatureNoise layer = FeatureNoise.of(noise, FeatureNoise.Covariance.FULL, 0f);
            layer.initialize(m, DataType.FLOAT32, new Shape(2, 5));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray f = m.randomNormal(new Shape(16, 5));
            assertArrayEquals(
                    f.toFloatArray(),
                    layer.forward(ps, new NDList(f), false).singletonOrThrow().toFloatArray());
            noise.set(NoiseMode.ON);
            NDArray rho = layer.getParameters().get(FeatureNoise.RHO_NAME).getArray();
            NDArray lower = layer.getParameters().get(FeatureNoise.LOWER_NAME).getArray();
            rho.setRequiresGradient(true);
            lower.setRequiresGradient(true);
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray out = layer.forward(ps, new NDList(f), false).singletonOrThrow();
                gc.backward(out.square().sum());
            }
            assertTrue(rho.getGradient().abs().sum().getFloat() > 0f);
            float[] g = lower.getGradient().toFloatArray();
            assertTrue(Math.abs(g[1 * 5 + 0]) > 0f, "strictly lower entries learn");
            assertEquals(0f, g[0 * 5 + 1], 0f, "upper entries are unused");
            assertEquals(0f, g[2 * 5 + 2], 0f, "the diagonal comes from rho");
        }
    }
}
