package dev.noiseshield.export;

import dev.noiseshield.model.Architecture;
import dev.noiseshield.model.ModelSpec;
import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.model.Shortcut;
import dev.noiseshield.model.ShortcutJson;
import dev.noiseshield.model.WidthJson;
import java.util.List;
import java.util.Map;

/**
 * {@code model.json}: what a reader needs, beside {@code model.safetensors}, to rebuild and use an
 * exported model, in this tool or in PyTorch ({@code python/noiseshield_torch.py}); field by field
 * in docs/export.md.
 *
 * @param format {@link #FORMAT}
 * @param tensors the tensor file's name, beside this one
 * @param architecture the architecture's command-line name
 * @param width its channel multiplier
 * @param shortcut a ResNet's shortcuts where the shape changes (absent: projections)
 * @param input the images it takes
 * @param normalization what the model does to its input first
 * @param classes number of logits
 * @param dataset the data set it was trained on
 * @param defense the defense it was trained with
 * @param noise its noise layers, as {@link NoiseSpec}
 * @param inference how the defense predicts
 * @param report the headline numbers of the run's report, or null when it had none
 * @param provenance where it came from
 */
public record ModelDescription(
        String format,
        String tensors,
        String architecture,
        @WidthJson double width,
        @ShortcutJson Shortcut shortcut,
        Input input,
        Normalization normalization,
        int classes,
        String dataset,
        String defense,
        NoiseSpec noise,
        Inference inference,
        Headline report,
        Provenance provenance) {

    public static final String FORMAT = "noiseshield-model/1";

    /** Images (N, channels, height, width), float32 in [0, 1]. */
    public record Input(int channels, int height, int width, String layout, List<Double> range) {}

    /** {@code (x - mean) / std} per channel, applied inside the model (inputs stay in [0, 1]). */
    public record Normalization(List<Double> mean, List<Double> std, String where) {}

    /**
     * The defense's prediction: {@code draws} forward passes with noise on, their softmax
     * probabilities averaged ({@code rule}).
     */
    public record Inference(String noise, int draws, String rule, String description) {}

    /** The report's clean, per-attack and worst-case accuracy, with their 95% intervals. */
    public record Headline(
            String source,
            Accuracy clean,
            Map<String, Accuracy> attacks,
            Accuracy worstCase,
            int attackedImages) {}

    /** An accuracy in [0, 1] and its 95% interval. */
    public record Accuracy(double accuracy, double low, double high) {}

    /**
     * Where the model came from.
     *
     * @param checkpoint the checkpoint exported
     * @param checkpointSha256 its content's digest
     * @param epochs epochs it had been trained
     * @param training the training settings
     * @param versions versions of the tool, Java, DJL and the engine that exported it
     * @param gitCommit the tool's commit, if known
     * @param exportedAt when
     */
    public record Provenance(
            String checkpoint,
            String checkpointSha256,
            int epochs,
            Object training,
            Map<String, String> versions,
            String gitCommit,
            String exportedAt) {}

    /** The network structure this describes. */
    public ModelSpec spec() {
        if (input.height() != input.width()) {
            throw new IllegalArgumentException("square images only, got " + input);
        }
        return new ModelSpec(
                Architecture.fromCliName(architecture),
                input.channels(),
                input.height(),
                classes,
                width,
                normalization.mean(),
                normalization.std(),
                noise,
                shortcut);
    }
}
