package dev.noiseshield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ChildJvm}: a job in a real child process, its answer, its output, its end. */
class ChildJvmTest {
    @TempDir Path dir;

    /** Writes the process it runs in and the settings it runs under, and prints a line. */
    record Report(String file) implements ChildJvm.Job {
        @Override
        public void run() throws IOException {
            System.out.println("hello from the child");
            Files.writeString(
                    Path.of(file),
                    ProcessHandle.current().pid()
                            + " "
                            + MemoryGuard.limitMegabytes()
                            + " "
                            + Console.mode());
        }
    }

    record Refuses(String message) implements ChildJvm.Job {
        @Override
        public void run() {
            throw new IllegalArgumentException(message);
        }
    }

    /** An exception with a field that cannot be serialized: only its message can come back. */
    static final class HoldsAThread extends RuntimeException {
        private static final long serialVersionUID = 1L;

        @SuppressWarnings("unused") // what makes it unserializable
        private final Thread thread = Thread.currentThread();

        HoldsAThread(String message) {
            super(message);
        }
    }

    record ThrowsUnserializable(String message) implements ChildJvm.Job {
        @Override
        public void run() {
            throw new HoldsAThread(message);
        }
    }

    record Dies(int code) implements ChildJvm.Job {
        @Override
        public void run() {
            Runtime.getRuntime().halt(code);
        }
    }

    /** Writes its pid, then waits far longer than any test. */
    record Sleeps(String pidFile) implements ChildJvm.Job {
        @Override
        public void run() throws Exception {
            Files.writeString(Path.of(pidFile), Long.toString(ProcessHandle.current().pid()));
            Thread.sleep(600_000);
        }
    }

    /** A parent process for {@link #theChildEndsWhenItsParentIsKilled}: runs {@link Sleeps}. */
    public static void main(String[] args) throws Exception {
        ChildJvm.run("sleeper", new Sleeps(args[0]));
    }

    @Test
    void aJobRunsInAnotherProcessUnderThisOnesSettingsAndItsOutputComesHere() throws Exception {
        Path file = dir.resolve("report.txt");
        long limit = MemoryGuard.limitMegabytes();
        Console.Mode mode = Console.mode();
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            MemoryGuard.setLimitMegabytes(12345);
            Console.setMode(Console.Mode.QUIET);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            ChildJvm.run("report", new Report(file.toString()));
        } finally {
            System.setOut(out);
            MemoryGuard.setLimitMegabytes(limit);
            Console.setMode(mode);
        }
        assertEquals(
                List.of("12345", "QUIET"),
                List.of(Files.readString(file).split(" ", -1)).subList(1, 3));
        assertNotEquals(
                Long.toString(ProcessHandle.current().pid()),
                Files.readString(file).split(" ", -1)[0]);
        assertTrue(
                captured.toString(StandardCharsets.UTF_8).contains("hello from the child"),
                captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void whatTheJobThrowsIsThrownHereAsItWas() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ChildJvm.run("refuser", new Refuses("--eps: 'x' is not a radius")));
        assertEquals("--eps: 'x' is not a radius", e.getMessage());
    }

    @Test
    void anExceptionThatCannotTravelComesBackAsItsMessage() {
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () -> ChildJvm.run("holder", new ThrowsUnserializable("data: bad header")));
        assertEquals("data: bad header", e.getMessage());
    }

    @Test
    void aChildThatEndsWithoutAnAnswerIsNamedWithItsExitCode() {
        IOException e = assertThrows(IOException.class, () -> ChildJvm.run("dier", new Dies(7)));
        assertTrue(
                e.getMessage().startsWith("dier: ") && e.getMessage().contains("exit code 7"),
                e.getMessage());
    }

    @Test
    void theChildEndsWhenItsParentIsKilled() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Process parent =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                ChildJvmTest.class.getName(),
                                pidFile.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("parent.log").toFile())
                        .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(pidFile) && Files.size(pidFile) > 0)) {
                assertTrue(System.nanoTime() < deadline, "the child never started");
                Thread.sleep(100);
            }
            long pid = Long.parseLong(Files.readString(pidFile));
            ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
            parent.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
            child.onExit().get(30, TimeUnit.SECONDS);
            assertTrue(!child.isAlive(), "the child outlived its killed parent");
        } finally {
            parent.destroyForcibly();
        }
    }
}
