package dev.noiseshield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.noiseshield.TestData;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training on a thread that did not load the engine (as a Spark task's) trains: PyTorch's
 * autograd switch is per thread and on by default there, where the optimizer's in-place update of a
 * weight used to fail.
 */
class EngineThreadsTest {
    @TempDir Path dir;

    @Test
    void aTrainingOnAnotherThreadTrains() throws Exception {
        Path data = TestData.writeMnistFolder(dir.resolve("data"), 64, 32);
        AtomicInteger code = new AtomicInteger(-1);
        Thread other =
                new Thread(
                        () -> code.set(TestData.trainOneEpoch(data, "pni-w", dir.resolve("run"))));
        other.start();
        other.join();
        assertEquals(0, code.get());
    }
}
