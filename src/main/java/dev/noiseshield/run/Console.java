package dev.noiseshield.run;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * How long work reports its progress: a progress bar with ETA on a terminal, plain lines where the
 * output is not one (CI, a file, nohup), nothing but the final table with {@code --quiet}. The
 * command line sets the mode once; training and evaluation ask it for their bars and lines.
 */
public final class Console {
    /** The three ways of reporting progress. */
    public enum Mode {
        BARS,
        LINES,
        QUIET
    }

    private static volatile Mode mode = detect();

    private Console() {}

    /** Bars where standard output is a terminal that can draw them, else lines. */
    // The project runs on Java 17, where System.console() is null without a terminal; Java 22
    // changed that and would need Console.isTerminal(), which 17 lacks.
    @SuppressWarnings("SystemConsoleNull")
    static Mode detect() {
        java.io.Console c = System.console();
        String term = System.getenv("TERM");
        return c != null && term != null && !term.equals("dumb") ? Mode.BARS : Mode.LINES;
    }

    public static Mode mode() {
        return mode;
    }

    /** Sets the mode: QUIET for {@code --quiet}, else what the output is. */
    public static void quiet(boolean quiet) {
        mode = quiet ? Mode.QUIET : detect();
    }

    /** Sets the mode as another process had it (a child JVM's output is a pipe, not a terminal). */
    public static void setMode(Mode newMode) {
        mode = newMode;
    }

    /** Prints a progress line, except when quiet. */
    public static void progress(String line) {
        if (mode != Mode.QUIET) {
            System.out.println(line);
        }
    }

    /** {@link #progress} as a consumer, for jobs that take one. */
    public static Consumer<String> progressLines() {
        return Console::progress;
    }

    /** Standard output for progress, or a stream that drops it when quiet. */
    public static PrintStream progressStream() {
        return mode == Mode.QUIET ? new PrintStream(OutputStream.nullOutputStream()) : System.out;
    }

    /**
     * A progress bar of {@code total} steps with its ETA when bars are drawn, else null: the caller
     * then prints its own lines (or nothing when quiet).
     */
    public static ProgressBar bar(String task, long total) {
        if (mode != Mode.BARS) {
            return null;
        }
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setMaxRenderedLength(100)
                .setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
                .showSpeed()
                .build();
    }
}
