package dev.noiseshield;

import dev.noiseshield.data.Augment;
import dev.noiseshield.data.Datasets;
import dev.noiseshield.data.Idx;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.data.MnistNpm;
import dev.noiseshield.defense.Defense;
import dev.noiseshield.defense.DefenseOptions;
import dev.noiseshield.model.Architecture;
import dev.noiseshield.model.ModelSpec;
import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.nn.ScaleGranularity;
import dev.noiseshield.train.TrainConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Small slices of the embedded digits, and specs of tiny models, for fast tests. */
public final class TestData {
    private static Datasets.Split digits;

    private TestData() {}

    public static synchronized Datasets.Split digits() {
        if (digits == null) {
            try {
                digits = Datasets.load(MnistNpm.DATASET, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return digits;
    }

    /**
     * Defense options at the paper's settings but for PNI's granularity, CNI's rank and whether CNI
     * colours activations too (the paper's does not: tests turn it on to cover the layer).
     */
    public static DefenseOptions options(
            ScaleGranularity granularity, int cniRank, boolean cniActivations) {
        DefenseOptions p = DefenseOptions.PAPER;
        return new DefenseOptions(
                granularity,
                cniRank,
                cniActivations,
                p.rseInit(),
                p.rseInner(),
                p.smoothSigma(),
                p.wcaCovariance(),
                p.tradesBeta(),
                null,
                null,
                p.activationSite());
    }

    /** One epoch of batch 8 with the defense's preset training, as a checkpoint records it. */
    public static TrainConfig oneEpochConfig(Defense defense) {
        return new TrainConfig(
                1,
                8,
                0.1f,
                0.9f,
                0f,
                List.of(),
                0.1f,
                defense.adversarialTraining(),
                0.3f,
                1,
                0f,
                0f,
                0.5f,
                1,
                defense.trainingLoss(DefenseOptions.PAPER),
                Augment.NONE,
                0,
                null);
    }

    /** A network of {@code architecture} at {@code width} on 32x32 colour images, no noise. */
    public static ModelSpec cifar(Architecture architecture, double width) {
        return new ModelSpec(
                architecture,
                3,
                32,
                10,
                width,
                List.of(0.5, 0.5, 0.5),
                List.of(0.25, 0.25, 0.25),
                NoiseSpec.NONE);
    }

    public static ModelSpec smallCnn(NoiseSpec pni) {
        return new ModelSpec(
                Architecture.SMALL_CNN, 1, 28, 10, 1, List.of(0.1307), List.of(0.3081), pni);
    }

    /**
     * Trains {@code defense} for one epoch of batch 32 with a one-step training attack on the MNIST
     * folder {@code data} into the run folder {@code out}, through the command line; returns its
     * exit code.
     */
    public static int trainOneEpoch(Path data, String defense, Path out) {
        return dev.noiseshield.cli.NoiseShieldCli.commandLine()
                .execute(oneEpochArgs(data, defense, out));
    }

    /** The arguments of {@link #trainOneEpoch}, for a command line run elsewhere (a child). */
    public static String[] oneEpochArgs(Path data, String defense, Path out) {
        return oneEpochArgs(defense, out, "--dataset", "mnist", "--data-dir", data.toString());
    }

    /** One epoch of batch 32 with a one-step training attack. */
    private static final String[] ONE_EPOCH = {
        "--epochs", "1", "--batch-size", "32", "--train-steps", "1"
    };

    /** The arguments of {@link #trainOneEpoch} on the embedded digits, then {@code more}. */
    public static String[] oneEpochArgs(String defense, Path out, String... more) {
        return concat(
                new String[] {"train", "--defense", defense},
                ONE_EPOCH,
                new String[] {"--out", out.toString()},
                more);
    }

    /**
     * {@code compare} of {@code defenses} on the MNIST folder {@code data}, each trained as {@link
     * #trainOneEpoch} trains, into {@code out}, then {@code more} (the evaluation's options).
     */
    public static String[] oneEpochCompareArgs(
            Path data, String defenses, Path out, String... more) {
        return concat(
                new String[] {
                    "compare",
                    "--defenses",
                    defenses,
                    "--dataset",
                    "mnist",
                    "--data-dir",
                    data.toString()
                },
                ONE_EPOCH,
                new String[] {"--out", out.toString()},
                more);
    }

    /** Command-line arguments, one part after the other. */
    public static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts)
                .flatMap(java.util.Arrays::stream)
                .toArray(String[]::new);
    }

    /** Writes the first nTrain / nTest digits as an MNIST IDX folder (dataset "mnist"). */
    public static Path writeMnistFolder(Path dir, int nTrain, int nTest) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        write(dir, "train", digits().train().head(nTrain));
        write(dir, "t10k", digits().test().head(nTest));
        return dir;
    }

    private static void write(Path dir, String prefix, ImageDataset d) throws IOException {
        byte[] pixels = new byte[d.size() * 784];
        byte[] labels = new byte[d.size()];
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            int[] all = java.util.stream.IntStream.range(0, d.size()).toArray();
            float[] x = d.images(all, m).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                pixels[i] = (byte) Math.round(x[i] * 255);
            }
        }
        for (int i = 0; i < d.size(); i++) {
            labels[i] = (byte) d.label(i);
        }
        Idx.write(dir.resolve(prefix + "-images-idx3-ubyte"), new int[] {d.size(), 28, 28}, pixels);
        Idx.write(dir.resolve(prefix + "-labels-idx1-ubyte"), new int[] {d.size()}, labels);
    }
}
