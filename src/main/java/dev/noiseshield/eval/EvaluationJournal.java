package dev.noiseshield.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.noiseshield.data.DataFormatException;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The per-example results of an evaluation, appended batch by batch as they finish, so that an
 * evaluation killed part-way resumes where it stopped ({@code evaluate --resume}) and gives the
 * report an uninterrupted run gives: every batch draws its noise and random starts from its own
 * seed ({@link AttackRunner#batchSeed}), so a batch computed later is the batch computed now.
 *
 * <p>The file holds JSON lines. The first names what was evaluated (checkpoint, test data,
 * settings); a journal of another evaluation is never resumed. Each other line is one finished
 * batch of one attack run: the run's position in the evaluation, its name, the batch's first
 * example, the per-example fraction of correct scoring draws, and the seconds it took. A line cut
 * short by a kill is dropped on resume; a complete line that does not parse names the file and
 * line.
 */
public final class EvaluationJournal implements Closeable {
    /** The journal's name in the report folder. */
    public static final String FILE = "evaluation.journal";

    private static final ObjectMapper LINES = new ObjectMapper();

    /**
     * The version of the batches' lines and of what the runs are: 2 added the perturbation sizes,
     * and runs each attack as a cascade on the clean-correct images; 3 the selection scores, on
     * draws of their own. A journal of another version belongs to another evaluation.
     */
    private static final String FORMAT = "noiseshield-evaluation-journal/3";

    /** What to do with a journal already in the folder. */
    public enum Mode {
        /** Start afresh, replacing any journal. */
        FRESH,
        /** Continue the journal; there must be one, of the same evaluation. */
        RESUME,
        /** Continue the journal when it is of the same evaluation, else start afresh. */
        RESUME_IF_SAME
    }

    /**
     * A finished batch: its per-example fractions, the same on the selection draws ({@link
     * DrawScores}), the sizes of its perturbations in the attack's norm (0 for clean scoring), and
     * the seconds it took.
     */
    @SuppressWarnings("ArrayRecordComponent") // a carrier of results, never compared or hashed
    record Batch(float[] fractions, float[] selection, float[] sizes, double seconds) {}

    private final Path file;
    private final FileChannel out;
    private final Map<String, Batch> finished;
    private final int resumedBatches;
    private int runs;

    private EvaluationJournal(Path file, FileChannel out, Map<String, Batch> finished) {
        this.file = file;
        this.out = out;
        this.finished = finished;
        this.resumedBatches = finished.size();
    }

    /** A journal kept in memory only: nothing survives the process (tests, benchmarks). */
    public static EvaluationJournal inMemory() {
        return new EvaluationJournal(null, null, new HashMap<>());
    }

    /**
     * Opens the journal {@code file} of the evaluation that {@code identity} describes.
     *
     * @param identity what was evaluated: any JSON object; a journal resumes only under an equal
     *     one
     */
    public static EvaluationJournal open(Path file, ObjectNode identity, Mode mode)
            throws IOException {
        ObjectNode written = LINES.createObjectNode().put("journal", FORMAT);
        written.set("evaluation", identity);
        // compared as it reads back from the file (a float written as 0.3 reads back as a double)
        JsonNode header = LINES.readTree(LINES.writeValueAsString(written));
        Map<String, Batch> finished = new HashMap<>();
        long keep = 0;
        if (mode != Mode.FRESH && Files.exists(file)) {
            byte[] bytes = Files.readAllBytes(file);
            keep = readEntries(file, bytes, header, mode, finished);
        } else if (mode == Mode.RESUME) {
            throw new IllegalArgumentException(
                    "--resume: nothing to resume, " + file + " does not exist");
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            channel.truncate(
                    keep); // drops a line cut short by a kill, or everything when starting afresh
            channel.position(keep);
            EvaluationJournal journal = new EvaluationJournal(file, channel, finished);
            if (keep == 0) {
                journal.append(header);
            }
            return journal;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Reads the batches of {@code bytes} into {@code finished}; returns how many bytes to keep (the
     * complete lines), 0 to start afresh.
     */
    private static long readEntries(
            Path file, byte[] bytes, JsonNode header, Mode mode, Map<String, Batch> finished)
            throws DataFormatException {
        int lineStart = 0;
        int lineNumber = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            lineNumber++;
            JsonNode line =
                    parse(
                            file,
                            lineNumber,
                            new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8));
            if (lineNumber == 1 && !line.equals(header)) {
                if (mode == Mode.RESUME_IF_SAME) {
                    return 0;
                }
                throw new IllegalArgumentException(
                        "--resume: "
                                + file
                                + " belongs to another evaluation ("
                                + difference(line.path("evaluation"), header.get("evaluation"))
                                + "); run without --resume to start afresh");
            } else if (lineNumber > 1) {
                addBatch(file, lineNumber, line, finished);
            }
            lineStart = i + 1;
        }
        return lineNumber == 0 ? 0 : lineStart;
    }

    private static JsonNode parse(Path file, int lineNumber, String text)
            throws DataFormatException {
        try {
            return LINES.readTree(text);
        } catch (JsonProcessingException e) {
            throw new DataFormatException(
                    file.toString(),
                    "line "
                            + lineNumber
                            + " is not JSON ("
                            + e.getOriginalMessage()
                            + "); remove the file to start the evaluation afresh");
        }
    }

    private static void addBatch(
            Path file, int lineNumber, JsonNode line, Map<String, Batch> finished)
            throws DataFormatException {
        JsonNode values = line.path("fractions");
        JsonNode selectionValues = line.path("selection");
        JsonNode sizeValues = line.path("sizes");
        if (!line.path("run").canConvertToInt()
                || !line.path("start").canConvertToInt()
                || !line.path("name").isTextual()
                || !values.isArray()
                || !selectionValues.isArray()
                || !sizeValues.isArray()
                || sizeValues.size() != values.size()
                || selectionValues.size() != values.size()
                || !line.path("seconds").isNumber()) {
            throw new DataFormatException(
                    file.toString(),
                    "line "
                            + lineNumber
                            + " is not a finished batch (run, name, start, fractions, selection,"
                            + " sizes, seconds);"
                            + " remove the file to start the evaluation afresh");
        }
        float[] fractions = fractions(file, lineNumber, values);
        float[] selection = fractions(file, lineNumber, selectionValues);
        float[] sizes = new float[sizeValues.size()];
        for (int i = 0; i < sizes.length; i++) {
            double v = sizeValues.get(i).asDouble(Double.NaN);
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new DataFormatException(
                        file.toString(),
                        "line " + lineNumber + " has a negative perturbation size");
            }
            sizes[i] = (float) v;
        }
        finished.put(
                key(line.get("run").asInt(), line.get("name").asText(), line.get("start").asInt()),
                new Batch(fractions, selection, sizes, line.get("seconds").asDouble()));
    }

    private static float[] fractions(Path file, int lineNumber, JsonNode values)
            throws DataFormatException {
        float[] fractions = new float[values.size()];
        for (int i = 0; i < fractions.length; i++) {
            double v = values.get(i).asDouble(Double.NaN);
            // a sum of 1/draws in float may pass 1 by a rounding step (ten draws give 1.0000001)
            if (!(v >= 0 && v <= 1 + 1e-5)) {
                throw new DataFormatException(
                        file.toString(), "line " + lineNumber + " has a fraction outside [0, 1]");
            }
            fractions[i] = (float) v;
        }
        return fractions;
    }

    /** The first field of the evaluation's identity that differs, for the message. */
    private static String difference(JsonNode found, JsonNode expected) {
        for (var it = expected.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!expected.get(name).equals(found.get(name))) {
                return name + " differs";
            }
        }
        return "another journal format";
    }

    /** Batches read back from the file when it was opened. */
    public int resumedBatches() {
        return resumedBatches;
    }

    /** The file, or null for a journal in memory. */
    public Path file() {
        return file;
    }

    /** The next attack run of the evaluation, in the order the evaluation runs them. */
    Run next(String name) {
        return new Run(runs++, name);
    }

    /** Run {@code index} of the evaluation, placed by the caller (a shard's runs). */
    Run run(int index, String name) {
        return new Run(index, name);
    }

    /** The runs that {@link #next} hands out from now on start at {@code index}. */
    void continueAt(int index) {
        runs = index;
    }

    /** One attack run (or clean scoring) over a data set. */
    final class Run {
        private final int index;
        private final String name;

        private Run(int index, String name) {
            this.index = index;
            this.name = name;
        }

        /** Its position in the evaluation, from 0. */
        int index() {
            return index;
        }

        String name() {
            return name;
        }

        /**
         * The batch that starts at example {@code start}, if a previous run of the evaluation
         * finished it.
         */
        Batch finished(int start, int size) {
            Batch b = finished.get(key(index, name, start));
            return b != null && b.fractions().length == size ? b : null;
        }

        void record(int start, Batch batch) {
            if (finished.put(key(index, name, start), batch) != null || out == null) {
                return;
            }
            ObjectNode line =
                    LINES.createObjectNode()
                            .put("run", index)
                            .put("name", name)
                            .put("start", start);
            var values = line.putArray("fractions");
            for (float f : batch.fractions()) {
                values.add(f);
            }
            var selection = line.putArray("selection");
            for (float f : batch.selection()) {
                selection.add(f);
            }
            var sizes = line.putArray("sizes");
            for (float v : batch.sizes()) {
                sizes.add(v);
            }
            line.put("seconds", batch.seconds());
            append(line);
        }
    }

    private static String key(int run, String name, int start) {
        return run + "/" + name + "/" + start;
    }

    private void append(JsonNode line) {
        try {
            ByteBuffer bytes =
                    ByteBuffer.wrap(
                            (LINES.writeValueAsString(line) + "\n")
                                    .getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
