package dev.noiseshield.serve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.noiseshield.export.ModelDescription;
import dev.noiseshield.export.ModelImport;
import dev.noiseshield.model.Network;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.nn.OwnedArrays;
import dev.noiseshield.run.ComputeDevice;
import dev.noiseshield.run.EngineThreads;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A trained NoiseShield model inside a Java service: load the folder that {@code noiseshield
 * export} wrote, then ask for class probabilities under the defense's inference rule (noise on, as
 * the defense is deployed; the mean softmax over the draws that {@code model.json} names: 10 for
 * RSE, one pass for the others).
 *
 * <pre>{@code
 * try (NoiseShieldModel model = NoiseShieldModel.load(Path.of("runs/demo/pni-w/export"))) {
 *     float[][] p = model.predict(images);   // images[n][channel][row][column] in [0, 1]
 *     int label = model.classify(images)[0];
 * }
 * }</pre>
 *
 * <p>Thread-safe: any number of threads may call {@link #predict} and {@link #classify}; the calls
 * run one at a time, each using PyTorch's intra-op threads (all cores), which is the fastest way to
 * share one CPU model. Every call works in its own native memory scope, freed before it returns.
 * Noise draws come from the engine's random generator: two calls on the same image give different
 * probabilities for a noisy model, as the defense intends.
 */
public final class NoiseShieldModel implements AutoCloseable {
    /** Images per forward pass: bounds the native memory of a call whatever its size. */
    private static final int BATCH = 256;

    private final NDManager root;
    private final Network network;
    private final ModelDescription description;
    private boolean closed;

    private NoiseShieldModel(NDManager root, Network network, ModelDescription description) {
        this.root = root;
        this.network = network;
        this.description = description;
    }

    /**
     * Loads an export folder ({@code model.json} and {@code model.safetensors}).
     *
     * @throws IOException if a file is missing or does not describe a model, with the file's name
     */
    public static NoiseShieldModel load(Path folder) throws IOException {
        ModelDescription description = ModelImport.describe(folder);
        NDManager root = ComputeDevice.newBaseManager();
        try {
            Network network = ModelImport.load(folder, root);
            network.setNoiseMode(NoiseMode.ON);
            return new NoiseShieldModel(root, network, description);
        } catch (IOException | RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /** What {@code model.json} says: architecture, input, classes, defense, headline numbers. */
    public ModelDescription description() {
        return description;
    }

    public int numClasses() {
        return description.classes();
    }

    /**
     * Class probabilities (N, classes) for images (N, channels, height, width) in [0, 1].
     *
     * @throws IllegalArgumentException if an image has another shape or a value outside [0, 1]
     */
    public float[][] predict(float[][][][] images) {
        return predict(flatten(images), images.length);
    }

    /**
     * Class probabilities (N, classes) for {@code count} images given as one array in (N, C, H, W)
     * order, values in [0, 1].
     */
    public synchronized float[][] predict(float[] pixels, int count) {
        if (closed) {
            throw new IllegalStateException("the model is closed");
        }
        int per = perImage();
        if (count < 0 || pixels.length != (long) count * per) {
            throw new IllegalArgumentException(
                    String.format(
                            "expected %d images of %s = %d values, got %d values",
                            count, imageShape(), (long) count * per, pixels.length));
        }
        checkRange(pixels);
        EngineThreads.autogradOff(); // the caller's thread may not be the engine's
        float[][] out = new float[count][];
        for (int start = 0; start < count; start += BATCH) {
            int n = Math.min(BATCH, count - start);
            float[] chunk = java.util.Arrays.copyOfRange(pixels, start * per, (start + n) * per);
            float[] p = probabilities(chunk, n);
            for (int i = 0; i < n; i++) {
                out[start + i] =
                        java.util.Arrays.copyOfRange(p, i * numClasses(), (i + 1) * numClasses());
            }
        }
        return out;
    }

    /** The most probable class of every image, under the same rule as {@link #predict}. */
    public int[] classify(float[][][][] images) {
        float[][] p = predict(images);
        int[] labels = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            for (int c = 1; c < p[i].length; c++) {
                if (p[i][c] > p[i][labels[i]]) {
                    labels[i] = c;
                }
            }
        }
        return labels;
    }

    /** The mean softmax over the rule's draws, (n * classes) row-major, in a scope of its own. */
    private float[] probabilities(float[] pixels, int n) {
        int draws = description.inference().draws();
        try (NDManager scope = root.newSubManager()) {
            Shape shape = new Shape(n, input().channels(), input().height(), input().width());
            NDArray x = OwnedArrays.of(scope, pixels, shape);
            NDArray logits = network.logitsOfDraws(x, draws).reshape(draws, n, numClasses());
            return logits.softmax(2).mean(new int[] {0}).toFloatArray();
        }
    }

    private ModelDescription.Input input() {
        return description.input();
    }

    private int perImage() {
        return input().channels() * input().height() * input().width();
    }

    private String imageShape() {
        return "(" + input().channels() + ", " + input().height() + ", " + input().width() + ")";
    }

    private float[] flatten(float[][][][] images) {
        float[] out = new float[Math.multiplyExact(images.length, perImage())];
        int k = 0;
        for (int n = 0; n < images.length; n++) {
            float[][][] image = images[n];
            if (image.length != input().channels()) {
                throw new IllegalArgumentException(
                        "image "
                                + n
                                + " has "
                                + image.length
                                + " channels; the model takes "
                                + imageShape());
            }
            for (float[][] channel : image) {
                if (channel.length != input().height()) {
                    throw new IllegalArgumentException(
                            "image "
                                    + n
                                    + " has "
                                    + channel.length
                                    + " rows; the model takes "
                                    + imageShape());
                }
                for (float[] row : channel) {
                    if (row.length != input().width()) {
                        throw new IllegalArgumentException(
                                "image "
                                        + n
                                        + " has rows of "
                                        + row.length
                                        + " values; the model takes "
                                        + imageShape());
                    }
                    System.arraycopy(row, 0, out, k, row.length);
                    k += row.length;
                }
            }
        }
        return out;
    }

    private static void checkRange(float[] pixels) {
        for (int i = 0; i < pixels.length; i++) {
            if (!(pixels[i] >= 0f && pixels[i] <= 1f)) {
                throw new IllegalArgumentException(
                        "pixel values must be in [0, 1] (the model normalises them itself); value "
                                + i
                                + " is "
                                + pixels[i]);
            }
        }
    }

    /** Frees the model's native memory; later calls fail. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            network.close();
            root.close();
        }
    }
}
