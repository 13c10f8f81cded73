package dev.noiseshield.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.noiseshield.cli.NoiseShieldCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code data fetch cifar10} against a real HTTP server on 127.0.0.1 serving a small archive laid
 * out as the official one: download, checksum, unpack; a download broken off half way resumed with
 * a Range request; a wrong checksum; no server at all.
 */
class CifarFetchTest {
    @TempDir Path tmp;
    private HttpServer server;
    private byte[] archive;
    private String md5;

    /** Bytes the server sends of the whole archive before it breaks the connection, once. */
    private final AtomicInteger breakAfter = new AtomicInteger(-1);

    private final List<String> ranges = new CopyOnWriteArrayList<>();

    @BeforeEach
    void serve() throws Exception {
        Path files = tmp.resolve("made");
        SyntheticCifar.write("cifar10", files, 30, 10, 1);
        archive = tarGz(files, "cifar-10-batches-bin/");
        md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(archive));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/cifar-10-binary.tar.gz", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        ranges.add(String.valueOf(range));
        int from = range == null ? 0 : Integer.parseInt(range.replaceAll("\\D", ""));
        int length = archive.length - from;
        if (from > 0) {
            exchange.getResponseHeaders()
                    .add(
                            "Content-Range",
                            "bytes " + from + "-" + (archive.length - 1) + "/" + archive.length);
        }
        exchange.sendResponseHeaders(from > 0 ? 206 : 200, length);
        int cut = breakAfter.getAndSet(-1);
        // A body shorter than announced makes close() throw; the exception, passed on, makes the
        // server drop the connection: the client sees a download broken off, as on a real network.
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(archive, from, cut >= 0 ? cut : length);
            out.flush();
        }
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/cifar-10-binary.tar.gz";
    }

    private record Run(int code, String err) {}

    private Run fetch(String url, String checksum, Path out) {
        var cli = NoiseShieldCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int code =
                cli.execute(
                        "data",
                        "fetch",
                        "cifar10",
                        "--url",
                        url,
                        "--md5",
                        checksum,
                        "--out",
                        out.toString());
        return new Run(code, err.toString().strip());
    }

    @Test
    void fetchesChecksUnpacksAndASecondRunDownloadsNothing() throws Exception {
        Path out = tmp.resolve("cifar10");
        Run run = fetch(url(), md5, out);
        assertEquals(0, run.code(), run.err());
        Datasets.Split split = Datasets.load("cifar10", out);
        assertEquals(30, split.train().size());
        assertEquals(10, split.test().size());
        assertEquals(1, ranges.size());
        assertEquals(0, fetch(url(), md5, out).code());
        assertEquals(1, ranges.size()); // the archive on disk matched: no second request
    }

    @Test
    void aDownloadBrokenOffIsResumedWithARangeRequest() throws Exception {
        Path out = tmp.resolve("cifar10");
        int half = archive.length / 2;
        breakAfter.set(half);
        Run broken = fetch(url(), md5, out);
        assertEquals(2, broken.code());
        assertTrue(broken.err().contains("run the command again to resume"), broken.err());
        Path part = out.resolve("cifar-10-binary.tar.gz.part");
        assertEquals(half, Files.size(part));
        Run resumed = fetch(url(), md5, out);
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(List.of("null", "bytes=" + half + "-"), ranges);
        assertFalse(Files.exists(part));
        assertEquals(md5, Download.md5Of(out.resolve("cifar-10-binary.tar.gz")));
        assertEquals(30, Datasets.load("cifar10", out).train().size());
    }

    @Test
    void aWrongChecksumKeepsNothingAndSaysWhy() throws Exception {
        Path out = tmp.resolve("cifar10");
        String wrong = "0".repeat(32);
        Run run = fetch(url(), wrong, out);
        assertEquals(2, run.code());
        assertTrue(run.err().contains("is not the published " + wrong), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertFalse(Files.exists(out.resolve("cifar-10-binary.tar.gz")));
        assertFalse(Files.exists(out.resolve("cifar-10-binary.tar.gz.part")));
        assertFalse(Files.exists(out.resolve("test_batch.bin")));
    }

    @Test
    void noServerIsOneLineThatSaysWhatToDo() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Run run =
                fetch(
                        "http://127.0.0.1:" + closed + "/cifar-10-binary.tar.gz",
                        md5,
                        tmp.resolve("x"));
        assertEquals(2, run.code());
        assertTrue(run.err().contains("cannot connect"), run.err());
        assertTrue(run.err().contains("--from-archive"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    /** The files of a folder as a .tar.gz, under {@code prefix}, with a stray file beside them. */
    private static byte[] tarGz(Path dir, String prefix) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar =
                new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            List<Path> files;
            try (var list = Files.list(dir)) {
                files = list.sorted().toList();
            }
            for (Path f : files) {
                put(tar, prefix + f.getFileName(), Files.readAllBytes(f));
            }
            put(
                    tar,
                    prefix + "batches.meta.txt",
                    "airplane\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            put(tar, prefix + "readme.html", new byte[] {'<'});
        }
        return bytes.toByteArray();
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content)
            throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
