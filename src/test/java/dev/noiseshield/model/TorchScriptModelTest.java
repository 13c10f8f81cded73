package dev.noiseshield.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.TestData;
import dev.noiseshield.attack.AttackLoss;
import dev.noiseshield.attack.Eot;
import dev.noiseshield.attack.Gradients;
import dev.noiseshield.attack.LinfNorm;
import dev.noiseshield.attack.NonFiniteGradientException;
import dev.noiseshield.attack.Pgd;
import dev.noiseshield.attack.PgdSettings;
import dev.noiseshield.export.ModelImport;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models trained in PyTorch, as TorchScript: the fixtures of src/test/python/
 * make_torchscript_fixtures.py in src/test/resources/torchscript.
 */
class TorchScriptModelTest {
    static final Path FIXTURES = Path.of("src/test/resources/torchscript");

    /**
     * PGD on the traced small CNN equals PGD on the same weights built by the tool: the same random
     * start (same seed) and, step by step, the same gradients, so the same adversarial images.
     */
    @Test
    void pgdOnAnImportedModelEqualsPgdOnTheSameWeightsBuiltNatively() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(1);
            NDArray x = m.randomUniform(0f, 1f, new Shape(16, 1, 8, 8));
            NDArray y = m.randomInteger(0, 10, new Shape(16), ai.djl.ndarray.types.DataType.INT64);
            try (TorchScriptModel imported =
                            TorchScriptModel.open(FIXTURES.resolve("deterministic-cnn.pt"), x, 10);
                    Network native_ = ModelImport.load(FIXTURES.resolve("deterministic-cnn"), m)) {
                native_.setNoiseMode(NoiseMode.OFF);
                native_.prepareForAttacks();
                assertFalse(imported.isStochastic(), "measured: two passes agree");
                assertArrayEquals(
                        native_.logits(x).toFloatArray(), imported.logits(x).toFloatArray(), 1e-5f);
                Pgd pgd = new Pgd(new LinfNorm(), PgdSettings.of(10));
                m.getEngine().setRandomSeed(7);
                float[] a = pgd.perturb(native_, x, y, 0.1f).toFloatArray();
                m.getEngine().setRandomSeed(7);
                float[] b = pgd.perturb(imported, x, y, 0.1f).toFloatArray();
                int differing = 0;
                for (int i = 0; i < a.length; i++) {
                    differing += Math.abs(a[i] - b[i]) > 1e-5f ? 1 : 0;
                }
                // a gradient within float rounding of zero may take the other sign: a few pixels
                assertTrue(
                        differing <= a.length / 1000,
                        differing + " of " + a.length + " pixels differ");
            }
        }
    }

    /**
     * The stochastic module draws its noise inside forward: every draw of EOT and of the scoring is
     * fresh, so EOT's gradient over 8 draws varies about sqrt(8) times less than one draw's.
     *
     * <p>A pass through a TorchScript module now and then returns a NaN input gradient from a
     * finite loss (docs/known-problems.md: about one run of this test in ten, every run under CPU
     * load; cause not found). It must never pass silently: {@link Gradients} refuses it with {@link
     * NonFiniteGradientException}. Such an attempt cannot measure the spread, so the measurement is
     * made again, at most three times; anything but that exception fails at once. It runs on one
     * PyTorch thread, where the NaN is rarer (under load, 400 EOT calls: NaN in 1 of 3 processes
     * against 3 of 3 with two threads); the thread count is put back after.
     */
    @Test
    void eotAndScoringDrawsSeeFreshNoise() throws IOException {
        int threads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    measureFreshNoise();
                    return;
                } catch (NonFiniteGradientException e) {
                    System.out.println(
                            "attempt " + attempt + " met the known NaN: " + e.getMessage());
                    if (attempt == 3) {
                        throw e;
                    }
                }
            }
        } finally {
            JniUtils.setNumThreads(threads);
        }
    }

    private static void measureFreshNoise() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            NDArray x = TestData.digits().test().images(new int[] {0, 1, 2, 3}, m);
            NDArray y = TestData.digits().test().labels(new int[] {0, 1, 2, 3}, m);
            try (TorchScriptModel model =
                    TorchScriptModel.open(FIXTURES.resolve("stochastic-cnn.pt"), x, 10)) {
                assertTrue(model.isStochastic(), "measured: two passes differ");
                NDArray draws = model.logitsOfDraws(x, 5).reshape(5, 4, 10);
                for (int i = 1; i < 5; i++) {
                    assertFalse(
                            draws.get(0).contentEquals(draws.get(i)),
                            "scoring draw " + i + " is fresh");
                }
                double single = gradientSpread(model, x, y, m);
                double eot = gradientSpread(new Eot(model, 8), x, y, m);
                double ratio = single / eot;
                assertEquals(Math.sqrt(8), ratio, 0.35 * Math.sqrt(8), "spread ratio " + ratio);
            }
        }
    }

    /** Mean std over 12 calls of the input gradient, per pixel. */
    private static double gradientSpread(Classifier model, NDArray x, NDArray y, NDManager m) {
        try (NDManager scope = m.newSubManager()) {
            ai.djl.ndarray.NDList grads = new ai.djl.ndarray.NDList();
            for (int k = 0; k < 12; k++) {
                grads.add(Gradients.of(model, x, y, AttackLoss.CROSS_ENTROPY, scope).gradient());
            }
            NDArray g = ai.djl.ndarray.NDArrays.stack(grads);
            NDArray centered = g.sub(g.mean(new int[] {0}));
            return centered.square().sum(new int[] {0}).div(11).sqrt().mean().getFloat();
        }
    }

    @Test
    void aModuleWithTheWrongOutputOrAFileThatIsNotTorchScriptGetsAClearError(@TempDir Path dir)
            throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = TestData.digits().test().images(new int[] {0, 1}, m);
            Path wrong = FIXTURES.resolve("wrong-shape.pt");
            IOException shape =
                    assertThrows(IOException.class, () -> TorchScriptModel.open(wrong, x, 10));
            assertEquals(
                    wrong
                            + ": forward on images (2, 1, 28, 28) returned float32 (2, 5); expected"
                            + " float32 logits (2, 10) for 10 classes",
                    shape.getMessage());
            Path text = Files.writeString(dir.resolve("model.pt"), "not a model\n");
            IOException notScript =
                    assertThrows(IOException.class, () -> TorchScriptModel.open(text, x, 10));
            assertTrue(
                    notScript.getMessage().startsWith(text + ": not a TorchScript module"),
                    notScript.getMessage());
            NDArray digits = x;
            IllegalArgumentException off =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> {
                                try (TorchScriptModel s =
                                        TorchScriptModel.open(
                                                FIXTURES.resolve("stochastic-cnn.pt"),
                                                digits,
                                                10)) {
                                    s.setNoiseMode(NoiseMode.OFF);
                                }
                            });
            assertTrue(off.getMessage().contains("cannot be switched off"), off.getMessage());
        }
    }

    /**
     * Images enter a module in channels-last memory only when it was measured at opening to give
     * the same logits so: the traced small CNN does; a linear layer that views its input as flat
     * memory ({@code x.view(n, -1)}) refuses that layout, keeps plain images and computes W x + b
     * of the image in NCHW order.
     */
    @Test
    void channelsLastOnlyForModulesThatTakeIt() throws IOException {
        JsonNode saved = Json.MAPPER.readTree(FIXTURES.resolve("viewed-linear.json").toFile());
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(2);
            NDArray x = m.randomUniform(0f, 1f, new Shape(4, 3, 8, 8));
            float[][] weight = rows(saved.get("weight"));
            float[] bias = row(saved.get("bias"));
            try (TorchScriptModel viewed =
                    TorchScriptModel.open(FIXTURES.resolve("viewed-linear.pt"), x, 10)) {
                assertFalse(viewed.takesChannelsLast());
                assertLinearInNchwOrder(weight, bias, x.toFloatArray(), viewed.logits(x));
            }
            NDArray digits = m.randomUniform(0f, 1f, new Shape(4, 1, 8, 8));
            try (TorchScriptModel cnn =
                    TorchScriptModel.open(FIXTURES.resolve("deterministic-cnn.pt"), digits, 10)) {
                assertTrue(cnn.takesChannelsLast());
            }
        }
    }

    /**
     * Logits W x + b of each image flattened in NCHW order, against the same sums in float64: a
     * float32 sum of d products lies within (d + 1) 2^-24 times the sum of their magnitudes (the
     * standard bound on recursive summation, with the final rounding); an image read in another
     * order is off by the products' own size.
     */
    private static void assertLinearInNchwOrder(
            float[][] weight, float[] bias, float[] pixels, NDArray logits) {
        float[] got = logits.toFloatArray();
        int d = weight[0].length;
        for (int n = 0; n < pixels.length / d; n++) {
            for (int j = 0; j < weight.length; j++) {
                double sum = bias[j];
                double magnitude = Math.abs(bias[j]);
                for (int i = 0; i < d; i++) {
                    double product = (double) weight[j][i] * pixels[n * d + i];
                    sum += product;
                    magnitude += Math.abs(product);
                }
                double bound = (d + 2) * 0x1p-24 * magnitude;
                assertEquals(sum, got[n * weight.length + j], bound, "image " + n + ", class " + j);
            }
        }
    }

    private static float[][] rows(JsonNode matrix) {
        float[][] out = new float[matrix.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = row(matrix.get(i));
        }
        return out;
    }

    private static float[] row(JsonNode values) {
        float[] out = new float[values.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) values.get(j).asDouble();
        }
        return out;
    }
}
