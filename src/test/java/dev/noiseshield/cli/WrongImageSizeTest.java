package dev.noiseshield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.noiseshield.TestData;
import dev.noiseshield.data.Idx;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images of another size than the data set's are refused in one line naming the file, the size
 * found and the size expected, before anything trains or evaluates: an MNIST training file of 32 x
 * 32 images (its IDX header saying so) once trained silently.
 */
class WrongImageSizeTest {
    @TempDir Path dir;

    /** Replaces a folder's file of 28 x 28 images by one of 32 x 32 images, as many. */
    private static void make32x32(Path file, int count) throws Exception {
        Idx.write(file, new int[] {count, 32, 32}, new byte[count * 32 * 32]);
    }

    @Test
    void aTrainingFileOfOtherImagesIsRefusedInOneLine() throws Exception {
        Path data = TestData.writeMnistFolder(dir.resolve("digits"), 32, 8);
        Path images = data.resolve("train-images-idx3-ubyte");
        make32x32(images, 32);
        Path run = dir.resolve("run");
        CliRun train =
                CliRun.of(
                        "train",
                        "--dataset",
                        "mnist",
                        "--data-dir",
                        data.toString(),
                        "--epochs",
                        "1",
                        "--out",
                        run.toString());
        assertEquals(2, train.code(), train.err());
        assertEquals(
                "error: " + images + ": holds 32x32 images; the mnist data set's are 28x28",
                train.err());
        assertFalse(Files.exists(run.resolve("checkpoints")), "nothing trained");
    }

    @Test
    void evaluatingOnAFolderOfOtherImagesIsRefusedInOneLine() throws Exception {
        Path data = TestData.writeMnistFolder(dir.resolve("digits"), 64, 8);
        Path run = dir.resolve("run");
        assertEquals(0, TestData.trainOneEpoch(data, "pgd-at", run));
        Path images = data.resolve("t10k-images-idx3-ubyte");
        make32x32(images, 8);
        CliRun evaluate =
                CliRun.of("evaluate", "--run", run.toString(), "--data-dir", data.toString());
        assertEquals(2, evaluate.code(), evaluate.err());
        assertTrue(
                evaluate.err().startsWith("error: " + images + ": holds 32x32 images")
                        && !evaluate.err().contains("\n"),
                evaluate.err());
    }
}
