package dev.noiseshield.pipeline;

import ai.djl.ndarray.NDManager;
import dev.noiseshield.data.Datasets;
import dev.noiseshield.defense.Defense;
import dev.noiseshield.eval.EvalConfig;
import dev.noiseshield.eval.EvaluationStoppedException;
import dev.noiseshield.eval.ReportWriter;
import dev.noiseshield.eval.RobustnessEvaluator;
import dev.noiseshield.eval.RobustnessReport;
import dev.noiseshield.model.Network;
import dev.noiseshield.run.AtomicFiles;
import dev.noiseshield.run.Json;
import dev.noiseshield.run.RunLock;
import dev.noiseshield.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Evaluates a checkpoint on the test split of a data set and writes report.json and report.md.
 *
 * @param checkpoint checkpoint file
 * @param dataset data set name, or null for the one the checkpoint was trained on
 * @param dataDir folder of the data files, or null for the embedded digits
 * @param config evaluation settings
 * @param out folder for the reports
 */
public record EvalJob(Path checkpoint, String dataset, Path dataDir, EvalConfig config, Path out) {
    /** What an evaluation stopped part-way leaves in the report folder. */
    public static final String PARTIAL_RESULTS = "partial-results.json";

    /** Evaluates into {@code out}, which no other process may write meanwhile ({@link RunLock}). */
    public RobustnessReport run(Consumer<String> progress) throws IOException {
        try (RunLock lock = RunLock.acquire(out)) {
            return runLocked(progress);
        }
    }

    private RobustnessReport runLocked(Consumer<String> progress) throws IOException {
        Checkpoint.Contents contents = Checkpoint.read(checkpoint);
        String name = dataset != null ? dataset : contents.state.dataset();
        Datasets.Split data = Datasets.load(name, dataDir);
        try (NDManager root = NDManager.newBaseManager();
                Network network = contents.network(root, checkpoint)) {
            if (data.test().channels() != network.spec().inputChannels()
                    || data.test().height() != network.spec().imageSize()
                    || data.test().numClasses() != network.spec().numClasses()) {
                throw new IllegalArgumentException(String.format(
                        "%s has %dx%dx%d images in %d classes; the model expects %dx%dx%d in %d", name,
                        data.test().channels(), data.test().height(), data.test().width(), data.test().numClasses(),
                        network.spec().inputChannels(), network.spec().imageSize(), network.spec().imageSize(),
                        network.spec().numClasses()));
            }
            java.util.Map<String, Network> sources = new java.util.HashMap<>();
            EvalConfig resolved = config.withPresetDraws(presetDraws(contents.state.defense()));
            RobustnessReport report;
            try {
                report = new RobustnessEvaluator(resolved, progress)
                        .sources(path -> sources.computeIfAbsent(path, q -> loadSource(q, root, network)))
                        .adversarialDir(out.resolve("adversarial"))
                        .evaluate(network, data.test(), name, contents.state.defense(), root);
            } catch (EvaluationStoppedException e) {
                Path file = out.resolve(PARTIAL_RESULTS);
                AtomicFiles.write(file, o -> Json.MAPPER.writeValue(o, e.partial()));
                throw new IllegalStateException("evaluation stopped: " + e.getMessage()
                        + "; per-example results so far: " + file, e);
            }
            ReportWriter.write(report, out);
            return report;
        }
    }

    /** The defense's inference preset (RSE: an ensemble), 1 for a defense this version does not know. */
    private static int presetDraws(String defense) {
        try {
            return Defense.fromCliName(defense).inferenceDraws();
        } catch (IllegalArgumentException e) {
            return 1;
        }
    }

    /**
     * The substitute model of a transfer attack, from its checkpoint, noise ON as trained; it lives in
     * root and is closed with it. Its input must match the evaluated model's.
     */
    private static Network loadSource(String path, NDManager root, Network target) {
        try {
            Path file = Path.of(path);
            Checkpoint.Contents source = Checkpoint.read(file);
            Network network = source.network(root, file);
            if (network.spec().inputChannels() != target.spec().inputChannels()
                    || network.spec().imageSize() != target.spec().imageSize()
                    || network.numClasses() != target.numClasses()) {
                throw new IllegalArgumentException("transfer source " + path + " takes other inputs or classes than the "
                        + "evaluated model");
            }
            network.setBatchNormTraining(false);
            network.setParameterGradients(false);
            return network;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot load transfer source " + path + ": " + e.getMessage(), e);
        }
    }
}
