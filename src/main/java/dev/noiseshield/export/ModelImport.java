package dev.noiseshield.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.noiseshield.model.Network;
import dev.noiseshield.run.Json;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rebuilds a network from an exported folder ({@link ModelExport}): the structure {@code
 * model.json} describes, every parameter from {@code model.safetensors}. Every tensor must be there
 * with its shape, and no other: a file from another model is refused by name, not half loaded.
 */
public final class ModelImport {
    private ModelImport() {}

    /** What {@code dir} describes, read and checked. */
    public static ModelDescription describe(Path dir) throws IOException {
        Path file = dir.resolve(ModelExport.DESCRIPTION);
        if (!Files.isRegularFile(file)) {
            throw new IOException(
                    dir + ": no " + ModelExport.DESCRIPTION + " (not an exported model)");
        }
        ModelDescription d;
        try {
            d = Json.MAPPER.readValue(file.toFile(), ModelDescription.class);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not a model description: " + e.getOriginalMessage(), e);
        }
        if (!ModelDescription.FORMAT.equals(d.format())) {
            throw new IOException(
                    file + ": format " + d.format() + " is not " + ModelDescription.FORMAT);
        }
        return d;
    }

    /** The exported network, noise on, in a sub-manager of {@code parent}. */
    public static Network load(Path dir, NDManager parent) throws IOException {
        ModelDescription description = describe(dir);
        Path tensorFile = dir.resolve(description.tensors());
        Map<String, Safetensors.Tensor> tensors =
                new LinkedHashMap<>(Safetensors.read(tensorFile).tensors());
        Network network;
        try {
            network = Network.create(description.spec(), parent);
        } catch (IllegalArgumentException e) {
            throw new IOException(dir.resolve(ModelExport.DESCRIPTION) + ": " + e.getMessage(), e);
        }
        try {
            for (Pair<String, Parameter> p : network.parameters()) {
                String name = TensorNames.of(p.getKey());
                Safetensors.Tensor t = tensors.remove(name);
                NDArray array = p.getValue().getArray();
                if (t == null || !Arrays.equals(t.shape(), array.getShape().getShape())) {
                    throw new IOException(
                            tensorFile
                                    + ": "
                                    + (t == null
                                            ? "no tensor " + name
                                            : "tensor "
                                                    + name
                                                    + " has shape "
                                                    + Arrays.toString(t.shape()))
                                    + "; the model.json describes "
                                    + name
                                    + " of shape "
                                    + array.getShape());
                }
                array.set(FloatBuffer.wrap(t.data()));
            }
            if (!tensors.isEmpty()) {
                throw new IOException(
                        tensorFile + ": tensors the model does not have: " + tensors.keySet());
            }
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        }
        return network;
    }
}
