package dev.noiseshield.run;

import dev.noiseshield.data.Idx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A child process for {@link AtomicWritesTest}: writes version after version of two files, one
 * through {@link AtomicFiles} directly and one through {@link Idx#write}, until it is killed. Each
 * version is a few MB whose every part names the version, so a torn file shows.
 */
public final class AtomicWriterChild {
    private AtomicWriterChild() {}

    static final int PAYLOAD = 3 << 20;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        System.out.println("writing");
        System.out.flush();
        for (int version = 1; ; version++) {
            byte fill = (byte) version;
            byte[] payload = new byte[PAYLOAD];
            java.util.Arrays.fill(payload, fill);
            String head = "version " + version + "\n";
            String tail = "\nend " + version + "\n";
            AtomicFiles.write(
                    dir.resolve("plain.bin"),
                    out -> {
                        out.write(head.getBytes(StandardCharsets.UTF_8));
                        out.write(payload);
                        out.write(tail.getBytes(StandardCharsets.UTF_8));
                    });
            Idx.write(dir.resolve("images.idx"), new int[] {PAYLOAD / 64, 8, 8}, payload);
        }
    }
}
