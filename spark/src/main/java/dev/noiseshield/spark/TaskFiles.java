package dev.noiseshield.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.eval.ShardPlan;
import dev.noiseshield.eval.ShardResult;
import dev.noiseshield.run.AtomicFiles;
import dev.noiseshield.run.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The finished tasks of an evaluation, one file each in {@code spark-tasks/} of its report folder,
 * written by the driver as each task's result arrives: a driver started again (after a crash, or
 * killed) computes only the tasks that have no file. {@code identity.json} says what the results
 * belong to (checkpoint, data, settings); under another identity the old files are removed first.
 */
final class TaskFiles {
    static final String FOLDER = "spark-tasks";
    private static final String IDENTITY = "identity.json";

    private final Path dir;

    private TaskFiles(Path dir) {
        this.dir = dir;
    }

    /**
     * The folder of {@code out} for the evaluation {@code identity}, emptied if of another one;
     * {@code progress} hears how many results that removed and which field of the identity
     * differed.
     */
    static TaskFiles open(Path out, String identity, Consumer<String> progress) throws IOException {
        Path dir = out.resolve(FOLDER);
        Path identityFile = dir.resolve(IDENTITY);
        JsonNode found = Files.exists(identityFile) ? readTree(identityFile) : null;
        JsonNode expected = Json.MAPPER.readTree(identity);
        // compared as JSON trees, not as text: the order in which Jackson writes a record's
        // derived properties (AttackSpec's composite, blackBox...) follows the JVM's reflection
        // order, which two processes need not share. Compared as text, a driver started again in
        // another JVM than the killed one removed every result (CI, twice).
        boolean same = expected.equals(found);
        if (!same && Files.isDirectory(dir)) {
            int removed = 0;
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String name = f.getFileName().toString();
                    removed += name.endsWith(".json") && !name.equals(IDENTITY) ? 1 : 0;
                    Files.delete(f);
                }
            }
            if (found != null && removed > 0) {
                progress.accept(
                        "spark: removed the "
                                + removed
                                + " task results in "
                                + dir
                                + ": they are of another evaluation ("
                                + difference(found, expected)
                                + ")");
            }
        }
        Files.createDirectories(dir);
        if (!same) {
            AtomicFiles.writeString(identityFile, identity);
        }
        return new TaskFiles(dir);
    }

    /** The identity a folder holds; a text node where the file is not JSON (then it differs). */
    private static JsonNode readTree(Path identityFile) throws IOException {
        String text = Files.readString(identityFile, StandardCharsets.UTF_8);
        try {
            return Json.MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Json.MAPPER.getNodeFactory().textNode(text);
        }
    }

    /** The first field of the identity that differs between two, for the message. */
    private static String difference(JsonNode found, JsonNode expected) {
        if (!found.isObject()) {
            return IDENTITY + " is not a JSON object";
        }
        for (var it = expected.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!expected.get(name).equals(found.path(name))) {
                return name + " differs";
            }
        }
        return IDENTITY + " has fields this evaluation lacks";
    }

    /** The tasks of {@code plan} that have a result file. */
    Map<ShardPlan.Task, ShardResult> finished(ShardPlan plan) throws IOException {
        Map<ShardPlan.Task, ShardResult> out = new LinkedHashMap<>();
        for (ShardPlan.Task task : plan.tasks()) {
            Path file = file(task);
            if (Files.exists(file)) {
                ShardResult result =
                        ShardResult.fromJson(
                                Files.readString(file, StandardCharsets.UTF_8),
                                file + " (remove it to compute the task again)");
                out.put(task, result);
            }
        }
        return out;
    }

    void write(ShardResult result) throws IOException {
        AtomicFiles.writeString(file(result.task()), result.toJson());
    }

    Path folder() {
        return dir;
    }

    private Path file(ShardPlan.Task task) {
        return dir.resolve(task.name() + ".json");
    }
}
