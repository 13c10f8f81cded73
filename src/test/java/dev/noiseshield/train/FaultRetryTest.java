package dev.noiseshield.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class FaultRetryTest {
    private final List<String> log = new ArrayList<>();

    /** A step that throws the given failures in turn, then returns how many calls it took. */
    private static Supplier<Integer> failing(RuntimeException... failures) {
        int[] calls = {0};
        return () -> {
            if (calls[0] < failures.length) {
                throw failures[calls[0]++];
            }
            return ++calls[0];
        };
    }

    private static NonFiniteLossException fault() {
        return new NonFiniteLossException(1, 1, Float.NaN, "not finite: clean logits", true);
    }

    @Test
    void aFaultRunsTheStepAgainAndSaysSo() {
        assertEquals(3, FaultRetry.run(failing(fault(), fault()), 2, log::add));
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.get(0).contains("docs/known-problems.md"), log.get(0));
        assertTrue(log.get(0).contains("epoch 1, batch 1"), log.get(0));
    }

    @Test
    void aFaultThatComesBackMoreThanTheRetriesIsThrown() {
        NonFiniteLossException third = fault();
        assertSame(
                third,
                assertThrows(
                        NonFiniteLossException.class,
                        () -> FaultRetry.run(failing(fault(), fault(), third), 2, log::add)));
        assertEquals(2, log.size());
    }

    @Test
    void divergedWeightsAndOtherErrorsAreNotRetried() {
        NonFiniteLossException diverged =
                new NonFiniteLossException(1, 1, Float.NaN, "not finite: parameter w", false);
        assertSame(
                diverged,
                assertThrows(
                        NonFiniteLossException.class,
                        () -> FaultRetry.run(failing(diverged), 2, log::add)));
        IllegalStateException other = new IllegalStateException("x");
        assertSame(
                other,
                assertThrows(
                        IllegalStateException.class,
                        () -> FaultRetry.run(failing(other), 2, log::add)));
        assertEquals(List.of(), log);
    }
}
