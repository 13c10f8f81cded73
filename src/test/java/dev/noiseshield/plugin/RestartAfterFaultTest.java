package dev.noiseshield.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.ChildCli;
import dev.noiseshield.TestData;
import dev.noiseshield.run.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rare NaN of docs/known-problems.md, made on cue: a plugin layer on the input image that is
 * the identity except on the fifth training pass of its process, whose logits it makes NaN from
 * finite weights and images, as the fault did. The training starts again from its last checkpoint
 * and ends with the numbers of a run that never met the fault (the same layer, never poisoning),
 * epoch for epoch; the restart is said in the log and in run.json. Without the restart the training
 * stops.
 */
class RestartAfterFaultTest {
    @TempDir Path dir;

    static final String PLUGIN =
            """
            package example;

            import ai.djl.ndarray.NDArray;
            import ai.djl.nn.Block;
            import ai.djl.training.ParameterStore;
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
            import java.util.concurrent.atomic.AtomicInteger;

            /** An input layer that is the identity, or NaN on its fifth training pass once. */
            public final class Fault implements DefensePlugin, NoiseLayerPlugin {
                static final AtomicInteger PASSES = new AtomicInteger();

                public List<DefenseKind> defenses() {
                    return List.of(new Defense("fault-once"), new Defense("fault-never"));
                }

                public List<NoiseLayerKind> noiseLayers() {
                    return List.of(new Kind("fault-once"), new Kind("fault-never"));
                }

                record Defense(String cliName) implements DefenseKind {
                    public String summary() { return "the identity, or a NaN once"; }
                    public NoiseSpec noise(DefenseOptions o) {
                        return NoiseSpec.NONE.withPlugin(cliName);
                    }
                    public boolean adversarialTraining() { return false; }
                }

                record Kind(String name) implements NoiseLayerKind {
                    public String summary() { return "the identity, or a NaN once"; }
                    public Block layer(NoiseSite site, NoiseSwitch noise) {
                        return site == NoiseSite.INPUT
                                ? new Layer(noise, name.equals("fault-once"))
                                : null;
                    }
                }

                static final class Layer extends AdditiveNoiseLayer {
                    private final boolean poisons;

                    Layer(NoiseSwitch noise, boolean poisons) {
                        super((byte) 1, noise);
                        this.poisons = poisons;
                    }

                    @Override
                    protected NDArray perturb(NDArray x, ParameterStore ps, boolean training) {
                        boolean now = training && PASSES.incrementAndGet() == 5;
                        return poisons && now ? x.mul(Float.NaN) : x;
                    }
                }
            }
            """;

    @Test
    void aNonFiniteLossFromFiniteWeightsStartsAgainAndEndsAsIfNothingHappened() throws Exception {
        Path jar =
                PluginJars.build(
                        dir.resolve("plugin"),
                        Map.of("example.Fault", PLUGIN),
                        Map.of(
                                "dev.noiseshield.defense.DefensePlugin",
                                List.of("example.Fault"),
                                "dev.noiseshield.model.NoiseLayerPlugin",
                                List.of("example.Fault")));
        Path data = TestData.writeMnistFolder(dir.resolve("data"), 64, 16);
        String faulty = train(jar, data, "fault-once");
        String clean = train(jar, data, "fault-never");
        assertTrue(
                faulty.contains("non-finite loss from finite weights and images")
                        && faulty.contains("starting again from the last checkpoint"),
                faulty);
        assertTrue(!clean.contains("non-finite"), clean);

        JsonNode restarted = record(dir.resolve("fault-once"));
        JsonNode untouched = record(dir.resolve("fault-never"));
        assertEquals(1, restarted.get("restartsAfterFault").size(), restarted.toString());
        assertTrue(
                restarted.get("restartsAfterFault").get(0).asText().contains("epoch 3, batch 1"),
                restarted.toString());
        assertEquals(0, untouched.get("restartsAfterFault").size());
        assertEquals(losses(untouched), losses(restarted));
    }

    /** Three epochs of two batches in a child process with the plugin; its output. */
    private String train(Path jar, Path data, String defense) throws Exception {
        Path log = dir.resolve(defense + ".log");
        String[] args = TestData.oneEpochArgs(data, defense, dir.resolve(defense));
        args[java.util.Arrays.asList(args).indexOf("--epochs") + 1] = "3";
        Process p = ChildCli.start(log, List.of(jar), args);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the child finished");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static JsonNode record(Path run) throws Exception {
        return Json.MAPPER
                .readTree(run.resolve("run.json").toFile())
                .get("runs")
                .get(0)
                .get("result");
    }

    /** Every epoch's training loss, to the last bit as JSON writes it. */
    private static List<String> losses(JsonNode result) {
        List<String> losses = new ArrayList<>();
        result.get("epochs").forEach(e -> losses.add(e.get("loss").asText()));
        assertEquals(3, losses.size(), result.toString());
        return losses;
    }
}
