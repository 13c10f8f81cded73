package dev.noiseshield.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarBinaryTest {
    @TempDir Path dir;

    /** Writes records whose pixel j of record i is (i + j) mod 256 and whose labels are given. */
    private Path write(String name, int labelBytes, int[][] labels) throws IOException {
        int record = labelBytes + 3072;
        byte[] bytes = new byte[labels.length * record];
        for (int i = 0; i < labels.length; i++) {
            for (int l = 0; l < labelBytes; l++) {
                bytes[i * record + l] = (byte) labels[i][l];
            }
            for (int j = 0; j < 3072; j++) {
                bytes[i * record + labelBytes + j] = (byte) (i + j);
            }
        }
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    @Test
    void readsCifar10RecordsInNchwOrder() throws IOException {
        Path a = write("data_batch_1.bin", 1, new int[][] {{3}, {9}});
        Path b = write("data_batch_2.bin", 1, new int[][] {{0}});
        ImageDataset ds = CifarBinary.read("c10", List.of(a, b), CifarBinary.Variant.CIFAR10);
        assertEquals(3, ds.size());
        assertEquals(9, ds.label(1));
        assertEquals(0, ds.label(2));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = ds.images(new int[] {1}, m);
            assertEquals(new ai.djl.ndarray.types.Shape(1, 3, 32, 32), x.getShape());
            // record 1, green channel (offset 1024), row 0 column 5: byte (1 + 1024 + 5) mod 256
            float expected = ((1 + 1024 + 5) & 0xFF) / 255f;
            assertEquals(expected, x.get(0, 1, 0, 5).getFloat(), 1e-7);
        }
    }

    @Test
    void readsCifar100FineAndCoarseLabels() throws IOException {
        Path f = write("train.bin", 2, new int[][] {{4, 77}, {19, 99}});
        assertEquals(
                99, CifarBinary.read("f", List.of(f), CifarBinary.Variant.CIFAR100_FINE).label(1));
        assertEquals(
                4, CifarBinary.read("c", List.of(f), CifarBinary.Variant.CIFAR100_COARSE).label(0));
    }

    @Test
    void truncatedFileIsAnErrorNamingIt() throws IOException {
        Path f = write("test_batch.bin", 1, new int[][] {{1}, {2}});
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(bytes, bytes.length - 100));
        DataFormatException e =
                assertThrows(
                        DataFormatException.class,
                        () -> CifarBinary.read("c10", List.of(f), CifarBinary.Variant.CIFAR10));
        assertTrue(
                e.getMessage().contains(f.toString()) && e.getMessage().contains("truncated"),
                e.getMessage());
    }

    @Test
    void labelOutOfRangeAndMissingFileAreErrors() throws IOException {
        Path f = write("bad.bin", 1, new int[][] {{1}, {10}});
        assertTrue(
                assertThrows(
                                DataFormatException.class,
                                () ->
                                        CifarBinary.read(
                                                "c10", List.of(f), CifarBinary.Variant.CIFAR10))
                        .getMessage()
                        .contains("label 10"));
        assertThrows(
                DataFormatException.class,
                () ->
                        CifarBinary.read(
                                "c10",
                                List.of(dir.resolve("nope.bin")),
                                CifarBinary.Variant.CIFAR10));
    }
}
