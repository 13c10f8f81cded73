package dev.noiseshield.run;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Provenance written as run.json beside every result: what ran, with which settings and seed, on
 * which versions of Java, DJL and PyTorch, from which git commit, and how long it took.
 */
public record RunInfo(
        String command,
        List<String> arguments,
        Object config,
        long seed,
        Map<String, String> versions,
        String gitCommit,
        String startedAt,
        String finishedAt,
        double wallSeconds,
        long peakResidentMegabytes,
        Object result) {
    /** The run log's name in a run folder. */
    public static final String FILE = "run.json";

    /** Collects the facts of a run that started at {@code started} and has just finished. */
    public static RunInfo of(
            String command,
            List<String> arguments,
            Object config,
            long seed,
            Instant started,
            Object result) {
        Instant now = Instant.now();
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("noiseshield", "0.1.0");
        versions.put(
                "java",
                System.getProperty("java.version")
                        + " ("
                        + System.getProperty("java.vendor")
                        + ")");
        versions.put("djl", Engine.getDjlVersion());
        versions.put(
                "engine",
                Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        versions.put("device", ComputeDevice.describe());
        versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        versions.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        return new RunInfo(
                command,
                List.copyOf(arguments),
                config,
                seed,
                versions,
                currentGitCommit(),
                started.toString(),
                now.toString(),
                (now.toEpochMilli() - started.toEpochMilli()) / 1000.0,
                ResidentMemory.peakMegabytes(),
                result);
    }

    /**
     * Appends this record to {@code dir/run.json}, a JSON object {@code {"runs": [...]}} holding
     * every command that wrote into the folder (train, then evaluate, then a resumed train, ...),
     * oldest first.
     */
    public void appendTo(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.putArray("runs").addAll(readRuns(dir)).add(Json.MAPPER.valueToTree(this));
        AtomicFiles.write(file, out -> Json.MAPPER.writeValue(out, root));
    }

    /**
     * Refuses, before a job starts, a {@code dir/run.json} that the job could not append to at its
     * end: a damaged log is named, never silently replaced.
     */
    public static void checkLog(Path dir) throws IOException {
        readRuns(dir);
    }

    /** The runs recorded in {@code dir/run.json}; none when there is no such file. */
    static ArrayNode readRuns(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        return Files.isRegularFile(file)
                ? parseRuns(Files.readAllBytes(file), file.toString())
                : Json.MAPPER.createArrayNode();
    }

    /**
     * The {@code runs} array of a run log's bytes; an IOException naming {@code source} if it has
     * none.
     */
    public static ArrayNode parseRuns(byte[] bytes, String source) throws IOException {
        JsonNode log;
        try {
            log = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IOException(
                    source
                            + ": is not valid JSON ("
                            + e.getOriginalMessage()
                            + "); move it away to start a new run log");
        }
        if (log == null || !log.path("runs").isArray()) {
            throw new IOException(
                    source
                            + ": is not a run log (a JSON object with a \"runs\" array); move it "
                            + "away to start a new one");
        }
        return (ArrayNode) log.get("runs");
    }

    /**
     * The commit of the checkout NoiseShield runs from (launcher sets noiseshield.home), "+dirty"
     * if changed.
     */
    static String currentGitCommit() {
        String home = System.getProperty("noiseshield.home", ".");
        String commit = git(home, "rev-parse", "HEAD");
        if (commit == null) {
            return "unknown";
        }
        String status = git(home, "status", "--porcelain", "--untracked-files=no");
        return status == null || status.isEmpty() ? commit : commit + "+dirty";
    }

    private static String git(String dir, String... args) {
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out =
                    new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
