package dev.noiseshield.cli;

import dev.noiseshield.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Which trained model a command reads, {@code --run DIR} or {@code --checkpoint FILE} (an argument
 * group: exactly one), and the run folder its results belong in.
 */
class RunSource {
    @Option(names = "--run", paramLabel = "DIR")
    Path run;

    @Option(names = "--checkpoint", paramLabel = "FILE")
    Path checkpoint;

    /** What was given: the run folder or the checkpoint file. */
    Path given() {
        return run != null ? run : checkpoint;
    }

    /** The checkpoint: the given one, or the last one of the run folder. */
    Path checkpointFile() throws IOException {
        return checkpoint != null ? checkpoint : Checkpoint.latestOf(run);
    }

    /** The run folder: --run, or the one above a checkpoint's checkpoints/ folder. */
    Path runFolder() {
        return run != null ? run : checkpoint.toAbsolutePath().getParent().getParent();
    }
}
