package dev.noiseshield.cli;

import picocli.CommandLine.Option;

/**
 * {@code --child-jvm}, on the commands that run several jobs: {@code compare}, {@code reproduce}.
 */
final class ChildJvmOption {
    @Option(names = "--child-jvm", arity = "1", paramLabel = "true|false")
    boolean enabled = true;
}
