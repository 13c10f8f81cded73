package dev.noiseshield.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.noiseshield.run.AtomicFiles;
import dev.noiseshield.run.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors file format (Hugging Face), written and read to its specification, for float32
 * tensors: an unsigned 64-bit little-endian header length N; N bytes of UTF-8 JSON mapping each
 * tensor's name to {@code {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}} and the
 * optional {@code "__metadata__"} to a map of strings; then the data, little-endian, row-major,
 * offsets relative to the first byte after the header. The header is padded with spaces to a
 * multiple of 8 bytes, as the reference writer does, so that every tensor starts aligned.
 *
 * <p>Reading checks what the specification requires: the header fits in the file, every tensor's
 * byte range matches its shape, and the ranges cover the data without holes or overlaps. A file
 * that breaks any of it is refused with a message that names it.
 */
public final class Safetensors {
    /** A header this large is not a model's; reading it would only exhaust memory. */
    private static final long MAX_HEADER_BYTES = 100L << 20;

    private static final String METADATA = "__metadata__";

    private Safetensors() {}

    /** A float32 tensor: its shape (empty for a scalar) and its values in row-major order. */
    @SuppressWarnings("ArrayRecordComponent") // a value carrier for the file format, not a key
    public record Tensor(long[] shape, float[] data) {
        public Tensor {
            if (Arrays.stream(shape).reduce(1L, Math::multiplyExact) != data.length) {
                throw new IllegalArgumentException(
                        "shape "
                                + Arrays.toString(shape)
                                + " does not hold "
                                + data.length
                                + " values");
            }
        }
    }

    /** What a file holds: its tensors in file order, and its metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    /** Writes the tensors, in the map's order, and the metadata, atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        ObjectNode header = Json.MAPPER.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                throw new IllegalArgumentException(METADATA + " is not a tensor name");
            }
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", "F32");
            ArrayNode shape = entry.putArray("shape");
            Arrays.stream(e.getValue().shape()).forEach(shape::add);
            long end = offset + 4L * e.getValue().data().length;
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json =
                Json.MAPPER
                        .writer()
                        .without(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
        AtomicFiles.write(
                file,
                out -> {
                    out.write(
                            ByteBuffer.allocate(8)
                                    .order(ByteOrder.LITTLE_ENDIAN)
                                    .putLong(padded)
                                    .array());
                    out.write(headerBytes);
                    for (Tensor t : tensors.values()) {
                        ByteBuffer data =
                                ByteBuffer.allocate(4 * t.data().length)
                                        .order(ByteOrder.LITTLE_ENDIAN);
                        data.asFloatBuffer().put(t.data());
                        out.write(data.array());
                    }
                });
    }

    /** Reads a file written to the specification; every tensor must be F32. */
    public static Contents read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < 8) {
            throw new IOException(
                    file + ": not a safetensors file (shorter than its 8-byte header length)");
        }
        long headerLength = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > all.length) {
            throw new IOException(
                    file
                            + ": not a safetensors file (header length "
                            + Long.toUnsignedString(headerLength)
                            + " does not fit a file of "
                            + all.length
                            + " bytes)");
        }
        JsonNode header;
        try {
            header =
                    Json.MAPPER.readTree(
                            new String(all, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException(file + ": safetensors header is not JSON: " + e.getMessage(), e);
        }
        if (header == null || !header.isObject()) {
            throw new IOException(file + ": safetensors header is not a JSON object");
        }
        int dataStart = 8 + (int) headerLength;
        long dataLength = all.length - (long) dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Map.Entry<String, long[]>> ranges = new ArrayList<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals(METADATA)) {
                field.getValue()
                        .fields()
                        .forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            long[] range = tensorRange(file, field.getKey(), field.getValue(), dataLength);
            long[] shape = shapeOf(file, field.getValue().get("shape"));
            ranges.add(Map.entry(field.getKey(), range));
            ByteBuffer bytes =
                    ByteBuffer.wrap(all, dataStart + (int) range[0], (int) (range[1] - range[0]))
                            .order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[(int) ((range[1] - range[0]) / 4)];
            bytes.asFloatBuffer().get(values);
            tensors.put(field.getKey(), new Tensor(shape, values));
        }
        checkCoverage(file, ranges, dataLength);
        return new Contents(tensors, metadata);
    }

    /** A tensor's [begin, end) in the data, checked against its dtype and shape. */
    private static long[] tensorRange(Path file, String name, JsonNode entry, long dataLength)
            throws IOException {
        JsonNode offsets = entry.get("data_offsets");
        JsonNode shape = entry.get("shape");
        if (!entry.isObject()
                || offsets == null
                || !offsets.isArray()
                || offsets.size() != 2
                || shape == null
                || !shape.isArray()) {
            throw new IOException(
                    file + ": tensor " + name + " lacks dtype, shape or data_offsets");
        }
        String dtype = entry.path("dtype").asText();
        if (!dtype.equals("F32")) {
            throw new IOException(
                    file + ": tensor " + name + " is " + dtype + "; NoiseShield reads F32 only");
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        long elements = 1;
        for (long d : shapeOf(file, shape)) {
            elements = Math.multiplyExact(elements, d);
        }
        if (begin < 0 || end < begin || end > dataLength || end - begin != 4 * elements) {
            throw new IOException(
                    String.format(
                            "%s: tensor %s has data_offsets [%d, %d] for shape %s (%d bytes) in %d"
                                    + " bytes of data",
                            file, name, begin, end, shape, 4 * elements, dataLength));
        }
        return new long[] {begin, end};
    }

    private static long[] shapeOf(Path file, JsonNode shape) throws IOException {
        long[] out = new long[shape.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = shape.get(i).isIntegralNumber() ? shape.get(i).asLong() : -1;
            if (out[i] < 0) {
                throw new IOException(
                        file + ": negative or non-integer dimension in shape " + shape);
            }
        }
        return out;
    }

    /** The specification's rule: the byte ranges tile the data exactly. */
    private static void checkCoverage(
            Path file, List<Map.Entry<String, long[]>> ranges, long dataLength) throws IOException {
        ranges.sort((a, b) -> Long.compare(a.getValue()[0], b.getValue()[0]));
        long expected = 0;
        for (Map.Entry<String, long[]> r : ranges) {
            if (r.getValue()[0] != expected) {
                throw new IOException(
                        file
                                + ": tensor "
                                + r.getKey()
                                + " starts at byte "
                                + r.getValue()[0]
                                + " of the data, expected "
                                + expected
                                + " (a hole or an overlap)");
            }
            expected = r.getValue()[1];
        }
        if (expected != dataLength) {
            throw new IOException(
                    file + ": " + (dataLength - expected) + " bytes after the last tensor");
        }
    }
}
