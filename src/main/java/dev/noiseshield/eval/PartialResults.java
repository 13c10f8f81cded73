package dev.noiseshield.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The per-example results an evaluation has so far, kept as it goes so that an evaluation stopped
 * part-way (the memory guard) loses nothing it finished: per repeat, the clean scores and each attack's,
 * with how many examples (in test-set order) each covers. Written as {@code partial-results.json}.
 *
 * @param reason why the evaluation stopped
 * @param results one entry per finished (or, last, interrupted) attack run
 */
public record PartialResults(String reason, List<Entry> results) {
    /**
     * @param repeat repeat index, from 0
     * @param attack attack name, or "clean"
     * @param examplesDone how many examples, from the first, the fractions cover
     * @param fractions per example, the fraction of scoring draws that classify it correctly
     */
    public record Entry(int repeat, String attack, int examplesDone, float[] fractions) {}

    /** Collects entries while an evaluation runs. */
    static final class Collector {
        private final List<Entry> entries = new ArrayList<>();

        void add(int repeat, String attack, float[] fractions, int done) {
            entries.add(new Entry(repeat, attack, done, Arrays.copyOf(fractions, done)));
        }

        PartialResults stopped(String reason) {
            return new PartialResults(reason, List.copyOf(entries));
        }
    }
}
