package dev.noiseshield.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * The IDX format of LeCun's MNIST files: two zero bytes, a type byte (0x08 = unsigned byte, the only
 * type MNIST uses), the number of dimensions, each dimension as a big-endian int32, then the data.
 * Files may be gzip-compressed; the gzip magic number tells.
 */
public final class Idx {
    private static final int UBYTE = 0x08;

    private Idx() {}

    /** A parsed IDX file of unsigned bytes. */
    public record Tensor(int[] dims, byte[] data) {}

    public static Tensor read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Reads a whole IDX stream; {@code source} names it in error messages. */
    public static Tensor read(InputStream raw, String source) throws IOException {
        byte[] bytes;
        try (InputStream in = maybeGunzip(new BufferedInputStream(raw), source)) {
            bytes = in.readAllBytes();
        } catch (ZipException | java.io.EOFException e) {
            throw new DataFormatException(source, "corrupt or truncated gzip data (" + e.getMessage() + ")");
        }
        if (bytes.length < 4) {
            throw new DataFormatException(source, "too short for an IDX header (" + bytes.length + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        if (buf.get() != 0 || buf.get() != 0) {
            throw new DataFormatException(source, "not an IDX file (the first two bytes must be zero)");
        }
        int type = buf.get() & 0xFF;
        if (type != UBYTE) {
            throw new DataFormatException(source, String.format("IDX data type 0x%02x is not supported (only 0x08, unsigned byte)", type));
        }
        int rank = buf.get() & 0xFF;
        if (rank == 0 || bytes.length < 4 + 4L * rank) {
            throw new DataFormatException(source, "truncated IDX header (rank " + rank + ")");
        }
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = buf.getInt();
            if (dims[i] < 0) {
                throw new DataFormatException(source, "negative dimension " + dims[i]);
            }
            count *= dims[i];
        }
        long payload = bytes.length - 4L - 4L * rank;
        if (payload != count) {
            throw new DataFormatException(source, (payload < count ? "truncated" : "has trailing bytes")
                    + ": header promises " + count + " data bytes, file has " + payload);
        }
        byte[] data = new byte[(int) count];
        buf.get(data);
        return new Tensor(dims, data);
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
        try (OutputStream out = file.toString().endsWith(".gz")
                ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            bytes.writeTo(out);
        }
    }

    private static InputStream maybeGunzip(BufferedInputStream in, String source) throws IOException {
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
