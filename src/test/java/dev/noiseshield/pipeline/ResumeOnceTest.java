package dev.noiseshield.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.noiseshield.train.NonFiniteLossException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResumeOnceTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(printed, true, StandardCharsets.UTF_8);
    private final List<Boolean> calls = new ArrayList<>();

    private static NonFiniteLossException nan() {
        return new NonFiniteLossException(3, 7, Float.NaN, "not finite: clean logits");
    }

    @Test
    void aNonFiniteLossIsResumedOnceAndSaidSo() throws IOException {
        ResumeOnce.Result<String> result =
                ResumeOnce.run(
                        resuming -> {
                            calls.add(resuming);
                            if (!resuming) {
                                throw nan();
                            }
                            return "trained";
                        },
                        log);
        assertEquals(List.of(false, true), calls);
        assertEquals("trained", result.value());
        assertTrue(result.retriedAfter().contains("epoch 3, batch 7"), result.retriedAfter());
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("warning") && text.contains("resuming once"), text);
    }

    @Test
    void aSecondNonFiniteLossStopsTheRun() {
        assertThrows(
                NonFiniteLossException.class,
                () ->
                        ResumeOnce.run(
                                resuming -> {
                                    calls.add(resuming);
                                    throw nan();
                                },
                                log));
        assertEquals(List.of(false, true), calls, "one resume, not more");
    }

    @Test
    void otherFailuresAreNotRetried() {
        assertThrows(
                IOException.class,
                () ->
                        ResumeOnce.run(
                                resuming -> {
                                    calls.add(resuming);
                                    throw new IOException("disk full");
                                },
                                log));
        assertEquals(List.of(false), calls);
    }

    @Test
    void aCleanRunIsNotMarked() throws IOException {
        ResumeOnce.Result<Integer> result = ResumeOnce.run(resuming -> 42, log);
        assertEquals(42, result.value());
        assertNull(result.retriedAfter());
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
    }
}
