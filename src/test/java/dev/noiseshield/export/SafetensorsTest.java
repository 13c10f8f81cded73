package dev.noiseshield.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors format, written and read to its specification. */
class SafetensorsTest {
    @Test
    void writesTheSpecifiedLayoutAndReadsItBack(@TempDir Path dir) throws IOException {
        Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
        tensors.put(
                "a.weight",
                new Safetensors.Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6}));
        tensors.put("scalar", new Safetensors.Tensor(new long[] {}, new float[] {0.5f}));
        tensors.put("empty", new Safetensors.Tensor(new long[] {0, 4}, new float[] {}));
        Path file = dir.resolve("t.safetensors");
        Safetensors.write(file, tensors, Map.of("format", "x"));

        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header padded to 8 bytes");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(
                header.contains(
                        "\"a.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}"),
                header);
        assertTrue(header.contains("\"__metadata__\":{\"format\":\"x\"}"), header);
        assertEquals(8 + n + 28, bytes.length);
        // little-endian float32 data right after the header: 1.0f is 00 00 80 3f
        assertArrayEquals(
                new byte[] {0, 0, (byte) 0x80, 0x3f},
                java.util.Arrays.copyOfRange(bytes, 8 + (int) n, 12 + (int) n));

        Safetensors.Contents read = Safetensors.read(file);
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.tensors().keySet()));
        tensors.forEach(
                (name, t) -> {
                    assertArrayEquals(t.shape(), read.tensors().get(name).shape(), name);
                    assertArrayEquals(t.data(), read.tensors().get(name).data(), name);
                });
        assertEquals(Map.of("format", "x"), read.metadata());
    }

    @Test
    void refusesFilesThatBreakTheSpecificationByName(@TempDir Path dir) throws IOException {
        refused(dir, new byte[] {1, 2, 3}, "shorter than its 8-byte header length");
        refused(dir, file(1000, "{}", 0), "does not fit");
        refused(dir, file(-1, "{}", 0), "does not fit");
        refused(dir, file(0, "not json", 0), "not JSON");
        refused(
                dir,
                file(0, "{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4),
                "F16");
        refused(
                dir,
                file(0, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4),
                "data_offsets [0, 4] for shape [2]");
        refused(
                dir,
                file(0, "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8),
                "bytes after the last tensor");
        refused(
                dir,
                file(0, "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8),
                "a hole or an overlap");
        refused(
                dir,
                file(
                        0,
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
                        8),
                "a hole or an overlap");
        refused(
                dir,
                file(0, "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4),
                "non-integer dimension");
        refused(
                dir,
                file(0, "{\"a\":{\"dtype\":\"F32\"}}", 0),
                "lacks dtype, shape or data_offsets");
    }

    /** A file with the given header (length override if not 0) and data bytes. */
    private static byte[] file(long headerLength, String header, int dataBytes) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b =
                ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLength != 0 ? headerLength : json.length).put(json);
        return b.array();
    }

    private static void refused(Path dir, byte[] content, String expected) throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, content);
        IOException e = assertThrows(IOException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
