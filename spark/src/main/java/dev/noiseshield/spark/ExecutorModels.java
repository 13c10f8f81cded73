package dev.noiseshield.spark;

import dev.noiseshield.pipeline.EvalTask;
import dev.noiseshield.pipeline.TaskWorker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What an executor keeps between tasks: the model and test images of the evaluation it last worked
 * on, loaded once. Every task of an executor runs under one lock: PyTorch's random generator and
 * DJL's gradient collector are one per process, so two tasks computing at once in one executor
 * would draw each other's noise (and DJL refuses a second gradient collector). An executor with
 * several cores therefore runs one task at a time; give each one core (README, Spark).
 */
final class ExecutorModels {
    private static final Object LOCK = new Object();
    private static TaskWorker cached;

    private ExecutorModels() {}

    /** Runs {@code body} with the worker of {@code evaluation}, loading it unless cached. */
    static <T> T withWorker(EvalTask evaluation, Function<TaskWorker, T> body) {
        synchronized (LOCK) {
            if (cached == null || !cached.evaluation().equals(evaluation)) {
                if (cached != null) {
                    cached.close();
                    cached = null;
                }
                try {
                    cached = TaskWorker.open(evaluation, line -> {});
                } catch (IOException e) {
                    throw new UncheckedIOException(
                            "cannot load " + evaluation.describe() + ": " + e.getMessage(), e);
                }
            }
            return body.apply(cached);
        }
    }

    /** Runs {@code body} alone in this process, as every task does (a training). */
    static <T> T exclusive(Supplier<T> body) {
        synchronized (LOCK) {
            return body.get();
        }
    }
}
