package dev.noiseshield.train;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a training step again when it meets the transient fault of docs/known-problems.md: a
 * non-finite loss from finite weights and images, raised before any update, so that the step can
 * run again from the same weights (with new noise draws and random starts: for work whose numbers
 * do not depend on them). For work that has no checkpoint to restart from (the memory soak, bench's
 * training workload); a training run restarts from its checkpoint instead. A loss that is not
 * finite for another reason (weights that diverged), or a fault that comes back more than {@code
 * retries} times in a row, is thrown on.
 */
public final class FaultRetry {
    /**
     * Repetitions of one step before the fault is thrown on: in training, the batch of every
     * sighting passed when it ran again.
     */
    public static final int DEFAULT_RETRIES = 2;

    private FaultRetry() {}

    /** The step's result, after at most {@code retries} repetitions, each said to {@code log}. */
    public static <T> T run(Supplier<T> step, int retries, Consumer<String> log) {
        for (int attempt = 0; ; attempt++) {
            try {
                return step.get();
            } catch (NonFiniteLossException e) {
                if (!e.fromFiniteWeightsAndInputs() || attempt >= retries) {
                    throw e;
                }
                log.accept(
                        "a non-finite loss from finite weights and images (the fault of"
                                + " docs/known-problems.md); nothing was updated, running the step"
                                + " again: "
                                + e.getMessage());
            }
        }
    }
}
