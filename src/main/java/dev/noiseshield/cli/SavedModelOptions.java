package dev.noiseshield.cli;

import dev.noiseshield.data.Datasets;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;

/**
 * The trained model a command reads ({@code --run} or {@code --checkpoint}), and where the files of
 * the data set it was trained on are ({@code --data-dir}): what {@code certify} and {@code export}
 * both open first.
 */
final class SavedModelOptions {
    @ArgGroup(multiplicity = "1")
    RunSource source;

    @Mixin DataDirOption dataDir;

    /** The checkpoint: the given one, or the last one of the run folder. */
    Path checkpointFile() throws IOException {
        return source.checkpointFile();
    }

    /** The run folder the results belong in. */
    Path runFolder() {
        return source.runFolder();
    }

    /** The test images of the data set {@code contents} was trained on. */
    ImageDataset testSet(Checkpoint.Contents contents) throws IOException {
        return Datasets.load(contents.state.dataset(), dataDir.dir).test();
    }
}
