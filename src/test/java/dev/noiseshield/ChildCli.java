package dev.noiseshield;

import dev.noiseshield.cli.NoiseShieldCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line in a real child JVM, for tests that kill it: its output goes to {@code log}. */
public final class ChildCli {
    private ChildCli() {}

    public static Process start(Path log, String... args) throws IOException {
        return start(log, List.of(), args);
    }

    /**
     * The command line in a child JVM that may write no file larger than {@code kilobytes} (bash's
     * {@code ulimit -f}): a write past it fails with "File too large", as on a full disk.
     */
    public static Process startWithFileLimit(Path log, int kilobytes, String... args)
            throws IOException {
        List<String> command =
                new ArrayList<>(
                        List.of("bash", "-c", "ulimit -f " + kilobytes + "; exec \"$@\"", "bash"));
        command.addAll(javaCommand(List.of()));
        command.addAll(List.of(args));
        return started(log, command);
    }

    /** The same with {@code jars} (plugins) added to the child's class path. */
    public static Process start(Path log, List<Path> jars, String... args) throws IOException {
        List<String> command = new ArrayList<>(javaCommand(jars));
        command.addAll(List.of(args));
        return started(log, command);
    }

    private static List<String> javaCommand(List<Path> jars) {
        StringBuilder classPath = new StringBuilder(System.getProperty("java.class.path"));
        jars.forEach(j -> classPath.append(java.io.File.pathSeparator).append(j));
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-cp",
                classPath.toString(),
                NoiseShieldCli.class.getName());
    }

    private static Process started(Path log, List<String> command) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
