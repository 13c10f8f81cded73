package dev.noiseshield.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.noiseshield.eval.Convergence;
import dev.noiseshield.run.AtomicFiles;
import dev.noiseshield.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What {@code --converge} grew, kept in {@code OUT/convergence.json} beside the evaluation's
 * journal, so that an evaluation that continues ({@code --resume}, or {@code compare} and {@code
 * demo} run again) does not grow its attacks again: the growth runs before the evaluation and is
 * not in the journal. Reused only under the same identity: model, test images, the settings as
 * given, and the convergence settings.
 */
final class ConvergedBudgets {
    static final String FILE = "convergence.json";

    private ConvergedBudgets() {}

    /** The file's content. */
    record Saved(JsonNode evaluation, Convergence.Outcome outcome) {}

    /**
     * The kept outcome of {@code identity} when {@code reuse} and the file holds it; otherwise
     * {@code grow}'s, written to the file.
     */
    static Convergence.Outcome reuseOrGrow(
            Path out,
            ObjectNode identity,
            boolean reuse,
            Supplier<Convergence.Outcome> grow,
            Consumer<String> progress)
            throws IOException {
        Path file = out.resolve(FILE);
        // compared as it reads back from the file (a float written as 0.3 reads back as a double)
        JsonNode key = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(identity));
        if (reuse && Files.isRegularFile(file)) {
            Saved saved = read(file, progress);
            if (saved != null && key.equals(saved.evaluation())) {
                progress.accept("converge: the budgets grown before, from " + file);
                return saved.outcome();
            }
        }
        Convergence.Outcome grown = grow.get();
        AtomicFiles.writeString(file, Json.MAPPER.writeValueAsString(new Saved(key, grown)));
        return grown;
    }

    /** The file, or null when it cannot be read: the attacks then grow again, and say why. */
    private static Saved read(Path file, Consumer<String> progress) {
        try {
            return Json.MAPPER.readValue(file.toFile(), Saved.class);
        } catch (IOException e) {
            progress.accept(
                    "converge: "
                            + file
                            + " cannot be read ("
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                            + "); growing the attacks again");
            return null;
        }
    }
}
