package dev.noiseshield.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * An attack added by a plugin jar, with no change to the tool: built here as a researcher would (a
 * momentum variant of PGD, one class and its registration), put on the class path of a real
 * process, it is listed by {@code --help}, parsed with its own key, run, and reported under the
 * name it gives. A plugin whose class cannot be loaded stops the tool with one line naming the jar
 * and the class.
 */
class AttackPluginTest {
    @TempDir Path dir;

    private static final String PLUGIN =
            """
            package example;

            import ai.djl.ndarray.NDArray;
            import ai.djl.ndarray.NDManager;
            import dev.noiseshield.attack.*;
            import dev.noiseshield.model.Classifier;
            import java.util.List;
            import java.util.Map;

            /** MI-FGSM (Dong et al. 2018): signed steps of an accumulated, L1-normalised gradient. */
            public final class Momentum implements AttackPlugin {
                @Override
                public List<AttackKind> kinds() {
                    return List.of(new Kind());
                }

                static final class Kind implements AttackKind {
                    public String name() { return "mi-fgsm"; }
                    public String summary() { return "momentum iterative FGSM"; }
                    public int defaultSteps() { return 10; }
                    public List<String> norms() { return List.of("linf"); }
                    public Map<String, String> keys() { return Map.of("decay", "1.0"); }
                    public Attack build(AttackSpec spec, Context context) {
                        return new Mi(spec.steps(), spec.floatOption("decay", 1f));
                    }
                    public String displayName(AttackSpec spec) {
                        return AttackKind.decorate(
                                spec, "mi-fgsm-" + spec.steps() + "-d" + spec.floatOption("decay", 1f));
                    }
                }

                record Mi(int steps, float decay) implements Attack.InLinf {
                    public String name() { return "mi-fgsm-" + steps; }
                    public NDArray perturb(Classifier model, NDArray x, NDArray y, float eps) {
                        NDManager out = x.getManager();
                        NDArray adv = x.duplicate();
                        NDArray g = x.zerosLike();
                        float alpha = eps / steps;
                        for (int i = 0; i < steps; i++) {
                            try (NDManager step = out.newSubManager()) {
                                NDArray grad = Gradients.of(model, adv, y, AttackLoss.CROSS_ENTROPY, step).gradient();
                                NDArray l1 = grad.abs().sum(new int[] {1, 2, 3}, true).add(1e-12f);
                                NDArray nextG = g.mul(decay).add(grad.div(l1));
                                NDArray next = Attack.clipToBallAndBox(norm(), adv.add(nextG.sign().mul(alpha)), x, eps);
                                nextG.attach(out);
                                next.attach(out);
                                g = nextG;
                                adv = next;
                            }
                        }
                        return adv;
                    }
                }
            }
            """;

    private static String run(Path log, List<Path> jars, String... args) throws Exception {
        Process p = ChildCli.start(log, jars, args);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the child finished");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void aPluginAttackIsListedParsedRunAndReported() throws Exception {
        Path jar =
                PluginJars.build(
                        dir.resolve("plugin"),
                        Map.of("example.Momentum", PLUGIN),
                        "dev.noiseshield.attack.AttackPlugin",
                        List.of("example.Momentum"));
        String help = run(dir.resolve("help.log"), List.of(jar), "evaluate", "--help");
        assertTrue(help.contains("mi-fgsm"), "--help lists the plugin's attack: " + help);

        Path data = TestData.writeMnistFolder(dir.resolve("data"), 64, 32);
        Path runDir = dir.resolve("run");
        assertEquals(0, TestData.trainOneEpoch(data, "pgd-at", runDir));
        run(
                dir.resolve("evaluate.log"),
                List.of(jar),
                "evaluate",
                "--run",
                runDir.toString(),
                "--data-dir",
                data.toString(),
                "--attacks",
                "fgsm;mi-fgsm:steps=5,decay=0.5",
                "--repeats",
                "1",
                "--checks",
                "false");
        JsonNode report = Json.MAPPER.readTree(runDir.resolve("report.json").toFile());
        JsonNode attack = report.get("attacks").get(1);
        assertEquals("mi-fgsm-5-d0.5", attack.get("name").asText());
        assertTrue(
                attack.get("accuracy").asDouble() <= report.get("clean").get("accuracy").asDouble(),
                "robust only where right when clean");
        assertTrue(Files.readString(runDir.resolve("report.md")).contains("mi-fgsm-5-d0.5"));
        assertTrue(report.get("worstCase").get("over").toString().contains("mi-fgsm-5-d0.5"));
    }

    @Test
    void aPluginThatCannotBeLoadedIsOneLineNamingJarAndClass() throws Exception {
        Path jar =
                PluginJars.build(
                        dir.resolve("broken"),
                        Map.of("example.Other", "package example; public class Other {}"),
                        "dev.noiseshield.attack.AttackPlugin",
                        List.of("example.Missing"));
        Path log = dir.resolve("broken.log");
        Process p = ChildCli.start(log, List.of(jar), "evaluate", "--help");
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        String out = Files.readString(log).strip();
        assertEquals(2, p.exitValue(), out);
        assertTrue(
                out.startsWith(
                                "error: attack plugin "
                                        + jar
                                        + " (example.Missing) cannot be loaded")
                        && !out.contains("\n")
                        && !out.contains("\tat "),
                out);
    }
}
