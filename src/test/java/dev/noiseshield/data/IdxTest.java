package dev.noiseshield.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir Path dir;

    private static byte[] ramp(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    @Test
    void roundTripsRawAndGzip() throws IOException {
        byte[] data = ramp(3 * 4 * 5);
        for (String name : new String[] {"x-idx3-ubyte", "x-idx3-ubyte.gz"}) {
            Path file = dir.resolve(name);
            Idx.write(file, new int[] {3, 4, 5}, data);
            Idx.Tensor t = Idx.read(file);
            assertArrayEquals(new int[] {3, 4, 5}, t.dims());
            assertArrayEquals(data, t.data());
        }
        // gzip really compresses: the .gz file starts with the gzip magic number
        byte[] gz = Files.readAllBytes(dir.resolve("x-idx3-ubyte.gz"));
        assertEquals((byte) 0x1f, gz[0]);
        assertEquals((byte) 0x8b, gz[1]);
    }

    @Test
    void readsImagesWithLabelsIntoDataset() throws IOException {
        Idx.write(dir.resolve("img"), new int[] {2, 2, 3}, ramp(12));
        Idx.write(dir.resolve("lbl"), new int[] {2}, new byte[] {3, 9});
        ImageDataset ds = IdxImages.read("t", dir.resolve("img"), dir.resolve("lbl"), 10);
        assertEquals(2, ds.size());
        assertEquals(9, ds.label(1));
        assertEquals(2, ds.height());
        assertEquals(3, ds.width());
    }

    @Test
    void truncatedFileNamesFileAndProblem() throws IOException {
        Path file = dir.resolve("img");
        Idx.write(file, new int[] {2, 2, 3}, ramp(12));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 5));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void trailingBytesAreAnError() throws IOException {
        Path file = dir.resolve("img");
        Idx.write(file, new int[] {4}, ramp(4));
        Files.write(file, new byte[] {1, 2}, java.nio.file.StandardOpenOption.APPEND);
        assertThrows(DataFormatException.class, () -> Idx.read(file));
    }

    @Test
    void wrongMagicAndTypeAreErrors() throws IOException {
        Path file = dir.resolve("bad");
        Files.write(file, new byte[] {1, 0, 8, 1, 0, 0, 0, 1, 5});
        assertTrue(
                assertThrows(DataFormatException.class, () -> Idx.read(file))
                        .getMessage()
                        .contains("not an IDX"));
        Files.write(file, new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 1, 5, 5, 5, 5});
        assertTrue(
                assertThrows(DataFormatException.class, () -> Idx.read(file))
                        .getMessage()
                        .contains("0x0d"));
    }

    @Test
    void corruptGzipIsAnError() throws IOException {
        Path file = dir.resolve("x.gz");
        Idx.write(file, new int[] {100}, ramp(100));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(file));
        assertTrue(e.getMessage().contains(file.toString()));
    }

    @Test
    void mismatchedCountsAndBadLabelsAreErrors() throws IOException {
        Idx.write(dir.resolve("img"), new int[] {2, 2, 2}, ramp(8));
        Idx.write(dir.resolve("lbl3"), new int[] {3}, new byte[] {1, 2, 3});
        Idx.write(dir.resolve("lblBad"), new int[] {2}, new byte[] {1, 12});
        assertTrue(
                assertThrows(
                                DataFormatException.class,
                                () ->
                                        IdxImages.read(
                                                "t", dir.resolve("img"), dir.resolve("lbl3"), 10))
                        .getMessage()
                        .contains("3 labels"));
        assertTrue(
                assertThrows(
                                DataFormatException.class,
                                () ->
                                        IdxImages.read(
                                                "t", dir.resolve("img"), dir.resolve("lblBad"), 10))
                        .getMessage()
                        .contains("label 12"));
    }

    /**
     * A decompression bomb: a header promising 10 bytes, then gzip data that expands to 64 MB. The
     * reader must stop right after the promise, not inflate the rest: it reads only a small part of
     * the compressed stream (the reader before this read it all, then complained).
     */
    @Test
    void gzipDataExpandingPastTheHeaderIsRefusedWithoutInflatingIt() throws IOException {
        java.io.ByteArrayOutputStream packed = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(packed)) {
            gz.write(new byte[] {0, 0, 8, 1, 0, 0, 0, 10});
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gz.write(zeros);
            }
        }
        byte[] bomb = packed.toByteArray();
        java.util.concurrent.atomic.AtomicLong consumed =
                new java.util.concurrent.atomic.AtomicLong();
        java.io.InputStream counting =
                new java.io.FilterInputStream(new java.io.ByteArrayInputStream(bomb)) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        consumed.addAndGet(Math.max(n, 0));
                        return n;
                    }
                };
        DataFormatException e =
                assertThrows(DataFormatException.class, () -> Idx.read(counting, "bomb.gz"));
        assertTrue(
                e.getMessage().contains("bomb.gz") && e.getMessage().contains("trailing"),
                e.getMessage());
        assertTrue(
                consumed.get() < bomb.length / 4,
                "read " + consumed.get() + " of " + bomb.length + " bytes");
    }

    @Test
    void headerWhoseSizesOverflowIsRefusedBeforeAnyAllocation() throws IOException {
        Path file = dir.resolve("huge");
        // 65536^3 bytes promised in a 16-byte file
        Files.write(file, new byte[] {0, 0, 8, 3, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0});
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(file));
        assertTrue(e.getMessage().contains("header promises more than"), e.getMessage());
    }
}
