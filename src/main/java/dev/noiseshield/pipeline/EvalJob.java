package dev.noiseshield.pipeline;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.noiseshield.data.Datasets;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.eval.Convergence;
import dev.noiseshield.eval.EvalConfig;
import dev.noiseshield.eval.EvaluationJournal;
import dev.noiseshield.eval.EvaluationStoppedException;
import dev.noiseshield.eval.ExampleImages;
import dev.noiseshield.eval.RobustnessEvaluator;
import dev.noiseshield.eval.ShardPlan;
import dev.noiseshield.model.EvaluatedModel;
import dev.noiseshield.model.Network;
import dev.noiseshield.report.ReportWriter;
import dev.noiseshield.report.RobustnessReport;
import dev.noiseshield.run.ComputeDevice;
import dev.noiseshield.run.Json;
import dev.noiseshield.run.RunInfo;
import dev.noiseshield.run.RunLock;
import dev.noiseshield.train.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Evaluates a model (a checkpoint, or a TorchScript file) on the test split of a data set and
 * writes report.json and report.md.
 *
 * @param model the checkpoint or TorchScript file evaluated
 * @param dataset data set name, or null for the one the checkpoint was trained on
 * @param dataDir folder of the data files, or null for the embedded digits
 * @param config evaluation settings
 * @param out folder for the reports
 * @param journal what to do with the journal of an earlier evaluation in {@code out}: continue it
 *     ({@code --resume}), or start afresh
 * @param testImages evaluate on the first this many test images only (0: the whole test set)
 * @param converge grow attack budgets until robust accuracy stops falling before evaluating, and
 *     evaluate the grown attacks ({@code --converge}); null: the attacks as given
 */
