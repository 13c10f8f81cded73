package dev.noiseshield.pipeline;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.data.Datasets;
import dev.noiseshield.defense.DefenseKind;
import dev.noiseshield.defense.DefenseOptions;
import dev.noiseshield.defense.Defenses;
import dev.noiseshield.model.Architecture;
import dev.noiseshield.model.ModelSpec;
import dev.noiseshield.model.Network;
import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.model.Shortcut;
import dev.noiseshield.model.ShortcutJson;
import dev.noiseshield.model.WidthJson;
import dev.noiseshield.run.ComputeDevice;
import dev.noiseshield.run.EngineThreads;
import dev.noiseshield.run.RunInfo;
import dev.noiseshield.run.RunLock;
import dev.noiseshield.train.Checkpoint;
import dev.noiseshield.train.EpochStats;
import dev.noiseshield.train.NonFiniteLossException;
import dev.noiseshield.train.ProgressPrinter;
import dev.noiseshield.train.TrainConfig;
import dev.noiseshield.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Trains a defended model into a run folder: checkpoints in {@code out/checkpoints}, one per epoch.
 * Refuses to start over a folder that already has checkpoints unless asked to resume, so that no
 * finished work is overwritten by accident.
 *
 * @param dataset data set name ({@link Datasets})
 * @param dataDir folder of the data files, or null for the embedded digits
 * @param architecture network to train
 * @param width channel multiplier
 * @param shortcut a ResNet's shortcuts where the shape changes (null: projections)
 * @param defense defense to train
 * @param options the defense's knobs (noise placement, TRADES beta, loss weights)
 * @param config training settings
 * @param out run folder
 * @param resume continue from the folder's last checkpoint
 */
