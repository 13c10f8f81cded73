package dev.noiseshield.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.noiseshield.TestData;
import dev.noiseshield.model.Network;
import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.nn.FeatureNoise;
import org.junit.jupiter.api.Test;

/** The extra loss terms against hand computation: value and sign. */
class LossTermsTest {
    private static final int D = 128; // the small CNN's feature dimension
    private static final int C = 10;

    @Test
    void wcaTermIsMinusLogOfNoiseVarianceAlongTheClassifierWeights() {
        try (NDManager m = NDManager.newBaseManager();
                Network net =
                        Network.create(
                                TestData.smallCnn(NoiseSpec.features(FeatureNoise.Covariance.FULL)),
                                m)) {
            float[] rho = new float[D];
            float[] lower = new float[D * D];
            float[] w = new float[C * D];
            for (int d = 0; d < D; d++) {
                rho[d] = (d % 7 - 3) * 0.3f;
                for (int k = 0; k < D; k++) {
                    lower[d * D + k] = ((d * 31 + k * 17) % 11 - 5) * 0.01f;
                }
            }
            for (int i = 0; i < w.length; i++) {
                w[i] = ((i * 13) % 9 - 4) * 0.05f;
            }
            FeatureNoise noise = net.featureNoise().orElseThrow();
            noise.getParameters().get(FeatureNoise.RHO_NAME).getArray().set(rho);
            noise.getParameters().get(FeatureNoise.LOWER_NAME).getArray().set(lower);
            net.classifierWeight().getArray().set(w);

            // L = diag(softplus(rho)) + strictly lower part of M; sum_c w_c^T L L^T w_c = sum_c
            // |L^T w_c|^2
            double total = 0;
            for (int c = 0; c < C; c++) {
                for (int k = 0; k < D; k++) {
                    double v = 0; // (L^T w_c)_k = sum_d L[d][k] w_c[d]
                    for (int d = k; d < D; d++) {
                        double l = d == k ? Math.log1p(Math.exp(rho[d])) : lower[d * D + k];
                        v += l * w[c * D + d];
                    }
                    total += v * v;
                }
            }
            net.setParameterGradients(true);
            NDArray rhoArray = noise.getParameters().get(FeatureNoise.RHO_NAME).getArray();
            try (NDManager scope = m.newSubManager()) {
                NDArray value;
                try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                    value = NoiseRegularizer.WCA_ALIGNMENT.value(net, scope);
                    gc.backward(value);
                }
                assertEquals(
                        -Math.log(total),
                        value.getFloat(),
                        1e-4 * Math.abs(Math.log(total)) + 1e-5);
                // more noise along the weights lowers the term: its gradient in every rho is <= 0
                float[] g = rhoArray.getGradient().toFloatArray();
                for (float v : g) {
                    assertTrue(v <= 0f, "d term / d rho <= 0, got " + v);
                }
            }
            net.setParameterGradients(false);
        }
    }

    @Test
    void mfdvTermIsMinusMeanLogVarianceAndRewardsMoreVariance() {
        try (NDManager m = NDManager.newBaseManager();
                Network net = Network.create(TestData.smallCnn(NoiseSpec.features()), m)) {
            float[] rho = new float[D];
            double expected = 0;
            for (int d = 0; d < D; d++) {
                rho[d] = (d % 5 - 2) * 0.5f;
                double s = Math.log1p(Math.exp(rho[d]));
                expected -= Math.log(s * s) / D;
            }
            NDArray rhoArray =
                    net.featureNoise()
                            .orElseThrow()
                            .getParameters()
                            .get(FeatureNoise.RHO_NAME)
                            .getArray();
            rhoArray.set(rho);
            net.setParameterGradients(true);
            try (NDManager scope = m.newSubManager()) {
                NDArray value;
                try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                    value = NoiseRegularizer.MFDV_VARIANCE.value(net, scope);
                    gc.backward(value);
                }
                assertEquals(expected, value.getFloat(), 1e-5);
                // d/d rho_d of -log(softplus(rho_d)^2) / D = -2 sigmoid(rho_d) / (softplus(rho_d)
                // D) < 0
                float[] g = rhoArray.getGradient().toFloatArray();
                for (int d = 0; d < D; d++) {
                    double sig = 1 / (1 + Math.exp(-rho[d]));
                    assertEquals(-2 * sig / (Math.log1p(Math.exp(rho[d])) * D), g[d], 1e-6);
                }
            }
            net.setParameterGradients(false);
        }
    }

    @Test
    void regularizerOnANetworkWithoutFeatureNoiseIsAClearError() {
        try (NDManager m = NDManager.newBaseManager();
                Network net = Network.create(TestData.smallCnn(NoiseSpec.NONE), m)) {
            IllegalStateException e =
                    org.junit.jupiter.api.Assertions.assertThrows(
                            IllegalStateException.class,
                            () -> NoiseRegularizer.WCA_ALIGNMENT.value(net, m));
            assertTrue(e.getMessage().contains("feature noise"), e.getMessage());
        }
    }

    @Test
    void tradesKlMatchesTheFormulaAndIsZeroForTheSamePrediction() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] p = {1f, 2f, 3f};
            NDArray clean =
                    m.create(
                            new float[] {1f, 2f, 3f, 0f, 0f, 40f},
                            new ai.djl.ndarray.types.Shape(2, 3));
            NDArray adv =
                    m.create(
                            new float[] {0f, 0f, 0f, 0f, 0f, 40f},
                            new ai.djl.ndarray.types.Shape(2, 3));
            float[] kl =
                    TradesAttack.klFrom(clean.logSoftmax(1)).perExample(adv, null).toFloatArray();
            double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
            double expected = 0;
            for (float v : p) {
                double pv = Math.exp(v) / z;
                expected += pv * (Math.log(pv) - Math.log(1.0 / 3));
            }
            assertEquals(expected, kl[0], 1e-6);
            // the same prediction, with classes of probability ~0: zero, not NaN
            assertEquals(0f, kl[1], 1e-7f);
        }
    }
}
