package dev.noiseshield.spark;

import dev.noiseshield.eval.ShardPlan;
import dev.noiseshield.eval.ShardResult;
import dev.noiseshield.run.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

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

    /** The folder of {@code out} for the evaluation {@code identity}, emptied if of another one. */
    static TaskFiles open(Path out, String identity) throws IOException {
        Path dir = out.resolve(FOLDER);
        Path identityFile = dir.resolve(IDENTITY);
        boolean same =
                Files.exists(identityFile)
                        && Files.readString(identityFile, StandardCharsets.UTF_8).equals(identity);
        if (!same && Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(dir);
        if (!same) {
            AtomicFiles.writeString(identityFile, identity);
        }
        return new TaskFiles(dir);
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
