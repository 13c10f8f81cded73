package dev.noiseshield.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.PythonTorch;
import dev.noiseshield.TestData;
import dev.noiseshield.defense.Defense;
import dev.noiseshield.defense.DefenseOptions;
import dev.noiseshield.model.Architecture;
import dev.noiseshield.model.ModelSpec;
import dev.noiseshield.model.Network;
import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.nn.ScaleGranularity;
import dev.noiseshield.run.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export, then load in PyTorch with python/noiseshield_torch.py: every architecture and every
 * defense's noise gives the tool's logits with noise off (1e-4 relative), and with noise on the
 * same logit distribution over draws and, layer by layer, the noise its parameters define.
 */
class ExportToPyTorchTest {
    private static final int DRAWS = 300;

    /**
     * A model to export; {@code draws} noise-on passes compare the logit distributions (0: the
     * larger architectures, whose noise layers are the small CNN's, compare layer by layer only).
     */
    private record Case(String name, ModelSpec spec, Defense defense, int draws) {
        Case(String name, ModelSpec spec, Defense defense) {
            this(name, spec, defense, spec.architecture() == Architecture.SMALL_CNN ? DRAWS : 0);
        }
    }

    private static List<Case> cases() {
        DefenseOptions colored = TestData.options(ScaleGranularity.CHANNEL, 3, true);
        List<Case> cases = new ArrayList<>();
        for (Defense d : Defense.values()) {
            cases.add(
                    new Case(
                            "small-cnn " + d,
                            d.apply(spec(Architecture.SMALL_CNN, 1), colored),
                            d));
        }
        DefenseOptions element = TestData.options(ScaleGranularity.ELEMENT, 2, false);
        cases.add(
                new Case(
                        "small-cnn pni-wa element",
                        Defense.PNI_WA.apply(spec(Architecture.SMALL_CNN, 1), element),
                        Defense.PNI_WA));
        cases.add(
                new Case(
                        "resnet20 pni-wa",
                        Defense.PNI_WA.apply(spec(Architecture.RESNET20, 3), colored),
                        Defense.PNI_WA));
        cases.add(
                new Case(
                        "resnet20 1.5x pni-w",
                        Defense.PNI_W.apply(spec(Architecture.RESNET20, 3).withWidth(1.5), colored),
                        Defense.PNI_W));
        cases.add(
                new Case(
                        "resnet20 zero-pad pni-w",
                        Defense.PNI_W.apply(
                                spec(Architecture.RESNET20, 3)
                                        .withShortcut(dev.noiseshield.model.Shortcut.ZERO_PAD),
                                colored),
                        Defense.PNI_W));
        cases.add(
                new Case(
                        "resnet20 cni",
                        Defense.CNI.apply(spec(Architecture.RESNET20, 3), colored),
                        Defense.CNI));
        cases.add(
                new Case(
                        "resnet18 wca",
                        Defense.WCA.apply(spec(Architecture.RESNET18, 3), colored),
                        Defense.WCA));
        cases.add(
                new Case(
                        "vgg16 rse",
                        Defense.RSE.apply(spec(Architecture.VGG16, 3), colored),
                        Defense.RSE));
        return cases;
    }

    private static ModelSpec spec(Architecture a, int channels) {
        return new ModelSpec(
                a,
                channels,
                8,
                10,
                1,
                Collections.nCopies(channels, 0.4),
                Collections.nCopies(channels, 0.25),
                NoiseSpec.NONE);
    }

