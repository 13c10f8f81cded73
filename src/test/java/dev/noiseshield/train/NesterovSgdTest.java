package dev.noiseshield.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import dev.noiseshield.nn.PniConv2d;
import java.util.List;
import org.junit.jupiter.api.Test;

class NesterovSgdTest {
    private static Pair<String, Parameter> param(String name, NDArray value) {
        Parameter p =
                Parameter.builder()
                        .setName(name)
                        .setType(Parameter.Type.OTHER)
                        .optArray(value)
                        .build();
        value.setRequiresGradient(true);
        return new Pair<>(name, p);
    }

    /**
     * Two steps against torch.optim.SGD(nesterov=True) computed by hand, and no decay on noise
     * scales.
     */
    @Test
    void matchesNesterovFormulaAndSkipsDecayOnNoiseScales() {
        try (NDManager m = NDManager.newBaseManager();
                NesterovSgd sgd = new NesterovSgd(0.9f, 0.1f, m)) {
            Pair<String, Parameter> w = param("weight", m.create(new float[] {1f, -2f}));
            Pair<String, Parameter> a = param(PniConv2d.SCALE_NAME, m.create(new float[] {0.25f}));
            float lr = 0.5f;
            double[] wv = {1, -2};
            double[] buf = new double[2];
            double av = 0.25;
            double abuf = 0;
            for (int step = 0; step < 2; step++) {
                // loss = 3 * sum(w) + 2 * a: gradients 3 and 2
                try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                    NDArray loss =
                            w.getValue()
                                    .getArray()
                                    .sum()
                                    .mul(3f)
                                    .add(a.getValue().getArray().sum().mul(2f));
                    gc.backward(loss);
                }
                sgd.step(List.of(w, a), lr);
                for (int i = 0; i < 2; i++) {
                    double d = 3 + 0.1 * wv[i];
                    buf[i] = step == 0 ? d : 0.9 * buf[i] + d;
                    wv[i] -= lr * (d + 0.9 * buf[i]);
                }
                double d = 2; // no weight decay on the noise scale
                abuf = step == 0 ? d : 0.9 * abuf + d;
                av -= lr * (d + 0.9 * abuf);
            }
            assertArrayEquals(
                    new float[] {(float) wv[0], (float) wv[1]},
                    w.getValue().getArray().toFloatArray(),
                    1e-4f);
            assertEquals((float) av, a.getValue().getArray().getFloat(), 1e-5f);
            // gradients are zeroed after the step, so the next backward starts from zero
            assertTrue(w.getValue().getArray().getGradient().abs().sum().getFloat() == 0f);
        }
    }

    @Test
    void zeroGradientOnlyDecaysOrdinaryWeights() {
        try (NDManager m = NDManager.newBaseManager();
                NesterovSgd sgd = new NesterovSgd(0f, 0.5f, m)) {
            Pair<String, Parameter> w = param("weight", m.create(new float[] {2f}));
            Pair<String, Parameter> a = param(PniConv2d.SCALE_NAME, m.create(new float[] {2f}));
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                gc.backward(
                        w.getValue().getArray().mul(0f).add(a.getValue().getArray().mul(0f)).sum());
            }
            sgd.step(List.of(w, a), 0.1f);
            assertEquals(2f - 0.1f * 0.5f * 2f, w.getValue().getArray().getFloat(), 1e-6f);
            assertEquals(2f, a.getValue().getArray().getFloat(), 0f);
        }
    }
}
