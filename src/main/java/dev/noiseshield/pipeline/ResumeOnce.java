package dev.noiseshield.pipeline;

import dev.noiseshield.train.NonFiniteLossException;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Runs a training attempt, and once more if its loss became NaN or infinite: the second attempt
 * resumes from the last checkpoint, which the first left intact.
 *
 * <p>Why: in about one in fifteen long multi-model runs ({@code demo}, {@code compare}) one batch
 * gave NaN logits from finite inputs and finite weights, and resuming from the checkpoint passed
 * the same batch with the numbers of an uninterrupted run. The cause is not found (README, "Known
 * problems"). One automatic resume keeps a 45-minute comparison from stopping on it, and stays
 * honest: it is printed, recorded in run.json, and a NaN that comes back on resume, as a diverging
 * model's would, still stops the run.
 */
public final class ResumeOnce {
    private ResumeOnce() {}

    /** One training attempt; {@code resuming} says whether it is the retry. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run(boolean resuming) throws IOException;
    }

    /** The attempt's result, and the failure that was retried, or null if none was. */
    public record Result<T>(T value, String retriedAfter) {}

    public static <T> Result<T> run(Attempt<T> attempt, PrintStream log) throws IOException {
        try {
            return new Result<>(attempt.run(false), null);
        } catch (NonFiniteLossException first) {
            log.println("warning: " + first.getMessage());
            log.println(
                    "resuming once from the last checkpoint; if the loss is not finite again, the"
                            + " run stops");
            return new Result<>(attempt.run(true), first.getMessage());
        }
    }
}
