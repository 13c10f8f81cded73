package dev.noiseshield.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
            assertArrayEquals(f.toFloatArray(), layer.forward(ps, new NDList(f), true).singletonOrThrow().toFloatArray(), 0f);

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
}
