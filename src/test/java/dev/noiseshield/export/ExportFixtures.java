package dev.noiseshield.export;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.noiseshield.defense.Defense;
import dev.noiseshield.model.Network;
import dev.noiseshield.train.Checkpoint;
import dev.noiseshield.train.TrainConfig;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** Checkpoints of networks whose every parameter differs from its initial value, for export. */
public final class ExportFixtures {
    private ExportFixtures() {}

    /**
     * Moves every parameter off its initial value (batch-norm statistics, biases and noise
     * parameters start at constants), so that an export or load that dropped or swapped one would
     * show in the logits.
     */
    public static void randomize(Network network, long seed) {
        Random random = new Random(seed);
        for (Pair<String, Parameter> p : network.parameters()) {
            NDArray a = p.getValue().getArray();
            float[] v = a.toFloatArray();
            String name = p.getValue().getName();
            for (int i = 0; i < v.length; i++) {
                v[i] = value(name, v[i], random);
            }
            a.set(FloatBuffer.wrap(v));
        }
    }

    private static float value(String role, float initial, Random r) {
        return switch (role) {
            case "weight" -> initial * (0.8f + 0.4f * r.nextFloat());
            case "gamma", "runningVar" -> 0.5f + r.nextFloat();
            case "noiseScale" -> 0.05f + 0.45f * r.nextFloat();
            case "noiseDiagRho" -> -3f + 2f * r.nextFloat(); // std 0.05 to 0.3
            case "noiseRho" -> -2f + 2f * r.nextFloat();
            case "noiseFactor", "noiseLower" -> 0.1f * (float) r.nextGaussian();
            default -> 0.1f * (float) r.nextGaussian(); // bias, beta, runningMean
        };
    }

    /** Saves the network as a one-epoch checkpoint of {@code defense} on {@code dataset}. */
    public static Path checkpoint(Path file, Network network, Defense defense, String dataset)
            throws IOException {
        TrainConfig config = dev.noiseshield.TestData.oneEpochConfig(defense);
        Checkpoint.save(
                file,
                new Checkpoint.State(
                        1, dataset, defense.cliName(), network.spec(), config, List.of()),
                network,
                null);
        return file;
    }
}
