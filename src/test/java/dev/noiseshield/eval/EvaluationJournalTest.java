package dev.noiseshield.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.noiseshield.data.DataFormatException;
import dev.noiseshield.run.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal gives back what it was given, drops a line cut by a kill, and refuses what is not its
 * own.
 */
class EvaluationJournalTest {
    @TempDir Path dir;

    private final ObjectNode identity =
            Json.MAPPER.createObjectNode().put("checkpoint", "abc").put("eps", 0.3f);

    @Test
    void finishedBatchesComeBackAndACutLineIsDropped() throws Exception {
        Path file = dir.resolve(EvaluationJournal.FILE);
        try (EvaluationJournal journal =
                EvaluationJournal.open(file, identity, EvaluationJournal.Mode.FRESH)) {
            float tenDraws = 0f;
            for (int d = 0; d < 10; d++) {
                tenDraws += 1f / 10; // 1.0000001f, as DrawScores sums ten correct draws
            }
            journal.next("clean").record(0, batch(0.25, tenDraws, 0.5f));
            EvaluationJournal.Run fgsm = journal.next("fgsm");
            fgsm.record(0, batch(1.5, 0f, 1f / 3));
            fgsm.record(2, batch(0.5, 0.7f));
        }
        // a kill in the middle of the next line
        Files.writeString(file, "{\"run\":1,\"name\":\"fgsm\",\"sta", StandardOpenOption.APPEND);

        try (EvaluationJournal journal =
                EvaluationJournal.open(file, identity, EvaluationJournal.Mode.RESUME)) {
            assertEquals(3, journal.resumedBatches());
            EvaluationJournal.Run clean = journal.next("clean");
            assertArrayEquals(
                    new float[] {1.0000001f, 0.5f},
                    clean.finished(0, 2).fractions(),
                    "a sum of ten 1/10 draws reads back");
            EvaluationJournal.Run fgsm = journal.next("fgsm");
            assertArrayEquals(
                    new float[] {0f, 1f / 3},
                    fgsm.finished(0, 2).fractions(),
                    "floats come back exactly");
            assertEquals(1.5, fgsm.finished(0, 2).seconds());
            assertArrayEquals(new float[] {0.25f, 0.25f}, fgsm.finished(0, 2).sizes());
            assertArrayEquals(
                    new float[] {0f, 1f / 6},
                    fgsm.finished(0, 2).selection(),
                    "the selection scores come back too");
            assertNull(fgsm.finished(4, 2), "a batch never finished");
            assertNull(fgsm.finished(2, 2), "a batch of another size is computed again");
            fgsm.record(4, batch(0.1, 1f, 1f));
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(
                text.endsWith("\n") && !text.contains("\"sta\n") && !text.contains("\"sta{"), text);
        assertEquals(5, text.lines().count(), "header, three batches, the new one: " + text);
    }

    @Test
    void aJournalOfAnotherEvaluationIsRefusedOrReplaced() throws Exception {
        Path file = dir.resolve(EvaluationJournal.FILE);
        try (EvaluationJournal journal =
                EvaluationJournal.open(file, identity, EvaluationJournal.Mode.FRESH)) {
            journal.next("clean").record(0, batch(0.1, 1f));
        }
        ObjectNode other = identity.deepCopy().put("eps", 0.1f);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> EvaluationJournal.open(file, other, EvaluationJournal.Mode.RESUME));
        assertTrue(
                e.getMessage().contains(file.toString()) && e.getMessage().contains("eps differs"),
                e.getMessage());
        try (EvaluationJournal journal =
                EvaluationJournal.open(file, other, EvaluationJournal.Mode.RESUME_IF_SAME)) {
            assertEquals(
                    0, journal.resumedBatches(), "another evaluation's batches are not reused");
        }
        assertEquals(1, Files.readAllLines(file).size(), "started afresh: the header only");
    }

    @Test
    void aDamagedLineIsNamedAndNothingToResumeIsSaid() throws Exception {
        Path file = dir.resolve(EvaluationJournal.FILE);
        try (EvaluationJournal journal =
                EvaluationJournal.open(file, identity, EvaluationJournal.Mode.FRESH)) {
            journal.next("clean").record(0, batch(0.1, 1f));
        }
        Files.writeString(
                file,
                "{\"run\":0,\"name\":\"clean\",\"start\":1,\"fractions\":[7],\"seconds\":1}\n",
                StandardOpenOption.APPEND);
        DataFormatException e =
                assertThrows(
                        DataFormatException.class,
                        () ->
                                EvaluationJournal.open(
                                        file, identity, EvaluationJournal.Mode.RESUME));
        assertTrue(e.getMessage().contains(file + ": line 3"), e.getMessage());

        IllegalArgumentException missing =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                EvaluationJournal.open(
                                        dir.resolve("none"),
                                        identity,
                                        EvaluationJournal.Mode.RESUME));
        assertTrue(
                missing.getMessage().startsWith("--resume: nothing to resume"),
                missing.getMessage());
    }

    /**
     * A finished batch of these fractions, their selection scores half of them, with perturbation
     * sizes of a quarter each.
     */
    private static EvaluationJournal.Batch batch(double seconds, float... fractions) {
        float[] sizes = new float[fractions.length];
        java.util.Arrays.fill(sizes, 0.25f);
        float[] selection = new float[fractions.length];
        for (int i = 0; i < selection.length; i++) {
            selection[i] = fractions[i] / 2;
        }
        return new EvaluationJournal.Batch(fractions, selection, sizes, seconds);
    }
}
