package dev.noiseshield;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python script of the tests with Debian's {@code /usr/bin/python3}, which has {@code
 * python3-torch} ({@code scripts/test} installs it; the first python3 on the PATH may lack torch).
 * A machine without it fails the test that needs it, with the reason: the PyTorch side is part of
 * what the suite checks, not an optional extra.
 */
public final class PythonTorch {
    public static final Path PYTHON = Path.of("/usr/bin/python3");

    private PythonTorch() {}

    /** Runs {@code script args...}; returns its output, or throws with it if it failed. */
    public static String run(Path script, String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            throw new IllegalStateException(
                    PYTHON + " is missing: install Debian's python3-torch (scripts/test does)");
        }
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("python", ".log");
        try {
            Process p =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(script + " ran past 5 minutes");
            }
            String output = Files.readString(log);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        script
                                + " failed (exit "
                                + p.exitValue()
                                + "); is python3-torch installed?\n"
                                + output);
            }
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
