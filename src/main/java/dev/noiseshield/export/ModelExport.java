package dev.noiseshield.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.defense.Defenses;
import dev.noiseshield.model.ModelSpec;
import dev.noiseshield.model.Network;
import dev.noiseshield.run.AtomicFiles;
import dev.noiseshield.run.ComputeDevice;
import dev.noiseshield.run.Json;
import dev.noiseshield.run.RunInfo;
import dev.noiseshield.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained model as {@code model.safetensors} (every parameter, batch-norm statistic and
 * noise parameter, float32, named by {@link TensorNames}) and {@code model.json} ({@link
 * ModelDescription}), for PyTorch ({@code python/noiseshield_torch.py}), for Java services ({@code
 * dev.noiseshield.serve.NoiseShieldModel}) and for {@link ModelImport}.
 */
public final class ModelExport {
    public static final String TENSORS = "model.safetensors";
    public static final String DESCRIPTION = "model.json";
    public static final String TEST_IMAGES = "test.safetensors";

    private ModelExport() {}

    /**
     * Exports the checkpoint into {@code out}, with the headline numbers of {@code report} (a
     * report.json) when that file exists.
     */
    public static ModelDescription export(Path checkpoint, Path report, Path out)
            throws IOException {
        return export(Checkpoint.read(checkpoint), checkpoint, report, out);
    }

    /** {@link #export(Path, Path, Path)} of a checkpoint already read from {@code checkpoint}. */
    public static ModelDescription export(
            Checkpoint.Contents contents, Path checkpoint, Path report, Path out)
            throws IOException {
        String plugin = contents.state.model().noise().plugin();
        if (plugin != null) {
            // the PyTorch module (python/noiseshield_model.py) knows the built-in layers only
            throw new IllegalArgumentException(
                    checkpoint
                            + ": the model has the plugin noise layer '"
                            + plugin
                            + "', which the exported PyTorch module cannot rebuild; export"
                            + " supports the built-in defenses");
        }
        Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
        try (NDManager root = ComputeDevice.newBaseManager();
                Network network = contents.network(root, checkpoint)) {
            for (Pair<String, Parameter> p : network.parameters()) {
                tensors.put(
                        TensorNames.of(p.getKey()),
                        new Safetensors.Tensor(
                                p.getValue().getArray().getShape().getShape(),
                                p.getValue().getArray().toFloatArray()));
            }
        }
        ModelDescription description = describe(contents, checkpoint, report);
        Files.createDirectories(out);
        Safetensors.write(
                out.resolve(TENSORS),
                tensors,
                Map.of("format", ModelDescription.FORMAT, "description", DESCRIPTION));
        AtomicFiles.write(out.resolve(DESCRIPTION), o -> Json.MAPPER.writeValue(o, description));
        return description;
    }

    /**
     * The first {@code count} test images (N, C, H, W) in [0, 1] and their labels (N), float32, as
     * {@code images} and {@code labels} in {@code out/test.safetensors}: what a PyTorch user needs
     * to re-evaluate the model without the tool's data readers.
     */
    public static Path writeTestImages(ImageDataset test, int count, Path out) throws IOException {
        int n = Math.min(count, test.size());
        int[] indices = java.util.stream.IntStream.range(0, n).toArray();
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            labels[i] = test.label(i);
        }
        Path file = out.resolve(TEST_IMAGES);
        try (NDManager scope = ComputeDevice.newBaseManager()) {
            NDArray images = test.images(indices, scope);
            Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
            tensors.put(
                    "images",
                    new Safetensors.Tensor(images.getShape().getShape(), images.toFloatArray()));
            tensors.put("labels", new Safetensors.Tensor(new long[] {n}, labels));
            Safetensors.write(file, tensors, Map.of("dataset", test.name(), "split", "test"));
        }
        return file;
    }

    private static ModelDescription describe(
            Checkpoint.Contents contents, Path checkpoint, Path report) throws IOException {
        Checkpoint.State state = contents.state;
        ModelSpec spec = state.model();
        int draws = Defenses.inferenceDraws(state.defense());
        RunInfo facts = RunInfo.of("export", List.of(), null, 0, Instant.now(), null);
        return new ModelDescription(
                ModelDescription.FORMAT,
                TENSORS,
                spec.architecture().cliName(),
                spec.width(),
                spec.shortcut(),
                new ModelDescription.Input(
                        spec.inputChannels(),
                        spec.imageSize(),
                        spec.imageSize(),
                        "NCHW",
                        List.of(0.0, 1.0)),
                new ModelDescription.Normalization(
                        spec.mean(), spec.std(), "inside the model, after any input noise"),
                spec.numClasses(),
                state.dataset(),
                state.defense(),
                spec.noise(),
                new ModelDescription.Inference(
                        spec.noise().any() ? "on" : "none",
                        spec.noise().any() ? draws : 1,
                        "mean-prob",
                        draws == 1 || !spec.noise().any()
                                ? "softmax of one forward pass, noise on"
                                : "mean softmax probability over "
                                        + draws
                                        + " forward passes, noise on"),
                Files.isRegularFile(report) ? headline(report) : null,
                new ModelDescription.Provenance(
                        checkpoint.toAbsolutePath().normalize().toString(),
                        contents.sha256(),
                        state.epochsDone(),
                        state.config(),
                        facts.versions(),
                        facts.gitCommit(),
                        facts.finishedAt()));
    }

    /** Clean, per-attack and worst-case accuracy of a report.json. */
    static ModelDescription.Headline headline(Path report) throws IOException {
        JsonNode r = Json.MAPPER.readTree(report.toFile());
        Map<String, ModelDescription.Accuracy> attacks = new LinkedHashMap<>();
        for (JsonNode a : r.path("attacks")) {
            attacks.put(a.path("name").asText(), accuracy(a));
        }
        return new ModelDescription.Headline(
                report.toAbsolutePath().normalize().toString(),
                accuracy(r.path("clean")),
                attacks,
                r.has("worstCase") && !r.get("worstCase").isNull()
                        ? accuracy(r.get("worstCase"))
                        : null,
                r.path("evaluation").path("attackExamples").asInt());
    }

    private static ModelDescription.Accuracy accuracy(JsonNode node) {
        return new ModelDescription.Accuracy(
                node.path("accuracy").asDouble(),
                node.path("interval").path("low").asDouble(),
                node.path("interval").path("high").asDouble());
    }
}
