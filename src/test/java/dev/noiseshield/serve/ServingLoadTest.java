package dev.noiseshield.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.noiseshield.defense.Defense;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short form of {@code bench serve}: 32 threads call one deterministic model for a few seconds,
 * mixing in bad calls (wrong shape, a NaN pixel, a raw 255); every good answer equals the
 * single-thread one, every bad call is refused, the model answers right afterwards, and resident
 * memory does not run away. The minutes-long run with its numbers is {@code bench serve}.
 */
class ServingLoadTest {
    @Test
    void thirtyTwoThreadsGetTheSingleThreadAnswerAndBadCallsLeaveTheModelUsable(@TempDir Path dir)
            throws Exception {
        Path folder = NoiseShieldModelTest.exported(dir, Defense.PGD_AT, null, null);
        float[][][][] x = NoiseShieldModelTest.images(new int[] {0, 1, 2, 3});
        try (NoiseShieldModel model = NoiseShieldModel.load(folder)) {
            float[][] before = model.predict(x);
            ServingLoad.Result load = ServingLoad.run(model, x, 32, 3);
            assertEquals(0, load.wrong(), load.summary());
            assertTrue(load.calls() >= 32, load.summary());
            assertTrue(load.refused() > 0, "bad calls were made and refused: " + load.summary());
            assertTrue(load.latencyMillis().get(0) > 0, load.summary());
            assertTrue(
                    load.residentMegabytes().get(2) - load.residentMegabytes().get(1) < 256,
                    "resident memory between a quarter and the end: " + load.summary());
            float[][] after = model.predict(x);
            for (int i = 0; i < x.length; i++) {
                assertArrayEquals(before[i], after[i], "the same answer after the load");
            }
            model.close();
            assertThrows(IllegalStateException.class, () -> model.predict(x));
        }
    }
}
