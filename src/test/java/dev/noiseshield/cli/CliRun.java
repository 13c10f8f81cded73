package dev.noiseshield.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * The command line run in this JVM with its output and error streams kept, for tests of what a user
 * reads.
 *
 * @param code the exit code
 * @param err what it printed on its error stream, stripped
 * @param out what it printed on standard output (its progress lines)
 */
record CliRun(int code, String err, String out) {
    static CliRun of(String... args) {
        CommandLine cli = NoiseShieldCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        PrintStream console = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = cli.execute(args);
        } finally {
            System.setOut(console);
        }
        return new CliRun(code, err.toString().strip(), out.toString(StandardCharsets.UTF_8));
    }
}
