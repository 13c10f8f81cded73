package dev.noiseshield.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin jar, built here from source as a researcher builds one, put on the class path of a real
 * process (as NOISESHIELD_CLASSPATH does for ./noiseshield): its defense trains, and its attack and
 * its model's noise layer run in Spark {@code local[2]} tasks, reported under their names.
 */
class SparkPluginJarTest {
    private static final String SOURCE =
            """
            package jarplugin;

            import ai.djl.ndarray.NDArray;
            import ai.djl.nn.Block;
            import ai.djl.training.ParameterStore;
            import dev.noiseshield.attack.*;
            import dev.noiseshield.defense.*;
            import dev.noiseshield.model.*;
            import dev.noiseshield.nn.*;
            import java.util.List;

            /** Gaussian noise of std 0.1 on the image, PGD-AT; and FGSM at half the radius. */
            public final class Plugin implements DefensePlugin, NoiseLayerPlugin, AttackPlugin {
                public List<DefenseKind> defenses() { return List.of(new Defense()); }
                public List<NoiseLayerKind> noiseLayers() { return List.of(new Layer()); }
                public List<AttackKind> kinds() { return List.of(new Half()); }

                static final class Defense implements DefenseKind {
                    public String cliName() { return "jar-input-noise"; }
                    public String summary() { return "fixed noise on the image, PGD-AT"; }
                    public NoiseSpec noise(DefenseOptions o) { return NoiseSpec.NONE.withPlugin("jar-gauss"); }
                    public boolean adversarialTraining() { return true; }
                }

                static final class Layer implements NoiseLayerKind {
                    public String name() { return "jar-gauss"; }
                    public String summary() { return "x + 0.1 N(0, 1)"; }
                    public Block layer(NoiseSite site, NoiseSwitch noise) {
                        return site != NoiseSite.INPUT ? null : new AdditiveNoiseLayer((byte) 1, noise) {
                            @Override
                            protected NDArray perturb(NDArray x, ParameterStore ps, boolean training) {
                                return x.getManager().randomNormal(x.getShape()).mul(0.1f).add(x);
                            }
                        };
                    }
                }

                static final class Half implements AttackKind {
                    public String name() { return "jar-half-fgsm"; }
                    public String summary() { return "FGSM at eps/2"; }
                    public int defaultSteps() { return 1; }
                    public List<String> norms() { return List.of("linf"); }
                    public Attack build(AttackSpec spec, Context context) {
                        Fgsm fgsm = new Fgsm();
                        return new Attack() {
                            public String name() { return "jar-half-fgsm"; }
                            public Norm norm() { return fgsm.norm(); }
                            public NDArray perturb(Classifier m, NDArray x, NDArray y, float eps) {
                                return fgsm.perturb(m, x, y, eps / 2);
                            }
                        };
                    }
                }
            }
            """;

    @TempDir Path dir;

    @Test
    void aPluginJarsDefenseAndAttackRunInSparkTasks() throws Exception {
        Path jar = jar(dir.resolve("plugin"));
        Path run = dir.resolve("run");
        child(
                List.of(jar),
                "train",
                "--defense",
                "jar-input-noise",
                "--epochs",
                "1",
                "--train-images",
                "128",
                "--train-steps",
                "1",
                "--out",
                run.toString());
        String printed =
                child(
                        List.of(jar),
                        "evaluate",
                        "--run",
                        run.toString(),
                        "--attacks",
                        "fgsm;jar-half-fgsm",
                        "--repeats",
                        "1",
                        "--test-images",
                        "100",
                        "--shard-size",
                        "50",
                        "--checks",
                        "false",
                        "--spark",
                        "local[2]");
        assertTrue(printed.contains("spark: 2 tasks (repeat x shard)"), printed);
        JsonNode report = new ObjectMapper().readTree(run.resolve("report.json").toFile());
        assertEquals("jar-input-noise", report.get("defense").asText());
        assertTrue(report.get("noise").get("stochastic").asBoolean());
        assertEquals("jar-half-fgsm-1", report.get("attacks").get(1).get("name").asText());
        assertTrue(
                report.get("attacks").get(1).get("accuracy").asDouble()
                        >= report.get("attacks").get(0).get("accuracy").asDouble() - 0.05,
                "half the radius is about as weak as the full one or weaker");
    }

    /** The command line in a child JVM with Spark's options and {@code jars} on its class path. */
    private String child(List<Path> jars, String... args) throws Exception {
        StringBuilder classPath = new StringBuilder(System.getProperty("java.class.path"));
        jars.forEach(j -> classPath.append(java.io.File.pathSeparator).append(j));
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "@" + Path.of("jvm.options").toAbsolutePath(),
                                "-Dai.djl.offline=true",
                                "-cp",
                                classPath.toString(),
                                "dev.noiseshield.cli.NoiseShieldCli"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "child", ".log");
        Process p =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the child finished");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** The plugin's source compiled against the tool's classes, jarred with its services files. */
    private static Path jar(Path folder) throws IOException {
        Path source = folder.resolve("src/jarplugin/Plugin.java");
        Path classes = folder.resolve("classes");
        Files.createDirectories(source.getParent());
        Files.createDirectories(classes);
        Files.writeString(source, SOURCE);
        int compiled =
                ToolProvider.getSystemJavaCompiler()
                        .run(
                                null,
                                null,
                                null,
                                "-d",
                                classes.toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                "--release",
                                "17",
                                source.toString());
        assertEquals(0, compiled, "the plugin compiles");
        Path jar = folder.resolve("plugin.jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out)) {
            try (var walk = Files.walk(classes)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    j.putNextEntry(
                            new JarEntry(
                                    classes.relativize(p)
                                            .toString()
                                            .replace(java.io.File.separatorChar, '/')));
                    j.write(Files.readAllBytes(p));
                    j.closeEntry();
                }
            }
            for (String service :
                    List.of(
                            "dev.noiseshield.defense.DefensePlugin",
                            "dev.noiseshield.model.NoiseLayerPlugin",
                            "dev.noiseshield.attack.AttackPlugin")) {
                j.putNextEntry(new JarEntry("META-INF/services/" + service));
                j.write("jarplugin.Plugin\n".getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        return jar;
    }
}