public record EvalJob(
        ModelSource model,
        String dataset,
        Path dataDir,
        EvalConfig config,
        Path out,
        EvaluationJournal.Mode journal,
        int testImages,
        Convergence.Settings converge) {

    /** Where {@code --converge}'s growth keeps the batches it finished, beside the report. */
    public static final String GROWTH_JOURNAL = "convergence.journal";

    /** Evaluates into {@code out}, which no other process may write meanwhile ({@link RunLock}). */
    public RobustnessReport run(Consumer<String> progress) throws IOException {
        return run(progress, null);
    }

    /**
     * Evaluates into {@code out}, the tasks on {@code cluster} (null: here); the sanity checks and
     * the report's example images are computed here, after the tasks.
     */
    public RobustnessReport run(Consumer<String> progress, Cluster cluster) throws IOException {
        try (RunLock lock = RunLock.acquire(out)) {
            RunInfo.checkLog(out);
            return runLocked(progress, cluster);
        }
    }

    private RobustnessReport runLocked(Consumer<String> progress, Cluster cluster)
            throws IOException {
        String name = dataset != null ? dataset : model.trainedOn();
        if (name == null) {
            throw new IllegalArgumentException(
                    "--dataset is needed: the model does not say which data it takes");
        }
        Datasets.Split data = Datasets.load(name, dataDir).withTestImages(testImages);
        try (NDManager root = ComputeDevice.newBaseManager();
                EvaluatedModel network = model.open(root, data.test(), name)) {
            java.util.Map<String, Network> sources = new java.util.HashMap<>();
            EvalConfig resolved = config.withPresetDraws(model.inferenceDraws()).withRadiiOf(name);
            Convergence.Outcome grown = null;
            if (converge != null) {
                grown = grow(network, data.test(), name, resolved, root, progress, cluster);
                resolved = resolved.toBuilder().attacks(grown.attacks()).build();
            }
            RobustnessReport report;
            Path journalFile = out.resolve(EvaluationJournal.FILE);
            ObjectNode identity = identity(name, data.test(), resolved);
            try (EvaluationJournal journal =
                    EvaluationJournal.open(journalFile, identity, this.journal)) {
                if (journal.resumedBatches() > 0) {
                    progress.accept(
                            "resuming: "
                                    + journal.resumedBatches()
                                    + " finished batches in "
                                    + journalFile);
                }
                RobustnessEvaluator evaluator = new RobustnessEvaluator(resolved, progress);
                if (cluster != null) {
                    EvalTask task = task(name, resolved, testImages);
                    String key = identity.toString();
                    evaluator.tasks((c, plan) -> cluster.evaluate(task, key, plan, out, progress));
                }
                report =
                        evaluator
                                .sources(
                                        path ->
                                                sources.computeIfAbsent(
                                                        path,
                                                        q -> loadSource(q, root, data.test())))
                                .adversarialDir(adversarialDir())
                                .examplesFile(out.resolve(ExampleImages.FILE))
                                .journal(journal)
                                .evaluate(network, data.test(), name, model.defense(), root);
            } catch (EvaluationStoppedException e) {
                throw new IllegalStateException(
                        "evaluation stopped: "
                                + e.getMessage()
                                + "; the batches it finished "
                                + "are in "
                                + journalFile
                                + ": run again with --resume (with a higher --max-memory or a "
                                + "lower --eval-batch-size)",
                        e);
            }
            if (grown != null) {
                report = report.withConvergence(grown.found(), grown.curves());
            }
            ReportWriter.write(report, out);
            return report;
        }
    }

    /**
     * The attacks {@code --converge} grows, before the evaluation; kept for an evaluation that
     * continues ({@link ConvergedBudgets}). Its points' batches go to OUT/{@value #GROWTH_JOURNAL},
     * so a growth killed part-way resumes them; with a cluster, each point's tasks run there and
     * their results are kept under OUT/converge/ATTACK.
     */
    private Convergence.Outcome grow(
            EvaluatedModel network,
            ImageDataset test,
            String datasetName,
            EvalConfig resolved,
            NDManager root,
            Consumer<String> progress,
            Cluster cluster)
            throws IOException {
        ObjectNode identity = identity(datasetName, test, resolved);
        identity.set("converge", Json.MAPPER.valueToTree(converge));
        RobustnessEvaluator evaluator = new RobustnessEvaluator(resolved, progress);
        if (cluster != null) {
            evaluator.tasks(
                    (point, plan) ->
                            cluster.evaluate(
                                    task(datasetName, point, plan.testImages()),
                                    pointIdentity(datasetName, test, point, plan),
                                    plan,
                                    out.resolve("converge").resolve(fileName(point)),
                                    progress));
        }
        return ConvergedBudgets.reuseOrGrow(
                out,
                identity,
                journal != EvaluationJournal.Mode.FRESH,
                () -> growWith(evaluator, network, test, root, identity, progress),
                progress);
    }

    /** The growth, its points' batches in OUT/{@value #GROWTH_JOURNAL}. */
    private Convergence.Outcome growWith(
            RobustnessEvaluator evaluator,
            EvaluatedModel network,
            ImageDataset test,
            NDManager root,
            ObjectNode identity,
            Consumer<String> progress) {
        EvaluationJournal.Mode mode =
                journal == EvaluationJournal.Mode.FRESH
                        ? EvaluationJournal.Mode.FRESH
                        : EvaluationJournal.Mode.RESUME_IF_SAME;
        try (EvaluationJournal points =
                EvaluationJournal.open(out.resolve(GROWTH_JOURNAL), identity, mode)) {
            if (points.resumedBatches() > 0) {
                progress.accept(
                        "converge: resuming "
                                + points.resumedBatches()
                                + " finished batches in "
                                + out.resolve(GROWTH_JOURNAL));
            }
            return evaluator.journal(points).converge(network, test, converge, root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.resolve(GROWTH_JOURNAL), e);
        }
    }

    /**
     * What one growth point's task results depend on: the evaluation's identity with its settings.
     */
    private String pointIdentity(
            String datasetName, ImageDataset test, EvalConfig point, ShardPlan plan) {
        try {
            return identity(datasetName, test.head(plan.testImages()), point).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A growth point's folder name: its attack's name, with nothing a file system refuses. */
    private static String fileName(EvalConfig point) {
        return point.attacks().get(0).name().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Where {@code --save-adversarial} writes: OUT/adversarial. */
    private Path adversarialDir() {
        return out.resolve("adversarial");
    }

    /**
     * This evaluation, or one point of its growth, as the processes that compute its tasks receive
     * it.
     *
     * @param testImages the first this many test images (0: all)
     */
    private EvalTask task(String datasetName, EvalConfig resolved, int testImages) {
        Path file =
                model instanceof ModelSource.TorchScriptFile t
                        ? t.file()
                        : ((ModelSource.CheckpointFile) model).checkpoint();
        return new EvalTask(
                file.toAbsolutePath().toString(),
                model instanceof ModelSource.TorchScriptFile,
                datasetName,
                dataDir == null ? null : dataDir.toAbsolutePath().toString(),
                testImages,
                resolved,
                ComputeDevice.requested(),
                resolved.saveAdversarial() ? adversarialDir().toAbsolutePath().toString() : null);
    }

    /**
     * What the evaluation's results depend on: the checkpoint's content (its digest, which reading
     * it checked), the test images and the settings, and how the journal's batches are written and
     * ordered ({@link EvaluationJournal#FORMAT}). A journal is resumed only by an evaluation with
     * the same identity.
     */
    private ObjectNode identity(String datasetName, ImageDataset test, EvalConfig resolved)
            throws IOException {
        ObjectNode identity = Json.MAPPER.createObjectNode();
        model.identify(identity);
        identity.put("dataset", datasetName);
        identity.put("testImagesSha256", test.sha256());
        identity.set("settings", Json.MAPPER.valueToTree(resolved));
        return identity;
    }

    /**
     * The substitute model of a transfer attack, from its checkpoint, noise ON as trained; it lives
     * in root and is closed with it. Its input must match the evaluated model's.
     */
    static Network loadSource(String path, NDManager root, ImageDataset test) {
        try {
            Path file = Path.of(path);
            Checkpoint.Contents source = Checkpoint.read(file);
            Network network = source.network(root, file);
            if (network.spec().inputChannels() != test.channels()
                    || network.spec().imageSize() != test.height()
                    || network.numClasses() != test.numClasses()) {
                throw new IllegalArgumentException(
                        "transfer source "
                                + path
                                + " takes other inputs or classes than the "
                                + "evaluated model");
            }
            network.setBatchNormTraining(false);
            network.setParameterGradients(false);
            return network;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(
                    "cannot load transfer source " + path + ": " + e.getMessage(), e);
        }
    }
}
