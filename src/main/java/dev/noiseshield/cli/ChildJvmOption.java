package dev.noiseshield.cli;

import picocli.CommandLine.Option;

/**
 * {@code --child-jvm}, on the commands that run several jobs: {@code compare}, {@code reproduce}.
 */
final class ChildJvmOption {
    @Option(
            names = "--child-jvm",
            arity = "1",
            paramLabel = "true|false",
            description =
                    "Run each training and evaluation in a JVM of its own, so that no number"
                            + " depends on what an earlier job left in the process (docs/"
                            + "known-problems.md, \"The rare NaN\"); costs a few seconds a job.")
    boolean enabled = true;
}
