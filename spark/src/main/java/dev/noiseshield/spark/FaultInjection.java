package dev.noiseshield.spark;

/**
 * A failure the tests inject into the first attempt of one task, after it has computed its result,
 * so that they see Spark run it again and the report stay the same. Executors of {@code local[N]}
 * are the test's own process, where the test sets it.
 */
final class FaultInjection {
    /** The name of the task whose first attempt fails; null: none. */
    static volatile String failFirstAttemptOf;

    private static final java.util.concurrent.atomic.AtomicInteger FAILURES =
            new java.util.concurrent.atomic.AtomicInteger();

    private FaultInjection() {}

    static void maybeFail(String task, int attempt) {
        if (attempt == 0 && task.equals(failFirstAttemptOf)) {
            FAILURES.incrementAndGet();
            throw new IllegalStateException("injected failure of the first attempt of " + task);
        }
    }

    /** Failures injected so far in this process. */
    static int failures() {
        return FAILURES.get();
    }
}
