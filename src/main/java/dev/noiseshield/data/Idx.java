package dev.noiseshield.data;

import dev.noiseshield.run.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * The IDX format of LeCun's MNIST files: two zero bytes, a type byte (0x08 = unsigned byte, the
 * only type MNIST uses), the number of dimensions, each dimension as a big-endian int32, then the
 * data. Files may be gzip-compressed; the gzip magic number tells.
 */
public final class Idx {
    private static final int UBYTE = 0x08;

    private Idx() {}

    /** A parsed IDX file of unsigned bytes. */
    @SuppressWarnings("ArrayRecordComponent") // a carrier of results, never compared or hashed
    public record Tensor(int[] dims, byte[] data) {}

    public static Tensor read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** The most data bytes one IDX file may promise: what one Java array holds. */
    static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 8;

    /**
     * Reads a whole IDX stream; {@code source} names it in error messages. The header is read first
     * and the data after it only up to what the header promises, so neither a header whose sizes
     * overflow nor gzip data that expands past the promise (a decompression bomb) gets memory.
     */
    public static Tensor read(InputStream raw, String source) throws IOException {
        try (DataInputStream in = new DataInputStream(maybeGunzip(new BufferedInputStream(raw)))) {
            int[] dims = header(in, source);
            long count = 1;
            for (int d : dims) {
                count *= d; // no overflow: each factor is checked below the array limit first
                if (count > MAX_DATA_BYTES) {
                    throw new DataFormatException(
                            source,
                            "header promises more than "
                                    + MAX_DATA_BYTES
                                    + " data bytes (dimensions "
                                    + Arrays.toString(dims)
                                    + ")");
                }
            }
            byte[] data = in.readNBytes((int) count); // grows with the data that really comes
            if (data.length < count) {
                throw new DataFormatException(
                        source,
                        "truncated: header promises "
                                + count
                                + " data bytes, file has "
                                + data.length);
            }
            if (in.read() != -1) {
                throw new DataFormatException(
                        source,
                        "has trailing bytes: header promises "
                                + count
                                + " data bytes, the file holds more");
            }
            return new Tensor(dims, data);
        } catch (ZipException | EOFException e) {
            throw new DataFormatException(
                    source, "corrupt or truncated gzip data (" + e.getMessage() + ")");
        }
    }

    private static int[] header(DataInputStream in, String source) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new DataFormatException(
                    source, "too short for an IDX header (" + magic.length + " bytes)");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DataFormatException(
                    source, "not an IDX file (the first two bytes must be zero)");
        }
        int type = magic[2] & 0xFF;
        if (type != UBYTE) {
            throw new DataFormatException(
                    source,
                    String.format(
                            "IDX data type 0x%02x is not supported (only 0x08, unsigned byte)",
                            type));
        }
        int rank = magic[3] & 0xFF;
        byte[] sizes = in.readNBytes(4 * rank);
        if (rank == 0 || sizes.length < 4 * rank) {
            throw new DataFormatException(source, "truncated IDX header (rank " + rank + ")");
        }
        ByteBuffer buf = ByteBuffer.wrap(sizes);
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = buf.getInt();
            if (dims[i] < 0) {
                throw new DataFormatException(source, "negative dimension " + dims[i]);
            }
        }
        return dims;
    }

    /** Writes an unsigned-byte IDX file; gzip-compressed when the name ends in .gz. */
    public static void write(Path file, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(0);
            out.writeByte(0);
            out.writeByte(UBYTE);
            out.writeByte(dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
        // atomic: a reader of the data folder never sees half a file, and a kill leaves the old one
        AtomicFiles.write(
                file,
                target -> {
                    if (file.toString().endsWith(".gz")) {
                        GZIPOutputStream gzip = new GZIPOutputStream(target);
                        bytes.writeTo(gzip);
                        gzip.finish(); // the trailer; AtomicFiles closes the file
                    } else {
                        bytes.writeTo(target);
                    }
                });
    }

    private static InputStream maybeGunzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new GZIPInputStream(in);
        }
        return in;
    }
}
