package dev.noiseshield.spark.plugin;

import ai.djl.ndarray.NDArray;
import dev.noiseshield.attack.Attack;
import dev.noiseshield.attack.AttackKind;
import dev.noiseshield.attack.AttackPlugin;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.Fgsm;
import dev.noiseshield.model.Classifier;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;

/**
 * A fault for the tests, injected through the plugin interface instead of a hook in the shipped
 * code: FGSM, reported as {@code fgsm}, whose first attempt in the Spark task of partition {@link
 * #failFirstAttemptOfPartition} throws, so that the tests see Spark run the task again and the
 * report stay the same. Executors of {@code local[N]} are the test's own process, where the test
 * sets the partition.
 */
public final class FailingOnceFgsm implements AttackPlugin {
    /** The partition (task) whose first attempt fails; -1: none. */
    public static volatile int failFirstAttemptOfPartition = -1;

    private static final AtomicInteger FAILURES = new AtomicInteger();

    /** Failures injected so far in this process. */
    public static int failures() {
        return FAILURES.get();
    }

    @Override
    public List<AttackKind> kinds() {
        return List.of(new Kind());
    }

    static final class Kind implements AttackKind {
        @Override
        public String name() {
            return "test-fgsm-failing-once";
        }

        @Override
        public String summary() {
            return "FGSM whose first attempt in one Spark task fails (a test fault)";
        }

        @Override
        public int defaultSteps() {
            return 1;
        }

        @Override
        public List<String> norms() {
            return List.of("linf", "l2");
        }

        @Override
        public Attack build(AttackSpec spec, Context context) {
            return new Failing(new Fgsm());
        }

        @Override
        public String displayName(AttackSpec spec) {
            return AttackKind.decorate(spec, "fgsm");
        }
    }

    record Failing(Fgsm fgsm) implements Attack.InLinf {
        @Override
        public String name() {
            return "fgsm";
        }

        @Override
        public NDArray perturb(Classifier model, NDArray x, NDArray y, float eps) {
            TaskContext task = TaskContext.get();
            if (task != null
                    && task.attemptNumber() == 0
                    && task.partitionId() == failFirstAttemptOfPartition) {
                FAILURES.incrementAndGet();
                throw new IllegalStateException(
                        "injected failure of the first attempt of partition " + task.partitionId());
            }
            return fgsm.perturb(model, x, y, eps);
        }
    }
}
