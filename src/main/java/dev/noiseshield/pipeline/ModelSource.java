package dev.noiseshield.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.data.Sha256Manifest;
import dev.noiseshield.defense.Defenses;
import dev.noiseshield.model.EvaluatedModel;
import dev.noiseshield.model.Network;
import dev.noiseshield.model.TorchScriptModel;
import dev.noiseshield.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the evaluated model comes from: a checkpoint of the tool, or a TorchScript file. */
public sealed interface ModelSource {
    /** The data set the model was trained on, or null when the source does not say. */
    String trainedOn();

    /** The defense, as reports name it. */
    String defense();

    /** The noise draws per prediction the defense evaluates with. */
    int inferenceDraws();

    /** What the evaluation's results depend on in the model: its content's digest. */
    void identify(ObjectNode identity) throws IOException;

    /**
     * The model, in a sub-manager of root, checked against the test images it will see.
     *
     * @param dataset the data set's name, for messages
     */
    EvaluatedModel open(NDManager root, ImageDataset test, String dataset) throws IOException;

    /** A checkpoint of the tool, read (and its digest checked) once. */
    static ModelSource checkpoint(Path file) throws IOException {
        return new CheckpointFile(file, Checkpoint.read(file));
    }

    /**
     * A checkpoint written by {@code train}, with its contents as read; run.json records the path.
     */
    record CheckpointFile(Path checkpoint, @JsonIgnore Checkpoint.Contents contents)
            implements ModelSource {
        @Override
        public String trainedOn() {
            return contents.state.dataset();
        }

        @Override
        public String defense() {
            return contents.state.defense();
        }

        @Override
        public int inferenceDraws() {
            return Defenses.inferenceDraws(defense());
        }

        @Override
        public void identify(ObjectNode identity) {
            identity.put("checkpointSha256", contents.sha256());
            identity.put("defense", contents.state.defense());
        }

        @Override
        public EvaluatedModel open(NDManager root, ImageDataset test, String dataset)
                throws IOException {
            Network network = contents.network(root, checkpoint);
            var spec = network.spec();
            if (test.channels() != spec.inputChannels()
                    || test.height() != spec.imageSize()
                    || test.numClasses() != spec.numClasses()) {
                network.close();
                throw new IllegalArgumentException(
                        String.format(
                                "%s has %dx%dx%d images in %d classes; the model expects %dx%dx%d"
                                        + " in %d",
                                dataset,
                                test.channels(),
                                test.height(),
                                test.width(),
                                test.numClasses(),
                                spec.inputChannels(),
                                spec.imageSize(),
                                spec.imageSize(),
                                spec.numClasses()));
            }
            return network;
        }
    }

    /**
     * A TorchScript module trained elsewhere: it must take the data set's images and give its
     * classes' logits, which opening it checks on the first test images.
     */
    record TorchScriptFile(Path file) implements ModelSource {
        @Override
        public String trainedOn() {
            return null;
        }

        @Override
        public String defense() {
            return "torchscript";
        }

        @Override
        public int inferenceDraws() {
            return 1;
        }

        @Override
        public void identify(ObjectNode identity) throws IOException {
            identity.put("torchScriptSha256", Sha256Manifest.sha256(Files.readAllBytes(file)));
            identity.put("defense", defense());
        }

        @Override
        public EvaluatedModel open(NDManager root, ImageDataset test, String dataset)
                throws IOException {
            int[] first = java.util.stream.IntStream.range(0, Math.min(8, test.size())).toArray();
            NDArray probe = test.images(first, root);
            return TorchScriptModel.open(file, probe, test.numClasses());
        }
    }
}
