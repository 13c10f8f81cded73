package dev.noiseshield.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.TestData;
import dev.noiseshield.defense.Defense;
import dev.noiseshield.defense.DefenseOptions;
import dev.noiseshield.export.ExportFixtures;
import dev.noiseshield.export.ModelExport;
import dev.noiseshield.model.ModelSpec;
import dev.noiseshield.model.Network;
import dev.noiseshield.model.NoiseSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serving API gives the network's probabilities under the defense's rule, from any thread. */
class NoiseShieldModelTest {
    static Path exported(Path dir, Defense defense, float[][] softmaxOut, int[] images)
            throws Exception {
        ModelSpec spec = defense.apply(TestData.smallCnn(NoiseSpec.NONE), DefenseOptions.PAPER);
        try (NDManager m = NDManager.newBaseManager();
                Network net = Network.create(spec, m)) {
            ExportFixtures.randomize(net, 3);
            Path ck = ExportFixtures.checkpoint(dir.resolve("c.nsck"), net, defense, "mnist");
            ModelExport.export(ck, dir.resolve("report.json"), dir.resolve("out"));
            if (softmaxOut != null) {
                NDArray p = net.logits(TestData.digits().test().images(images, m)).softmax(1);
                for (int i = 0; i < images.length; i++) {
                    softmaxOut[i] = p.get(i).toFloatArray();
                }
            }
        }
        return dir.resolve("out");
    }

    static float[][][][] images(int[] indices) {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] flat = TestData.digits().test().images(indices, m).toFloatArray();
            float[][][][] out = new float[indices.length][1][28][28];
            for (int n = 0; n < indices.length; n++) {
                for (int r = 0; r < 28; r++) {
                    System.arraycopy(flat, n * 784 + r * 28, out[n][0][r], 0, 28);
                }
            }
            return out;
        }
    }

    @Test
    void aDeterministicModelGivesTheNetworksSoftmaxFromEveryThread(@TempDir Path dir)
            throws Exception {
        int[] indices = {0, 1, 2, 3, 4};
        float[][] expected = new float[indices.length][];
        Path folder = exported(dir, Defense.PGD_AT, expected, indices);
        float[][][][] x = images(indices);
        try (NoiseShieldModel model = NoiseShieldModel.load(folder)) {
            assertEquals(10, model.numClasses());
            float[][] p = model.predict(x);
            for (int i = 0; i < indices.length; i++) {
                assertArrayEquals(expected[i], p[i], 1e-6f, "image " + i);
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<float[][]>> calls = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                calls.add(pool.submit(() -> model.predict(x)));
            }
            for (Future<float[][]> call : calls) {
                float[][] q = call.get();
                for (int i = 0; i < indices.length; i++) {
                    assertArrayEquals(expected[i], q[i], 1e-6f, "concurrent call, image " + i);
                }
            }
            pool.shutdown();
            int[] labels = model.classify(x);
            for (int i = 0; i < indices.length; i++) {
                int argmax = 0;
                for (int c = 1; c < 10; c++) {
                    argmax = expected[i][c] > expected[i][argmax] ? c : argmax;
                }
                assertEquals(argmax, labels[i]);
            }
        }
    }

    /**
     * RSE predicts with the mean softmax of 10 noisy passes: its probabilities vary from call to
     * call about a third as much (1/sqrt(10)) as one noisy pass's.
     */
    @Test
    void rsePredictsWithTheMeanOfTenDraws(@TempDir Path dir) throws Exception {
        Path folder = exported(dir, Defense.RSE, null, null);
        float[][][][] x = images(new int[] {7});
        try (NoiseShieldModel model = NoiseShieldModel.load(folder)) {
            ai.djl.engine.Engine.getInstance().setRandomSeed(11);
            assertEquals(10, model.description().inference().draws());
            double ensembleSpread = spread(model, x, 60);
            assertTrue(Math.abs(sum(model.predict(x)[0]) - 1) < 1e-5);
            try (NDManager m = NDManager.newBaseManager();
                    Network single = dev.noiseshield.export.ModelImport.load(folder, m)) {
                float[] flat = TestData.digits().test().images(new int[] {7}, m).toFloatArray();
                double[] p = new double[60];
                for (int k = 0; k < p.length; k++) {
                    p[k] =
                            single.logits(
                                            dev.noiseshield.nn.OwnedArrays.of(
                                                    m,
                                                    flat,
                                                    new ai.djl.ndarray.types.Shape(1, 1, 28, 28)))
                                    .softmax(1)
                                    .toFloatArray()[maxClass(model, x)];
                }
                double singleSpread = std(p);
                double ratio = ensembleSpread / singleSpread;
                assertTrue(
                        ratio > 0.2 && ratio < 0.5,
                        "spread ratio " + ratio + " (1/sqrt(10) = 0.32)");
            }
            assertNotEquals(model.predict(x)[0][0], model.predict(x)[0][0], "noise is drawn");
        }
    }

    @Test
    void refusesImagesOfAnotherShapeOrRange(@TempDir Path dir) throws Exception {
        Path folder = exported(dir, Defense.NONE, null, null);
        try (NoiseShieldModel model = NoiseShieldModel.load(folder)) {
            IllegalArgumentException shape =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> model.predict(new float[1][3][28][28]));
            assertTrue(
                    shape.getMessage().contains("3 channels; the model takes (1, 28, 28)"),
                    shape.getMessage());
            float[][][][] bright = new float[1][1][28][28];
            bright[0][0][3][4] = 255f;
            IllegalArgumentException range =
                    assertThrows(IllegalArgumentException.class, () -> model.predict(bright));
            assertTrue(range.getMessage().contains("must be in [0, 1]"), range.getMessage());
            model.close();
            assertThrows(IllegalStateException.class, () -> model.predict(new float[1][1][28][28]));
        }
        assertThrows(java.io.IOException.class, () -> NoiseShieldModel.load(dir));
    }

    private static int maxClass(NoiseShieldModel model, float[][][][] x) {
        return model.classify(x)[0];
    }

    private static double spread(NoiseShieldModel model, float[][][][] x, int calls) {
        int c = maxClass(model, x);
        double[] p = new double[calls];
        for (int k = 0; k < calls; k++) {
            p[k] = model.predict(x)[0][c];
        }
        return std(p);
    }

    private static double std(double[] v) {
        double mean = java.util.Arrays.stream(v).average().orElseThrow();
        return Math.sqrt(
                java.util.Arrays.stream(v).map(a -> (a - mean) * (a - mean)).sum()
                        / (v.length - 1));
    }

    private static double sum(float[] v) {
        double s = 0;
        for (float a : v) {
            s += a;
        }
        return s;
    }
}
