package dev.noiseshield.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one job in a fresh JVM on this process's class path, so that its numbers cannot depend on
 * what an earlier job left in the process: the engine's thread pools and caches, arrays freed or
 * not, the collector's state. {@code compare}, {@code demo} and {@code reproduce} run each training
 * and evaluation this way (docs/known-problems.md, "The rare NaN": three non-finite values were
 * seen, each late in a process that had trained before, and their cause is not found).
 *
 * <p>The job travels by Java serialization in a temporary file, with the process-wide settings it
 * runs under (device, memory ceiling, console mode); the child's output is copied to this process's
 * {@code System.out} and {@code System.err} as it comes; what the job throws comes back and is
 * thrown here, so that a refusal reads and exits as it would have in this process. The child ends
 * itself when this process ends, so that a killed command leaves no job running in its folders.
 * Costs one JVM start and engine load per job (about 2 s; README, "Child processes").
 */
public final class ChildJvm {
    /** A job for a child: serializable, with everything it needs inside it. */
    @FunctionalInterface
    public interface Job extends Serializable {
        void run() throws Exception;
    }

    /** The process-wide settings a job runs under, set again in the child before it runs. */
    private record Settings(String device, long memoryLimitMegabytes, Console.Mode console)
            implements Serializable {
        static Settings ofThisProcess() {
            return new Settings(
                    ComputeDevice.requested(), MemoryGuard.limitMegabytes(), Console.mode());
        }

        void apply() {
            ComputeDevice.select(device);
            MemoryGuard.setLimitMegabytes(memoryLimitMegabytes);
            Console.setMode(console);
        }
    }

    private record Envelope(Settings settings, Job job) implements Serializable {}

    private ChildJvm() {}

    /**
     * Runs {@code job} in a child JVM and waits for it; throws what the job threw, or an {@link
     * IOException} naming {@code what} when the child ended without an answer (killed, aborted).
     */
    public static void run(String what, Job job) throws Exception {
        Path exchange = Files.createTempFile("noiseshield-job-", ".ser");
        try {
            write(exchange, new Envelope(Settings.ofThisProcess(), job));
            int code = start(exchange);
            Object answer = Files.size(exchange) > 0 ? read(exchange) : null;
            if (answer instanceof Throwable thrown) {
                throwAgain(thrown);
            }
            if (code != 0 || !(answer instanceof Boolean)) {
                throw new IOException(
                        what
                                + ": its child process ended with exit code "
                                + code
                                + (code > 128 ? " (signal " + (code - 128) + ")" : "")
                                + " and no answer; its output is above");
            }
        } finally {
            Files.deleteIfExists(exchange);
        }
    }

    /** The child: reads the job, runs it, writes {@code true} or what it threw in its place. */
    public static void main(String[] args) throws Exception {
        exitWithParent(Long.parseLong(args[1]));
        Path exchange = Path.of(args[0]);
        Envelope envelope = (Envelope) read(exchange);
        Object answer;
        try {
            envelope.settings().apply();
            envelope.job().run();
            answer = true;
        } catch (Exception | Error e) {
            answer = e;
        }
        System.out.flush();
        System.err.flush();
        try {
            write(exchange, answer);
        } catch (IOException e) {
            if (!(answer instanceof Throwable thrown)) {
                throw e;
            }
            // a field of the exception's cannot travel; its message can
            String message = thrown.getMessage() != null ? thrown.getMessage() : thrown.toString();
            write(exchange, new IllegalStateException(message));
        }
        System.exit(0);
    }

    private static int start(Path exchange) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions());
        command.addAll(
                List.of(
                        "-cp",
                        System.getProperty("java.class.path"),
                        ChildJvm.class.getName(),
                        exchange.toString(),
                        Long.toString(ProcessHandle.current().pid())));
        Process child = new ProcessBuilder(command).start();
        Thread out = copy(child.getInputStream(), System.out);
        Thread err = copy(child.getErrorStream(), System.err);
        try {
            int code = child.waitFor();
            out.join();
            err.join();
            return code;
        } finally {
            child.destroyForcibly(); // only does something when this thread was interrupted
        }
    }

    /**
     * This JVM's heap, collector and {@code -D} settings, for the child; not agents or debuggers,
     * which would clash (a debugger's port) or measure the wrong process.
     */
    private static List<String> jvmOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X") || a.startsWith("-D"))
                .filter(a -> !a.startsWith("-Xrunjdwp") && !a.startsWith("-Xdebug"))
                .toList();
    }

    /** Copies a child's stream to ours as it comes (a progress bar's carriage returns kept). */
    private static Thread copy(InputStream from, PrintStream to) {
        Thread copier =
                new Thread(
                        () -> {
                            byte[] buffer = new byte[8192];
                            try {
                                for (int n; (n = from.read(buffer)) >= 0; ) {
                                    to.write(buffer, 0, n);
                                    to.flush();
                                }
                            } catch (IOException e) {
                                // the child is gone; its exit code says how
                            }
                        },
                        "child-output");
        copier.setDaemon(true);
        copier.start();
        return copier;
    }

    /** Ends the child when the parent ends, killed or not, so that no orphan writes on. */
    private static void exitWithParent(long parentPid) {
        Thread watcher =
                new Thread(
                        () -> {
                            ProcessHandle.of(parentPid).ifPresent(p -> p.onExit().join());
                            Runtime.getRuntime().halt(143);
                        },
                        "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void throwAgain(Throwable thrown) throws Exception {
        if (thrown instanceof Exception e) {
            throw e;
        }
        throw (Error) thrown;
    }

    private static void write(Path file, Object value) throws IOException {
        AtomicFiles.write(
                file,
                bytes -> {
                    ObjectOutputStream out = new ObjectOutputStream(bytes);
                    out.writeObject(value);
                    out.flush();
                });
    }

    private static Object read(Path file) throws IOException {
        try (InputStream bytes = Files.newInputStream(file);
                ObjectInputStream in = new ObjectInputStream(bytes)) {
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new UncheckedIOException(new IOException(file + ": " + e.getMessage(), e));
        }
    }
}
