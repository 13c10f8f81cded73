package dev.noiseshield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/gpu-check} run as a user runs it, in a child process, where it must stop: no GPU,
 * or a GPU without a CUDA build of libtorch. Each is one line that says what is missing, exit 3,
 * before anything is built or written.
 */
class GpuCheckScriptTest {
    @TempDir Path tmp;

    private record Result(int code, String err) {}

    private Result run(String path, Map<String, String> env) throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder("bash", "scripts/gpu-check", tmp.resolve("work").toString());
        builder.environment().remove("PYTORCH_LIBRARY_PATH");
        builder.environment().put("PATH", path);
        builder.environment().putAll(env);
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "gpu-check did not stop");
        return new Result(process.exitValue(), err.strip());
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv("PATH").split(":", -1)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void withoutAGpuItStopsInOneLine() throws Exception {
        assumeFalse(onPath("nvidia-smi"), "this machine has nvidia-smi");
        Result r = run(System.getenv("PATH"), Map.of());
        assertEquals(3, r.code(), r.err());
        assertEquals(
                "gpu-check: no NVIDIA GPU here (nvidia-smi is missing or lists no GPU); run this"
                        + " on a GPU machine",
                r.err());
        assertTrue(Files.notExists(tmp.resolve("work")));
    }

    @Test
    void aLibtorchWithoutCudaIsNamed() throws Exception {
        // an nvidia-smi that lists a GPU, ahead of the real PATH
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        fakeCommand(bin.resolve("nvidia-smi"), "echo 'GPU 0: Test GPU (UUID: GPU-0)'");
        Path cpuBuild = Files.createDirectories(tmp.resolve("libtorch-cpu"));
        Files.createFile(cpuBuild.resolve("libtorch_cpu.so"));
        Result r =
                run(
                        bin + ":" + System.getenv("PATH"),
                        Map.of("PYTORCH_LIBRARY_PATH", cpuBuild.toString()));
        assertEquals(3, r.code(), r.err());
        assertEquals(
                "gpu-check: PYTORCH_LIBRARY_PATH="
                        + cpuBuild
                        + " holds no libtorch_cuda.so: not a CUDA build of libtorch",
                r.err());
    }

    @Test
    void noCudaPyTorchAnywhereSaysHowToGetOne() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        fakeCommand(bin.resolve("nvidia-smi"), "echo 'GPU 0: Test GPU (UUID: GPU-0)'");
        // a python3 whose torch is not the CUDA build of 2.7.1 (here: none at all)
        fakeCommand(bin.resolve("python3"), "exit 1");
        assumeFalse(cudaTorchIn("/usr/bin/python3"), "/usr/bin/python3 has a CUDA PyTorch 2.7.1");
        Result r = run(bin + ":/usr/bin:/bin", Map.of());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().startsWith("gpu-check: no CUDA build of PyTorch 2.7.1"), r.err());
        assertTrue(r.err().contains("PYTORCH_LIBRARY_PATH"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    private static boolean cudaTorchIn(String python) throws Exception {
        if (!Files.isExecutable(Path.of(python))) {
            return false;
        }
        Process p =
                new ProcessBuilder(
                                python,
                                "-c",
                                "import torch,sys;"
                                        + " sys.exit(0 if torch.__version__.startswith('2.7.1')"
                                        + " and torch.version.cuda else 1)")
                        .redirectErrorStream(true)
                        .start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    private static void fakeCommand(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
