package dev.noiseshield.report;

import dev.noiseshield.data.DataFormatException;
import dev.noiseshield.export.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The example images an evaluation keeps for its page (examples.safetensors): clean and adversarial
 * images (N, C, H, W), labels, predictions and each image's fraction of correct draws, and which
 * attack made them. Read checked: a file that is not such a grid is refused with the typed error
 * naming it, never half drawn.
 *
 * @param clean the clean images, N*C*H*W values in [0, 1] as stored
 * @param adversarial the adversarial images, the same shape
 * @param shape (N, C, H, W)
 * @param labels true labels, N
 * @param predictions predicted labels, N
 * @param correctFractions fraction of noise draws correct, N
 * @param epsilon the attack's radius as stored (1 when the file does not say)
 * @param metadata the attack ({@code attack}, {@code norm}, {@code epsilon}) as stored
 */
@SuppressWarnings("ArrayRecordComponent") // a carrier for one page, never compared or hashed
public record ExampleGrid(
        float[] clean,
        float[] adversarial,
        long[] shape,
        float[] labels,
        float[] predictions,
        float[] correctFractions,
        float epsilon,
        Map<String, String> metadata) {

    /** The grid of {@code file}, or the typed error naming the file and what does not fit. */
    public static ExampleGrid read(Path file) throws IOException {
        Safetensors.Contents c = Safetensors.read(file);
        Safetensors.Tensor clean = tensor(c, "clean", file);
        Safetensors.Tensor adversarial = tensor(c, "adversarial", file);
        long[] s = clean.shape();
        if (s.length != 4 || (s[1] != 1 && s[1] != 3) || s[2] < 1 || s[3] < 1) {
            throw new DataFormatException(
                    file.toString(),
                    "clean images of shape "
                            + java.util.Arrays.toString(s)
                            + ", not (N, 1|3, H, W)");
        }
        if (!java.util.Arrays.equals(s, adversarial.shape())) {
            throw new DataFormatException(
                    file.toString(), "adversarial images of another shape than the clean ones");
        }
        int n = (int) s[0];
        float[] labels = vector(c, "labels", n, file);
        float[] predictions = vector(c, "predictions", n, file);
        float[] fractions = vector(c, "correct_fraction", n, file);
        String eps = c.metadata().getOrDefault("epsilon", "1");
        float epsilon;
        try {
            epsilon = Float.parseFloat(eps);
        } catch (NumberFormatException e) {
            throw new DataFormatException(file.toString(), "epsilon '" + eps + "' is not a number");
        }
        return new ExampleGrid(
                clean.data(),
                adversarial.data(),
                s,
                labels,
                predictions,
                fractions,
                epsilon,
                c.metadata());
    }

    private static Safetensors.Tensor tensor(Safetensors.Contents c, String name, Path file)
            throws DataFormatException {
        Safetensors.Tensor t = c.tensors().get(name);
        if (t == null) {
            throw new DataFormatException(file.toString(), "no tensor '" + name + "'");
        }
        return t;
    }

    private static float[] vector(Safetensors.Contents c, String name, int n, Path file)
            throws DataFormatException {
        float[] values = tensor(c, name, file).data();
        if (values.length != n) {
            throw new DataFormatException(
                    file.toString(),
                    "'" + name + "' has " + values.length + " values for " + n + " images");
        }
        return values;
    }
}
