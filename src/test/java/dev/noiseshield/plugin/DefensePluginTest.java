package dev.noiseshield.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.ChildCli;
import dev.noiseshield.TestData;
import dev.noiseshield.run.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A defense and its noise layer added by a plugin jar, with no change to the tool: learned-scale
 * Gaussian noise on the input image (the PNI paper's PNI-I, written as a researcher would write a
 * new layer). In a real process with the jar on its class path it is listed by {@code train
 * --help}, trained (its scale learned, so it receives gradients), evaluated with its noise drawn,
 * and reported under its name; the same checkpoint without the jar is refused in one line naming
 * the layer it needs.
 */
class DefensePluginTest {
    @TempDir Path dir;

    static final String PLUGIN =
            """
            package example;

            import ai.djl.ndarray.NDArray;
            import ai.djl.ndarray.types.Shape;
            import ai.djl.nn.Block;
            import ai.djl.nn.Parameter;
            import ai.djl.training.ParameterStore;
            import ai.djl.training.initializer.ConstantInitializer;
            import dev.noiseshield.defense.DefenseKind;
            import dev.noiseshield.defense.DefenseOptions;
            import dev.noiseshield.defense.DefensePlugin;
            import dev.noiseshield.model.NoiseLayerKind;
            import dev.noiseshield.model.NoiseLayerPlugin;
            import dev.noiseshield.model.NoiseSite;
            import dev.noiseshield.model.NoiseSpec;
            import dev.noiseshield.nn.AdditiveNoiseLayer;
            import dev.noiseshield.nn.NoiseSwitch;
            import java.util.List;

            /** PNI-I: x + a * N(0, 1) on the input image, a learned, with PGD-AT. */
            public final class InputScale implements DefensePlugin, NoiseLayerPlugin {
                public List<DefenseKind> defenses() { return List.of(new Defense()); }
                public List<NoiseLayerKind> noiseLayers() { return List.of(new Kind()); }

                static final class Defense implements DefenseKind {
                    public String cliName() { return "pni-input"; }
                    public String summary() { return "learned Gaussian noise on the image, PGD-AT"; }
                    public NoiseSpec noise(DefenseOptions o) {
                        return NoiseSpec.NONE.withPlugin("learned-input");
                    }
                    public boolean adversarialTraining() { return true; }
                }

                static final class Kind implements NoiseLayerKind {
                    public String name() { return "learned-input"; }
                    public String summary() { return "x + a N(0, 1) on the image, a learned"; }
                    public Block layer(NoiseSite site, NoiseSwitch noise) {
                        return site == NoiseSite.INPUT ? new Layer(noise) : null;
                    }
                }

                static final class Layer extends AdditiveNoiseLayer {
                    private final Parameter scale;

                    Layer(NoiseSwitch noise) {
                        super((byte) 1, noise);
                        scale = addParameter(Parameter.builder()
                                .setName("noise_scale")
                                .setType(Parameter.Type.OTHER)
                                .optShape(new Shape(1))
                                .optInitializer(new ConstantInitializer(0.1f))
                                .build());
                    }

                    @Override
                    protected NDArray perturb(NDArray x, ParameterStore ps, boolean training) {
                        NDArray a = ps.getValue(scale, x.getDevice(), training);
                        return x.getManager().randomNormal(x.getShape()).mul(a).add(x);
                    }
                }
            }
            """;

    static Path pluginJar(Path dir) throws java.io.IOException {
        return PluginJars.build(
                dir,
                Map.of("example.InputScale", PLUGIN),
                Map.of(
                        "dev.noiseshield.defense.DefensePlugin", List.of("example.InputScale"),
                        "dev.noiseshield.model.NoiseLayerPlugin", List.of("example.InputScale")));
    }

    private static Process start(Path log, List<Path> jars, String... args) throws Exception {
        Process p = ChildCli.start(log, jars, args);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the child finished");
        return p;
    }

    private static String run(Path log, List<Path> jars, String... args) throws Exception {
        Process p = start(log, jars, args);
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void aPluginDefenseIsListedTrainedEvaluatedAndReported() throws Exception {
        Path jar = pluginJar(dir.resolve("plugin"));
        String help = run(dir.resolve("help.log"), List.of(jar), "train", "--help");
        assertTrue(help.contains("pni-input"), "--help lists the plugin's defense: " + help);

        Path data = TestData.writeMnistFolder(dir.resolve("data"), 64, 32);
        Path runDir = dir.resolve("run");
        run(
                dir.resolve("train.log"),
                List.of(jar),
                TestData.oneEpochArgs(data, "pni-input", runDir));
        run(
                dir.resolve("evaluate.log"),
                List.of(jar),
                "evaluate",
                "--run",
                runDir.toString(),
                "--data-dir",
                data.toString(),
                "--attacks",
                "fgsm",
                "--repeats",
                "1",
                "--checks",
                "false");
        JsonNode report = Json.MAPPER.readTree(runDir.resolve("report.json").toFile());
        assertEquals("pni-input", report.get("defense").asText());
        assertTrue(report.get("noise").get("stochastic").asBoolean(), report.toString());
        JsonNode scales = report.get("noise").get("scales");
        assertEquals(1, scales.size(), "one plugin layer, at the input: " + scales);
        float learned = (float) scales.elements().next().get(0).asDouble();
        assertNotEquals(0.1f, learned, "the plugin's scale was trained from its initial 0.1");
        assertTrue(Files.readString(runDir.resolve("report.md")).contains("pni-input"));

        // without the jar the checkpoint cannot be built: one line naming the layer it needs
        Path log = dir.resolve("without.log");
        Process p =
                start(
                        log,
                        List.of(),
                        "evaluate",
                        "--run",
                        runDir.toString(),
                        "--data-dir",
                        data.toString(),
                        "--attacks",
                        "fgsm",
                        "--repeats",
                        "1",
                        "--checks",
                        "false",
                        "--out",
                        dir.resolve("without").toString());
        String out = Files.readString(log).strip();
        assertEquals(2, p.exitValue(), out);
        String last = out.lines().reduce((a, b) -> b).orElse("");
        assertTrue(
                last.startsWith("error: ")
                        && last.contains("noise layer 'learned-input'")
                        && !out.contains("\tat "),
                out);
    }
}