    @Test
    void pytorchRebuildsEveryArchitectureAndDefense(@TempDir Path dir) throws Exception {
        List<Case> cases = cases();
        List<Map<String, Object>> jobs = new ArrayList<>();
        List<float[][]> java = new ArrayList<>(); // noise off, noise-on mean, noise-on std
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(5);
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                try (Network net = Network.create(c.spec(), m)) {
                    ExportFixtures.randomize(net, i);
                    Path ck =
                            ExportFixtures.checkpoint(
                                    dir.resolve(i + ".nsck"), net, c.defense(), "mnist");
                    Path out = dir.resolve("export-" + i);
                    ModelExport.export(ck, dir.resolve("no-report.json"), out);
                    NDArray x = m.randomUniform(0f, 1f, Network.inputShape(c.spec(), 4));
                    Path inputs = out.resolve("inputs.safetensors");
                    Safetensors.write(inputs, Map.of("x", tensor(x)), Map.of());
                    jobs.add(
                            Map.of(
                                    "folder", out.toString(),
                                    "inputs", inputs.toString(),
                                    "draws", c.draws()));
                    java.add(logitStatistics(net, x, c.draws()));
                }
            }
        }
        Path job = dir.resolve("job.json");
        Json.MAPPER.writeValue(
                job.toFile(), Map.of("models", jobs, "layer_draws", DRAWS, "out", dir.toString()));
        PythonTorch.run(Path.of("src/test/python/parity.py"), job.toString());
        for (int i = 0; i < cases.size(); i++) {
            String name = cases.get(i).name();
            Map<String, Safetensors.Tensor> torch =
                    Safetensors.read(dir.resolve(i + ".safetensors")).tensors();
            float[][] tool = java.get(i);
            assertClose(tool[0], torch.get("logits_off").data(), name + ": logits with noise off");
            if (cases.get(i).draws() > 0) {
                assertSameDistribution(tool, torch, name);
            }
            for (JsonNode layer : Json.MAPPER.readTree(dir.resolve(i + ".json").toFile())) {
                double measured = layer.get("measured").asDouble();
                double expected = layer.get("expected").asDouble();
                assertEquals(
                        expected,
                        measured,
                        0.1 * expected,
                        name
                                + ": noise of "
                                + layer.get("layer").asText()
                                + " ("
                                + layer.get("kind").asText()
                                + ")");
            }
        }
    }

    /** |a - b| <= 1e-4 max(1, max |a|) elementwise. */
    private static void assertClose(float[] a, float[] b, String what) {
        assertEquals(a.length, b.length, what);
        float scale = 1f;
        for (float v : a) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-4f * scale, what + " [" + i + "]");
        }
    }

    /**
     * Noise on, over the draws: every logit's mean agrees within 5 standard errors, and the stds
     * within 25% each and 8% on average (300 draws give a std to about 4%).
     */
    private static void assertSameDistribution(
            float[][] tool, Map<String, Safetensors.Tensor> torch, String name) {
        float[] mean = torch.get("on_mean").data();
        float[] std = torch.get("on_std").data();
        double ratios = 0;
        int counted = 0;
        for (int i = 0; i < mean.length; i++) {
            double se = Math.sqrt((tool[2][i] * tool[2][i] + std[i] * std[i]) / DRAWS);
            assertEquals(
                    tool[1][i],
                    mean[i],
                    5 * se + 1e-4,
                    name + ": mean logit over draws [" + i + "]");
            if (tool[2][i] > 1e-3) {
                double ratio = std[i] / tool[2][i];
                assertEquals(1, ratio, 0.25, name + ": std of logit over draws [" + i + "]");
                ratios += ratio;
                counted++;
            } else {
                assertEquals(tool[2][i], std[i], 1e-3, name + ": a logit without noise");
            }
        }
        if (counted > 0) {
            assertEquals(1, ratios / counted, 0.08, name + ": mean std ratio");
        }
    }

    private static Safetensors.Tensor tensor(NDArray a) {
        return new Safetensors.Tensor(a.getShape().getShape(), a.toFloatArray());
    }

    /** Noise off logits; the mean and std over draws of the noise-on logits. */
    private static float[][] logitStatistics(Network net, NDArray x, int draws) {
        net.setNoiseMode(NoiseMode.OFF);
        float[] off = net.logits(x).toFloatArray();
        net.setNoiseMode(NoiseMode.ON);
        if (draws == 0) {
            return new float[][] {off};
        }
        long n = x.getShape().get(0);
        NDArray stacked = net.logitsOfDraws(x, draws).reshape(draws, n, -1);
        return new float[][] {
            off, stacked.mean(new int[] {0}).toFloatArray(), std(stacked).toFloatArray()
        };
    }

    private static NDArray std(NDArray draws) {
        NDArray centered = draws.sub(draws.mean(new int[] {0}));
        return centered.square().sum(new int[] {0}).div(DRAWS - 1).sqrt();
    }
}
