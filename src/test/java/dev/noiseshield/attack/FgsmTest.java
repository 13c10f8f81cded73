package dev.noiseshield.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class FgsmTest {
    /**
     * For logits Wx + b and cross-entropy, dL/dx = W^T (softmax(Wx + b) - onehot(y)); FGSM is
     * clip(x + eps * sign(that), 0, 1). Computed here by hand in plain Java.
     */
    @Test
    void matchesClosedFormOnLinearModel() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(7);
            int n = 5, d = 12, k = 3;
            float eps = 0.1f;
            NDArray w = m.randomNormal(0, 1, new Shape(k, d), DataType.FLOAT32);
            NDArray b = m.randomNormal(0, 1, new Shape(k), DataType.FLOAT32);
            NDArray x = m.randomUniform(0, 1, new Shape(n, 1, 3, 4), DataType.FLOAT32);
            NDArray y = m.create(new long[] {0, 1, 2, 1, 0});
            NDArray adv = new Fgsm().perturb(new LinearClassifier(w, b), x, y, eps);

            float[] wv = w.toFloatArray(), bv = b.toFloatArray(), xv = x.toFloatArray();
            long[] yv = y.toLongArray();
            float[] expected = new float[n * d];
            for (int i = 0; i < n; i++) {
                double[] z = new double[k];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    z[c] = bv[c];
                    for (int j = 0; j < d; j++) {
                        z[c] += wv[c * d + j] * xv[i * d + j];
                    }
                    max = Math.max(max, z[c]);
                }
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    sum += Math.exp(z[c] - max);
                }
                for (int j = 0; j < d; j++) {
                    double g = 0;
                    for (int c = 0; c < k; c++) {
                        double p = Math.exp(z[c] - max) / sum;
                        g += wv[c * d + j] * (p - (yv[i] == c ? 1 : 0));
                    }
                    double v = xv[i * d + j] + eps * Math.signum(g);
                    expected[i * d + j] = (float) Math.min(1, Math.max(0, v));
                }
            }
            assertArrayEquals(expected, adv.toFloatArray(), 1e-6f);
            assertEquals(x.getShape(), adv.getShape());
        }
    }
}
