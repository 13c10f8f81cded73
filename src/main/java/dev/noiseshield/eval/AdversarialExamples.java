package dev.noiseshield.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.Epsilon;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.nn.OwnedArrays;
import dev.noiseshield.run.AtomicFiles;
import dev.noiseshield.run.ComputeDevice;
import dev.noiseshield.run.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes adversarial examples that describe themselves, as float32 tensors, never as rounded 8-bit
 * images (rounding moves a point of the eps-ball and can undo an attack). One NumPy .npz per attack
 * holds:
 *
 * <ul>
 *   <li>{@code images} (N, C, H, W) in [0,1], the adversarial examples, and {@code clean_images};
 *   <li>{@code labels}, {@code index} (each image's position in the test set: an attack of a
 *       cascade sees only the images still robust), {@code predictions} (one noise draw) and {@code
 *       correct_fraction} (over the scoring draws), all (N);
 *   <li>{@code perturbation_size} (N) in the attack's norm, and {@code eps} (1);
 *   <li>{@code attack}: the attack's name, kind, norm, eps (also as papers write it) and settings
 *       as UTF-8 JSON bytes: {@code json.loads(bytes(npz["attack"]))}.
 * </ul>
 *
 * {@code numpy.load} reads it; so does DJL's {@code NDList.decode}.
 */
public final class AdversarialExamples {
    private AdversarialExamples() {}

    /**
     * The examples of one attack.
     *
     * @param index each image's position in the test set
     * @param adversarial the attack's output, N * C * H * W floats
     */
    @SuppressWarnings("ArrayRecordComponent") // a carrier of results, never compared or hashed
    public record Batch(
            ImageDataset clean,
            int[] index,
            float[] adversarial,
            long[] predictions,
            float[] fractions,
            float[] sizes) {}

    /** Writes {@code DIR/<attack>-eps<eps>.npz}; eps as papers write it, '/' as '_'. */
    public static Path write(Path dir, AttackSpec spec, Batch batch) throws IOException {
        return write(dir, spec, "", batch);
    }

    /**
     * Writes {@code DIR/<attack>-eps<eps><suffix>.npz}: the suffix names the shard of an evaluation
     * of several.
     */
    public static Path write(Path dir, AttackSpec spec, String suffix, Batch batch)
            throws IOException {
        Path file = file(dir, spec, suffix);
        ImageDataset data = batch.clean();
        try (NDManager m = ComputeDevice.newBaseManager()) {
            Shape shape = new Shape(data.size(), data.channels(), data.height(), data.width());
            int[] all = java.util.stream.IntStream.range(0, data.size()).toArray();
            long[] labels = data.labels(all, m).toLongArray();
            NDList list =
                    new NDList(
                            named(OwnedArrays.of(m, batch.adversarial(), shape), "images"),
                            named(data.images(all, m), "clean_images"),
                            named(OwnedArrays.of(m, labels), "labels"),
                            named(OwnedArrays.of(m, batch.index()), "index"),
                            named(OwnedArrays.of(m, batch.predictions()), "predictions"),
                            named(OwnedArrays.of(m, batch.fractions()), "correct_fraction"),
                            named(OwnedArrays.of(m, batch.sizes()), "perturbation_size"),
                            named(OwnedArrays.of(m, new float[] {spec.epsilon()}), "eps"),
                            named(describe(m, spec), "attack"));
            byte[] bytes = list.encode(NDList.Encoding.NPZ);
            AtomicFiles.write(file, out -> out.write(bytes));
        }
        return file;
    }

    /** The file {@link #write(Path, AttackSpec, String, Batch)} writes. */
    static Path file(Path dir, AttackSpec spec, String suffix) {
        String stem = spec.name() + "-eps" + Epsilon.format(spec.epsilon()) + suffix;
        return dir.resolve(stem.replaceAll("[^A-Za-z0-9._-]", "_") + ".npz");
    }

    private static NDArray describe(NDManager m, AttackSpec spec) throws IOException {
        ObjectNode json =
                Json.MAPPER
                        .createObjectNode()
                        .put("attack", spec.name())
                        .put("kind", spec.kind())
                        .put("norm", spec.norm())
                        .put("eps", spec.epsilon())
                        .put("epsText", Epsilon.format(spec.epsilon()))
                        .put("steps", spec.steps())
                        .put("stepSize", spec.stepSize())
                        .put("restarts", spec.restarts())
                        .put("eot", spec.eot());
        spec.options().forEach(json.putObject("options")::put);
        byte[] text = Json.MAPPER.writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
        return m.create(text);
    }

    private static NDArray named(NDArray array, String name) {
        array.setName(name);
        return array;
    }
}
