package dev.noiseshield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.noiseshield.run.ComputeDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The device plumbing, guarded on a CPU machine: which device {@code --device} resolves to and why,
 * a GPU that is not there refused in one line that says what to do, every computing command taking
 * the option, and no array or model made anywhere but on the chosen device.
 */
class DeviceOptionTest {
    /**
     * The commands that compute with the engine; data, report and help only read and write files.
     */
    private static final Set<String> COMPUTING =
            Set.of(
                    "train",
                    "evaluate",
                    "compare",
                    "demo",
                    "certify",
                    "export",
                    "reproduce",
                    "bench",
                    "bench memory",
                    "bench certify",
                    "bench autoattack");

    @Test
    void autoTakesTheFirstGpuAndOtherwiseTheCpuSayingWhy() {
        assertEquals(Device.gpu(0), ComputeDevice.resolve("auto", 2).device());
        ComputeDevice.Selection cpu = ComputeDevice.resolve("auto", 0);
        assertEquals(Device.cpu(), cpu.device());
        assertTrue(cpu.reason().startsWith("no GPU: "), cpu.reason());
        assertTrue(cpu.reason().contains("PYTORCH_LIBRARY_PATH"), cpu.reason());
        assertEquals(Device.gpu(1), ComputeDevice.resolve("gpu:1", 2).device());
        assertEquals(Device.gpu(0), ComputeDevice.resolve("GPU", 1).device());
        assertEquals(Device.cpu(), ComputeDevice.resolve("cpu", 4).device());
    }

    @Test
    void aGpuPastTheLastIsRefusedWithTheCount() {
        var e =
                assertThrows(
                        IllegalArgumentException.class, () -> ComputeDevice.resolve("gpu:2", 2));
        assertTrue(e.getMessage().contains("2 GPU(s), numbered from 0"), e.getMessage());
    }

    @Test
    void aGpuOnThisCpuBuildIsOneLineNamingWhatToSet() {
        // the CPU build of libtorch from Maven Central: PyTorch sees no GPU here
        assertEquals(0, Engine.getInstance().getGpuCount());
        CliRun run = CliRun.of("bench", "--device", "gpu", "--repeats", "1");
        assertEquals(2, run.code(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("--device gpu: PyTorch sees no GPU"), run.err());
        assertTrue(run.err().contains("PYTORCH_LIBRARY_PATH"), run.err());
        assertTrue(run.err().contains("PYTORCH_FLAVOR=cu128"), run.err());
    }

    @Test
    void aNameThatIsNoDeviceIsRefused() {
        CliRun run = CliRun.of("bench", "--device", "tpu", "--repeats", "1");
        assertEquals(2, run.code(), run.err());
        assertEquals("error: --device: 'tpu' is not auto, cpu, gpu or gpu:N", run.err());
    }

    @Test
    void everyCommandThatComputesTakesDevice() {
        Set<String> withDevice = new TreeSet<>();
        collect(NoiseShieldCli.commandLine(), "", withDevice);
        assertEquals(new TreeSet<>(COMPUTING), withDevice);
    }

    private static void collect(CommandLine cli, String prefix, Set<String> withDevice) {
        for (var sub : cli.getSubcommands().entrySet()) {
            String name = (prefix + " " + sub.getKey()).strip();
            if (sub.getValue().getCommandSpec().findOption("--device") != null) {
                withDevice.add(name);
            }
            collect(sub.getValue(), name, withDevice);
        }
    }

    /**
     * Arrays, managers and models are made on the device {@code --device} chose: only {@code
     * ComputeDevice} names a device or makes a root manager, and nothing copies between devices.
     */
    @Test
    void onlyComputeDeviceNamesADevice() throws IOException {
        Pattern namesADevice =
                Pattern.compile(
                        "Device\\.(cpu|gpu)\\(|NDManager\\.newBaseManager\\(\\s*\\)"
                                + "|Engine\\.getInstance\\(\\)\\.newBaseManager|\\.toDevice\\("
                                // a model made without a device lands on DJL's default one
                                + "|Model\\.newInstance\\((?![^;]*Device)[^;]*;");
        List<String> found = new ArrayList<>();
        Path main = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(main)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (file.endsWith(Path.of("run", "ComputeDevice.java"))) {
                    continue;
                }
                String text = Files.readString(file).replaceAll("\\s+", " ");
                var m = namesADevice.matcher(text);
                while (m.find()) {
                    found.add(main.relativize(file) + ": " + m.group());
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
