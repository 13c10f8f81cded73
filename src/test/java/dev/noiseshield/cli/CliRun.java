package dev.noiseshield.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * The command line run in this JVM with its error stream kept, for tests of what a user reads.
 *
 * @param code the exit code
 * @param err what it printed on its error stream, stripped
 */
record CliRun(int code, String err) {
    static CliRun of(String... args) {
        CommandLine cli = NoiseShieldCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new CliRun(code, err.toString().strip());
    }
}
