package dev.noiseshield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.noiseshield.data.Idx;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file the tool writes is written atomically (temporary file, forced to disk, renamed), so a
 * kill -9 at any moment leaves the previous complete file or the new one, never a torn one.
 */
class AtomicWritesTest {
    @TempDir Path dir;

    /**
     * A real child process writing version after version of a 3 MB file and an IDX file, killed
     * with SIGKILL at seeded random moments: after each kill both files are whole versions.
     */
    @Test
    void aWriterKilledAtRandomMomentsLeavesWholeFiles() throws Exception {
        Random random = new Random(13);
        int versionsSeen = 0;
        for (int kill = 0; kill < 5; kill++) {
            Path log = dir.resolve("child-" + kill + ".log");
            Process child =
                    new ProcessBuilder(
                                    Path.of(System.getProperty("java.home"), "bin", "java")
                                            .toString(),
                                    "-cp",
                                    System.getProperty("java.class.path"),
                                    AtomicWriterChild.class.getName(),
                                    dir.toString())
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(dir.resolve("images.idx")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(100 + random.nextInt(900));
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child died");
            versionsSeen = Math.max(versionsSeen, wholeVersion(dir.resolve("plain.bin")));
            byte[] idx = Files.readAllBytes(dir.resolve("images.idx"));
            Idx.Tensor t = Idx.read(new ByteArrayInputStream(idx), "images.idx");
            assertEquals(AtomicWriterChild.PAYLOAD, t.data().length, "a whole IDX file");
        }
        assertTrue(versionsSeen > 1, "the child wrote more than one version: " + versionsSeen);
    }

    /** The version a file holds, checking that every part of it names the same one. */
    private static int wholeVersion(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, 0, 32, StandardCharsets.UTF_8);
        int version = Integer.parseInt(text.substring(8, text.indexOf('\n')));
        String head = "version " + version + "\n";
        String tail = "\nend " + version + "\n";
        assertEquals(head.length() + AtomicWriterChild.PAYLOAD + tail.length(), bytes.length);
        for (int i = head.length(); i < head.length() + AtomicWriterChild.PAYLOAD; i++) {
            if (bytes[i] != (byte) version) {
                throw new AssertionError(file + " is torn at byte " + i + " of version " + version);
            }
        }
        assertEquals(
                tail,
                new String(
                        bytes,
                        bytes.length - tail.length(),
                        tail.length(),
                        StandardCharsets.UTF_8));
        return version;
    }

    /**
     * No main source writes a file but through {@link AtomicFiles}, with two exceptions that are
     * safe by design: the evaluation journal appends lines and drops a torn last one, and a
     * download appends to its ".part" file, which is checked against its MD5 before it takes its
     * name.
     */
    @Test
    void everyFileIsWrittenThroughAtomicFiles() throws Exception {
        Pattern direct =
                Pattern.compile(
                        "(?<!Atomic)Files\\.(write|writeString|newOutputStream|newBufferedWriter|copy)\\(|new"
                            + " FileOutputStream|new RandomAccessFile"
                            + "|FileChannel\\.open\\([^)]*WRITE");
        List<String> allowed =
                List.of(
                        "run/AtomicFiles.java",
                        "eval/EvaluationJournal.java",
                        "data/Download.java",
                        "run/RunLock.java");
        List<String> found = new ArrayList<>();
        for (Path root : List.of(Path.of("src/main/java"), Path.of("spark/src/main/java"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String path = f.toString().replace(java.io.File.separatorChar, '/');
                    if (allowed.stream().anyMatch(path::endsWith)) {
                        continue;
                    }
                    String source = Files.readString(f).replaceAll("\\s+", " ");
                    if (direct.matcher(source).find()) {
                        found.add(path);
                    }
                }
            }
        }
        assertEquals(List.of(), found, "files written without AtomicFiles");
    }
}
