package dev.noiseshield.train;

import dev.noiseshield.attack.Epsilon;
import dev.noiseshield.run.Console;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;

/**
 * Prints a progress line at most every {@code intervalSeconds} during an epoch and one at its end:
 * epoch, batch, loss, accuracy, images/s and resident memory. Plain lines, so that logs of
 * non-interactive runs (CI, nohup) read as well as a terminal; on a terminal the batches of an
 * epoch are a progress bar with its ETA instead ({@link Console}).
 */
public final class ProgressPrinter implements TrainingListener {
    private final String label;
    private final int epochs;
    private final PrintStream out;
    private final double intervalSeconds;
    private long lastPrint;
    private ProgressBar bar;

    public ProgressPrinter(String label, int epochs, PrintStream out, double intervalSeconds) {
        this.lastPrint = System.nanoTime(); // the first line after an interval from now
        this.label = label;
        this.epochs = epochs;
        this.out = out;
        this.intervalSeconds = intervalSeconds;
    }

    @Override
    public void onBatch(int epoch, int batch, int batches, EpochStats s) {
        if (Console.mode() == Console.Mode.BARS) {
            if (bar == null) {
                bar =
                        Console.bar(
                                String.format(
                                        Locale.ROOT, "[%s] epoch %d/%d", label, epoch, epochs),
                                batches);
            }
            bar.stepTo(batch);
            bar.setExtraMessage(" " + figures(s));
            return;
        }
        long now = System.nanoTime();
        if ((now - lastPrint) / 1e9 >= intervalSeconds && batch < batches) {
            lastPrint = now;
            out.println(
                    String.format(
                            Locale.ROOT,
                            "[%s] epoch %d/%d batch %d/%d  %s",
                            label,
                            epoch,
                            epochs,
                            batch,
                            batches,
                            figures(s)));
        }
    }

    @Override
    public void onEpoch(EpochStats s) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        lastPrint = System.nanoTime();
        out.println(
                String.format(
                        Locale.ROOT,
                        "[%s] epoch %d/%d done in %.0f s  %s  (checkpoint saved)",
                        label,
                        s.epoch(),
                        epochs,
                        s.seconds(),
                        figures(s)));
    }

    private static String figures(EpochStats s) {
        String adv =
                Double.isNaN(s.adversarialAccuracy())
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                " adv-acc %.1f%% eps %s",
                                100 * s.adversarialAccuracy(),
                                Epsilon.format(s.epsilon()));
        return String.format(
                Locale.ROOT,
                "lr %.4f loss %.4f clean-acc %.1f%%%s  %.0f img/s  rss %d MB",
                s.learningRate(),
                s.loss(),
                100 * s.cleanAccuracy(),
                adv,
                s.imagesPerSecond(),
                s.residentMegabytes());
    }
}
