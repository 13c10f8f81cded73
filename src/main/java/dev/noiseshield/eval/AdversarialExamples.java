package dev.noiseshield.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.nn.OwnedArrays;
import dev.noiseshield.run.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes adversarial examples as float32 tensors, never as rounded 8-bit images (rounding moves a
 * point of the eps-ball and can undo an attack): one NumPy .npz per attack with {@code images} (N,
 * C, H, W) in [0,1], {@code labels} (N), {@code predictions} (N, one noise draw) and {@code
 * correct_fraction} (N, over the scoring draws). {@code numpy.load} reads it; so does DJL's {@code
 * NDList.decode}.
 */
public final class AdversarialExamples {
    private AdversarialExamples() {}

    public static Path write(
            Path dir,
            String attackName,
            ImageDataset data,
            float[] images,
            long[] predictions,
            float[] fractions)
            throws IOException {
        Path file = dir.resolve(attackName.replaceAll("[^A-Za-z0-9._-]", "_") + ".npz");
        try (NDManager m = NDManager.newBaseManager()) {
            long[] labels = new long[data.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = data.label(i);
            }
            NDList list =
                    new NDList(
                            named(
                                    OwnedArrays.of(
                                            m,
                                            images,
                                            new Shape(
                                                    data.size(),
                                                    data.channels(),
                                                    data.height(),
                                                    data.width())),
                                    "images"),
                            named(OwnedArrays.of(m, labels), "labels"),
                            named(OwnedArrays.of(m, predictions), "predictions"),
                            named(OwnedArrays.of(m, fractions), "correct_fraction"));
            byte[] bytes = list.encode(NDList.Encoding.NPZ);
            AtomicFiles.write(file, out -> out.write(bytes));
        }
        return file;
    }

    private static NDArray named(NDArray array, String name) {
        array.setName(name);
        return array;
    }
}
