package dev.noiseshield.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task results of an evaluation are kept for a driver started again under the same identity,
 * and removed, with a line that names the field that changed, under another one.
 */
class TaskFilesTest {
    @TempDir Path out;

    private static final String SEED_100 = "{\"model\":\"a\",\"settings\":{\"seed\":100}}";

    /**
     * Another JVM may write the same identity with its fields in another order (Jackson follows the
     * JVM's reflection order for a record's derived properties, which depends on what the process
     * loaded first): the results stay. Compared as text, they were all removed.
     */
    @Test
    void theSameIdentityInAnotherFieldOrderKeepsTheResults() throws Exception {
        List<String> heard = new ArrayList<>();
        String written = "{\"attack\":{\"kind\":\"pgd\",\"composite\":false,\"blackBox\":false}}";
        String reordered = "{\"attack\":{\"kind\":\"pgd\",\"blackBox\":false,\"composite\":false}}";
        Path result =
                TaskFiles.open(out, written, heard::add).folder().resolve("repeat-0-shard-0.json");
        Files.writeString(result, "{}");
        TaskFiles.open(out, reordered, heard::add);
        assertTrue(Files.exists(result), "kept: the same identity");
        assertEquals(List.of(), heard);
    }

    @Test
    void theSameEvaluationKeepsItsResultsAndAnotherRemovesThemSayingWhy() throws Exception {
        List<String> heard = new ArrayList<>();
        Path result =
                TaskFiles.open(out, SEED_100, heard::add).folder().resolve("repeat-0-shard-0.json");
        Files.writeString(result, "{}");

        TaskFiles.open(out, SEED_100, heard::add);
        assertTrue(Files.exists(result), "kept under the same identity");
        assertEquals(List.of(), heard);

        TaskFiles.open(out, "{\"model\":\"a\",\"settings\":{\"seed\":101}}", heard::add);
        assertFalse(Files.exists(result), "removed under another identity");
        assertEquals(1, heard.size(), heard.toString());
        assertTrue(heard.get(0).contains("removed the 1 task results in "), heard.get(0));
        assertTrue(heard.get(0).endsWith("(settings differs)"), heard.get(0));
    }
}
