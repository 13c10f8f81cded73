package dev.noiseshield.cli;

import dev.noiseshield.run.ChildJvm;
import java.util.List;

/**
 * A command line of this tool run in a child JVM ({@link ChildJvm}): {@code reproduce}'s training
 * and evaluation, each in a process of its own. The child prints what the command prints, its
 * refusals included; a failure comes back as its exit code.
 */
record CommandInChild(List<String> args) implements ChildJvm.Job {
    /** The exit code of a command that failed in the child. */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int code;

        Failed(int code) {
            super("exit code " + code);
            this.code = code;
        }
    }

    @Override
    public void run() {
        int code = NoiseShieldCli.commandLine().execute(args.toArray(String[]::new));
        if (code != 0) {
            throw new Failed(code);
        }
    }

    /** Runs {@code args} in a child JVM; its exit code. */
    static int execute(List<String> args) {
        try {
            ChildJvm.run(String.join(" ", args), new CommandInChild(List.copyOf(args)));
            return 0;
        } catch (Failed e) {
            return e.code;
        } catch (Exception e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
