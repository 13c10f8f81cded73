package dev.noiseshield.data;

import dev.noiseshield.run.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code SHA256SUMS} file in the format of {@code sha256sum}: one line per file, the hex digest,
 * two spaces, the file name. {@code sha256sum -c SHA256SUMS} checks it outside Java too.
 */
public final class Sha256Manifest {
    public static final String FILE_NAME = "SHA256SUMS";

    private Sha256Manifest() {}

    /** The hex SHA-256 of the parts, one after the other, as if they were one array. */
    public static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Writes the manifest for the named files of {@code dir}. */
    public static void write(Path dir, List<String> fileNames) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String name : fileNames) {
            text.append(sha256(Files.readAllBytes(dir.resolve(name))))
                    .append("  ")
                    .append(name)
                    .append('\n');
        }
        AtomicFiles.writeString(dir.resolve(FILE_NAME), text.toString());
    }

    /** File name to expected digest, in file order. */
    public static Map<String, String> parse(String text, String source) throws DataFormatException {
        Map<String, String> digests = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split("\\s+\\*?", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}")) {
                throw new DataFormatException(source, "malformed manifest line '" + line + "'");
            }
            digests.put(parts[1], parts[0]);
        }
        return digests;
    }

    /** Throws unless the bytes have the digest the manifest gives for that file name. */
    public static void verify(
            Map<String, String> manifest, String fileName, byte[] bytes, String source)
            throws DataFormatException {
        String expected = manifest.get(fileName);
        if (expected == null) {
            throw new DataFormatException(source, "is not listed in " + FILE_NAME);
        }
        String actual = sha256(bytes);
        if (!expected.equals(actual)) {
            throw new DataFormatException(
                    source,
                    "SHA-256 mismatch (expected "
                            + expected
                            + ", got "
                            + actual
                            + "): the file is corrupt or was replaced");
        }
    }
}
