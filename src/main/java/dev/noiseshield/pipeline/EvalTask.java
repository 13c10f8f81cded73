package dev.noiseshield.pipeline;

import dev.noiseshield.eval.EvalConfig;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * An evaluation as another process needs it to compute some of its tasks ({@link TaskWorker}):
 * where the model and the data are, and the settings. Paths are strings (a {@link Path} is not
 * serializable) and must name the same files on every machine: a shared folder.
 *
 * @param model the checkpoint, or the TorchScript file when {@code torchScript}
 * @param torchScript whether {@code model} is a TorchScript file
 * @param dataset the data set's name
 * @param dataDir the data files' folder, or null for the embedded digits
 * @param testImages the first this many test images (0: all)
 * @param config the settings, the defense's preset draws resolved
 * @param device the {@code --device} value the tasks compute on
 * @param adversarialDir where the tasks write adversarial examples ({@code --save-adversarial}), or
 *     null
 */
public record EvalTask(
        String model,
        boolean torchScript,
        String dataset,
        String dataDir,
        int testImages,
        EvalConfig config,
        String device,
        String adversarialDir)
        implements Serializable {

    /** The model source it names. */
    ModelSource source() throws java.io.IOException {
        Path file = Path.of(model);
        return torchScript ? new ModelSource.TorchScriptFile(file) : ModelSource.checkpoint(file);
    }

    /** The model and data set, for messages. */
    public String describe() {
        return model + " on " + dataset;
    }
}
