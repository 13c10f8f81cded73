package dev.noiseshield.spark;

import dev.noiseshield.run.Pace;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Tasks done of the running job and when the rest should be done at the pace so far, from Spark's
 * events on the driver, into the command's progress lines. A failed attempt is said as such: Spark
 * runs it again.
 */
final class TaskProgress extends SparkListener {
    /** At most a line this often, besides the first and the last task's (as local runs do). */
    private static final double SECONDS_BETWEEN_LINES = 10;

    private final Consumer<String> progress;
    private String what = "tasks";
    private int total;
    private int done;
    private long started;
    private Pace pace = new Pace(SECONDS_BETWEEN_LINES);

    TaskProgress(Consumer<String> progress) {
        this.progress = progress;
    }

    /** A new job of {@code total} tasks begins. */
    synchronized void start(String what, int total) {
        this.what = what;
        this.total = total;
        this.done = 0;
        this.started = System.nanoTime();
        this.pace = new Pace(SECONDS_BETWEEN_LINES);
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        if (total == 0) {
            return;
        }
        if (!end.taskInfo().successful()) {
            progress.accept(
                    String.format(
                            Locale.ROOT,
                            "%s: a task failed (attempt %d: %s); Spark runs it again",
                            what,
                            end.taskInfo().attemptNumber() + 1,
                            end.reason().getClass().getSimpleName()));
            return;
        }
        done++;
        if (done > 1 && done < total && !pace.due()) {
            return;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        progress.accept(
                String.format(Locale.ROOT, "%s: %d/%d done, ", what, done, total)
                        + Pace.soFar(seconds, done, total - done));
    }
}
