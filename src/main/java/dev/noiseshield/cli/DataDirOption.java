package dev.noiseshield.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir}, on every command that reads a data set's files. */
final class DataDirOption {
    @Option(names = "--data-dir", paramLabel = "DIR")
    Path dir;
}
