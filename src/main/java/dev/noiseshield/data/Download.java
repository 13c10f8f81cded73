package dev.noiseshield.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * A resumable download checked against a published MD5. Bytes go to {@code FILE.part}; an
 * interrupted download (network error, Ctrl-C, kill) leaves it, and the next call asks the server
 * for the rest with an HTTP Range request (a server that ignores the range sends the whole file,
 * and the part is started again). Only a file whose checksum matches is moved to its final name, so
 * a file under that name is always whole.
 */
public final class Download {
    private static final int CONNECT_TIMEOUT_MS = 20_000;

    /** A server silent this long mid-download is treated as a broken connection, not waited on. */
    private static final int READ_TIMEOUT_MS = 60_000;

    private static final long REPORT_EVERY_BYTES = 16L << 20;

    private Download() {}

    /**
     * Downloads {@code url} to {@code file} unless a file with the expected MD5 is there already.
     *
     * @param md5 the published checksum, lower-case hex
     * @param log progress lines
     */
    public static void fetch(URI url, Path file, String md5, Consumer<String> log)
            throws IOException {
        if (Files.isRegularFile(file) && md5Of(file).equals(md5)) {
            log.accept(file + ": already downloaded, checksum matches");
            return;
        }
        Path part = file.resolveSibling(file.getFileName() + ".part");
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        if (have > 0) {
            log.accept("resuming " + url + " after " + have + " bytes (" + part + ")");
        } else {
            log.accept("downloading " + url);
        }
        HttpURLConnection connection = request(url, have);
        try {
            int status = connection.getResponseCode();
            if (status == 416 && have > 0) {
                log.accept(url + ": the part is whole already");
            } else if (status != 200 && status != 206) {
                throw new IOException(url + ": the server answered HTTP " + status);
            } else {
                if (have > 0 && status == 200) {
                    log.accept(url + ": the server does not resume; starting again");
                }
                copy(connection, url, part, status == 206 ? have : 0, log);
            }
        } finally {
            connection.disconnect();
        }
        String actual = md5Of(part);
        if (!actual.equals(md5)) {
            Files.delete(part); // a corrupt part would only be resumed into a corrupt file
            throw new DataFormatException(
                    url.toString(),
                    "MD5 "
                            + actual
                            + " is not the published "
                            + md5
                            + " (the download was removed; run the command again)");
        }
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log.accept(file + ": " + Files.size(file) + " bytes, MD5 " + md5 + " as published");
    }

    private static HttpURLConnection request(URI url, long from) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
        connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
        connection.setReadTimeout(READ_TIMEOUT_MS);
        connection.setInstanceFollowRedirects(true);
        if (from > 0) {
            connection.setRequestProperty("Range", "bytes=" + from + "-");
        }
        try {
            connection.connect();
            return connection;
        } catch (ConnectException | SocketTimeoutException | UnknownHostException e) {
            throw new IOException(
                    url
                            + ": cannot connect ("
                            + (e instanceof UnknownHostException
                                    ? "unknown host " + e.getMessage()
                                    : e.getMessage() != null
                                            ? e.getMessage()
                                            : e.getClass().getSimpleName())
                            + "); offline? Download the archive elsewhere and give it with"
                            + " --from-archive FILE",
                    e);
        }
    }

    private static void copy(
            HttpURLConnection connection, URI url, Path part, long offset, Consumer<String> log)
            throws IOException {
        long length = connection.getContentLengthLong();
        long total = length >= 0 ? length + offset : -1;
        long written = offset;
        long nextReport = written + REPORT_EVERY_BYTES;
        try (InputStream in = connection.getInputStream();
                OutputStream out =
                        Files.newOutputStream(
                                part,
                                StandardOpenOption.CREATE,
                                offset > 0
                                        ? StandardOpenOption.APPEND
                                        : StandardOpenOption.TRUNCATE_EXISTING,
                                StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                written += n;
                if (written >= nextReport) {
                    log.accept(
                            "  "
                                    + (written >> 20)
                                    + " MB"
                                    + (total > 0 ? " of " + (total >> 20) + " MB" : ""));
                    nextReport += REPORT_EVERY_BYTES;
                }
            }
        } catch (IOException e) {
            throw new IOException(
                    url
                            + ": the download broke off after "
                            + written
                            + " bytes ("
                            + e.getMessage()
                            + "); run the command again to resume it",
                    e);
        }
        if (total > 0 && written != total) {
            throw new IOException(
                    url
                            + ": the download broke off after "
                            + written
                            + " of "
                            + total
                            + " bytes; run the command again to resume it");
        }
    }

    /** The MD5 of a file, lower-case hex. */
    public static String md5Of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                md5.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has MD5", e);
        }
    }
}