public record TrainJob(
        String dataset,
        Path dataDir,
        Architecture architecture,
        @WidthJson double width,
        @ShortcutJson Shortcut shortcut,
        @com.fasterxml.jackson.databind.annotation.JsonSerialize(using = DefenseKind.AsJson.class)
                DefenseKind defense,
        DefenseOptions options,
        TrainConfig config,
        Path out,
        boolean resume) {

    /**
     * The job in a form another process can receive (Java serialization; paths as strings, which
     * must name a folder every machine shares; the defense by name, found again in the registry of
     * the process that runs it, whose class path has the same plugins).
     */
    public record Portable(
            String dataset,
            String dataDir,
            Architecture architecture,
            double width,
            dev.noiseshield.model.Shortcut shortcut,
            String defense,
            DefenseOptions options,
            TrainConfig config,
            String out,
            boolean resume)
            implements java.io.Serializable {
        /** The job again. */
        public TrainJob job() {
            return new TrainJob(
                    dataset,
                    dataDir == null ? null : Path.of(dataDir),
                    architecture,
                    width,
                    shortcut,
                    Defenses.of(defense),
                    options,
                    config,
                    Path.of(out),
                    resume);
        }
    }

    /** This job for another process. */
    public Portable portable() {
        return new Portable(
                dataset,
                dataDir == null ? null : dataDir.toAbsolutePath().toString(),
                architecture,
                width,
                shortcut,
                defense.cliName(),
                options,
                config,
                out.toAbsolutePath().toString(),
                resume);
    }

    /**
     * How many times a training starts again from its last checkpoint (or from the start) after a
     * non-finite loss from finite weights and images: the rare fault of docs/known-problems.md
     * ("The rare NaN"), seen even in a fresh process. The epochs are seeded, so the run that starts
     * again computes what an uninterrupted one would have; a model that diverges fails every time.
     */
    static final int RESTARTS_AFTER_FAULT = 2;

    /**
     * What a finished job left behind.
     *
     * @param checkpoint its last checkpoint
     * @param history every epoch's figures
     * @param restarts the non-finite steps it started again after, as their errors said them
     */
    public record Outcome(Path checkpoint, List<EpochStats> history, List<String> restarts) {}

    /** Trains into {@code out}, which no other process may write meanwhile ({@link RunLock}). */
    public Outcome run(PrintStream log, double progressIntervalSeconds) throws IOException {
        EngineThreads.autogradOff(); // this thread may not be the engine's (a Spark task)
        try (RunLock lock = RunLock.acquire(out)) {
            RunInfo.checkLog(out);
            Path checkpoints = out.resolve("checkpoints");
            checkResume(checkpoints);
            List<String> restarts = new java.util.ArrayList<>();
            while (true) {
                boolean fromCheckpoint = Checkpoint.latest(checkpoints).isPresent();
                try {
                    Outcome done = runLocked(log, progressIntervalSeconds, fromCheckpoint);
                    return new Outcome(done.checkpoint(), done.history(), List.copyOf(restarts));
                } catch (NonFiniteLossException e) {
                    if (!e.fromFiniteWeightsAndInputs()
                            || restarts.size() == RESTARTS_AFTER_FAULT) {
                        throw e;
                    }
                    restarts.add(e.getMessage());
                    log.println(
                            "non-finite loss from finite weights and images (docs/"
                                    + "known-problems.md, \"The rare NaN\"): starting again from"
                                    + " the last checkpoint, which gives the uninterrupted run's"
                                    + " numbers; "
                                    + e.getMessage());
                }
            }
        }
    }

    /** A fresh run must find no checkpoint, a resumed one at least one. */
    private void checkResume(Path checkpoints) throws IOException {
        Optional<Path> existing = Checkpoint.latest(checkpoints);
        if (!resume && existing.isPresent()) {
            throw new IllegalStateException(
                    out
                            + " already holds checkpoints ("
                            + existing.get().getFileName()
                            + "); pass --resume to continue that run, or choose another --out");
        }
        if (resume && existing.isEmpty()) {
            throw new IllegalStateException(
                    "nothing to resume: " + checkpoints + " holds no checkpoint");
        }
    }

    private Outcome runLocked(PrintStream log, double progressIntervalSeconds, boolean resumed)
            throws IOException {
        Path checkpoints = out.resolve("checkpoints");
        Optional<Path> existing = Checkpoint.latest(checkpoints);
        Datasets.Split data =
                Datasets.load(dataset, dataDir).withTrainingImages(config.trainImages());
        ModelSpec spec =
                defense.apply(
                        new ModelSpec(
                                architecture,
                                data.train().channels(),
                                data.train().height(),
                                data.train().numClasses(),
                                width,
                                data.mean(),
                                data.std(),
                                NoiseSpec.NONE,
                                shortcut),
                        options);
        if (data.train().height() != data.train().width()) {
            throw new IllegalArgumentException(
                    "square images expected, got "
                            + data.train().height()
                            + "x"
                            + data.train().width());
        }
        log.printf(
                "training %s (%s) on %s: %d images, %d epochs, augmentation %s%n",
                architecture,
                defense.cliName(),
                dataset,
                data.train().size(),
                config.epochs(),
                config.augment().cliName());
        try (NDManager root = ComputeDevice.newBaseManager()) {
            Trainer trainer;
            Network network;
            if (resumed) {
                Checkpoint.Contents contents = Checkpoint.read(existing.get());
                if (!contents.state.model().equals(spec)) {
                    throw new IllegalArgumentException(
                            "cannot resume: the checkpoint's model is "
                                    + contents.state.model()
                                    + ", the options describe "
                                    + spec);
                }
                network = contents.network(root, existing.get());
                trainer =
                        Trainer.resume(contents, network, config, data.train(), checkpoints, root);
                log.printf(
                        contents.state.epochsDone() >= config.epochs()
                                ? "already trained (%d epochs): reusing %s%n"
                                : "resuming after epoch %d from %s%n",
                        contents.state.epochsDone(),
                        existing.get());
            } else {
                Engine.getInstance().setRandomSeed((int) config.seed());
                network = Network.create(spec, root);
                trainer =
                        new Trainer(
                                network,
                                config,
                                dataset,
                                defense.cliName(),
                                data.train(),
                                checkpoints,
                                root);
            }
            try (network) {
                String label = architecture + "/" + defense.cliName();
                List<EpochStats> history =
                        trainer.listener(
                                        new ProgressPrinter(
                                                label,
                                                config.epochs(),
                                                log,
                                                progressIntervalSeconds))
                                .run();
                return new Outcome(
                        Checkpoint.latest(checkpoints).orElseThrow(), history, List.of());
            }
        }
    }
}
