package dev.noiseshield.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads a TorchScript file in a child process before the tool loads it: libtorch's unpickler throws
 * a C++ exception that nothing catches on some damaged files ("terminate called after throwing an
 * instance of 'c10::Error'", found by fuzzing a real module's bytes), which aborts the whole JVM
 * with a native stack trace. The child takes that abort; the parent turns it into the one-line
 * refusal a bad file gets. Costs one JVM start and engine load (about 2 s) per file opened.
 */
public final class TorchScriptProbe {
    private static final int NOT_TORCHSCRIPT = 2;
    private static final long TIMEOUT_SECONDS = 300;

    private TorchScriptProbe() {}

    /**
     * The child: loads {@code args[0]} on the device auto picks; exit 0, or 2 with the first line.
     */
    public static void main(String[] args) {
        try (Model model =
                Model.newInstance(
                        "probe", dev.noiseshield.run.ComputeDevice.current(), "PyTorch")) {
            model.load(Path.of(args[0]), null, Map.of("trainParam", "true"));
        } catch (MalformedModelException | EngineException | IOException e) {
            System.err.println(TorchScriptModel.firstLine(e.getMessage()));
            System.exit(NOT_TORCHSCRIPT);
        }
        System.exit(0);
    }

    /**
     * Loads {@code file} in a child JVM on this process's class path; returns when it loaded,
     * throws the refusal when it did not or when the engine aborted. Where no child can run the
     * probe (a class path without this class, as on a Spark executor that got the tool through
     * {@code spark.jars}), returns and leaves the check to the load itself.
     */
    static void check(Path file) throws IOException {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Dai.djl.offline=true",
                                "-Dorg.slf4j.simpleLogger.defaultLogLevel=off",
                                "-cp",
                                System.getProperty("java.class.path"),
                                TorchScriptProbe.class.getName(),
                                file.toAbsolutePath().toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code;
        try {
            if (!child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                throw new IOException(file + ": reading it as TorchScript did not finish in 5 min");
            }
            code = child.exitValue();
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(file + ": interrupted while checking it", e);
        }
        if (code == NOT_TORCHSCRIPT) {
            throw new IOException(TorchScriptModel.notTorchScript(file, lastLine(output)));
        }
        if (code > 128) {
            throw new IOException(
                    file
                            + ": the PyTorch engine aborted reading it (signal "
                            + (code - 128)
                            + ", "
                            + engineMessage(output)
                            + "): a damaged or not a TorchScript module");
        }
    }

    /** libtorch's {@code what():} line, the cause in its words, where it printed one. */
    private static String engineMessage(String output) {
        return output.lines()
                .map(String::strip)
                .filter(l -> l.startsWith("what():"))
                .map(l -> l.substring("what():".length()).strip())
                .findFirst()
                .orElse("no message");
    }

    private static String lastLine(String output) {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
