package dev.noiseshield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.noiseshield.cli.NoiseShieldCli;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A second writer of a run folder is refused while a real process holds it, and not after kill -9.
 */
class RunLockTest {
    @TempDir Path dir;

    @Test
    void secondWriterIsRefusedUntilTheHolderIsKilled() throws Exception {
        Path run = dir.resolve("run");
        Process holder =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                LockHolder.class.getName(),
                                run.toString())
                        .redirectErrorStream(true)
                        .start();
        try {
            BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());

            IllegalStateException refused =
                    assertThrows(IllegalStateException.class, () -> RunLock.acquire(run));
            assertTrue(refused.getMessage().contains("pid " + holder.pid()), refused.getMessage());

            StringWriter err = new StringWriter();
            CommandLine cli = NoiseShieldCli.commandLine();
            cli.setErr(new PrintWriter(err));
            assertEquals(
                    2,
                    cli.execute(
                            "train",
                            "--defense",
                            "none",
                            "--epochs",
                            "1",
                            "--out",
                            run.toString()));
            assertTrue(
                    err.toString().contains("being written by another NoiseShield process"),
                    err.toString());
        } finally {
            holder.destroyForcibly(); // SIGKILL: the holder gets no chance to unlock
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        try (RunLock lock = RunLock.acquire(run)) {
            assertTrue(lock != null, "a killed holder leaves the folder free");
        }
    }

    @Test
    void oneProcessCannotLockAFolderTwice() throws Exception {
        try (RunLock first = RunLock.acquire(dir)) {
            assertThrows(IllegalStateException.class, () -> RunLock.acquire(dir));
        }
        try (RunLock again = RunLock.acquire(dir)) {
            assertTrue(again != null);
        }
    }
}
