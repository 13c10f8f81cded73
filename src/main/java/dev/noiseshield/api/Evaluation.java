package dev.noiseshield.api;

import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.data.Datasets;
import dev.noiseshield.eval.EvalConfig;
import dev.noiseshield.eval.EvaluationJournal;
import dev.noiseshield.pipeline.EvalJob;
import dev.noiseshield.pipeline.ModelSource;
import dev.noiseshield.report.RobustnessReport;
import dev.noiseshield.report.RunPage;
import dev.noiseshield.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * One evaluation, configured step by step ({@link NoiseShield#evaluation}); {@link #run} writes
 * report.json, report.md and report.html into the report folder and returns the typed report.
 */
public final class Evaluation {
    private final Path model;
    private String dataset;
    private Path dataDir;
    private List<String> attacks = EvalConfig.DEFAULT_ATTACKS;
    private Consumer<EvalConfig.Builder> settings = b -> {};
    private java.util.function.Function<String, EvalConfig> settingsFor;
    private boolean torchScriptFile;
    private int testImages;
    private Path out;
    private boolean resume;
    private dev.noiseshield.eval.Convergence.Settings converge;
    private Consumer<String> progress = line -> System.err.println(line);

    Evaluation(Path model) {
        this.model = model;
    }

    /**
     * The data set (default: the one the checkpoint was trained on; a TorchScript file needs it).
     */
    public Evaluation dataset(String name) {
        this.dataset = name;
        return this;
    }

    /** The folder of the data set's files (default: the embedded digits). */
    public Evaluation dataDir(Path dir) {
        this.dataDir = dir;
        return this;
    }

    /**
     * The attacks, each as {@code --attacks} writes one ({@code pgd:steps=20,eot=5}); radii not
     * given are the data set's (default: {@link EvalConfig#DEFAULT_ATTACKS}).
     */
    public Evaluation attacks(String... specs) {
        this.attacks = List.of(specs);
        return this;
    }

    /** Any other setting, on a builder that holds the command line's defaults. */
    public Evaluation configure(Consumer<EvalConfig.Builder> more) {
        this.settings = settings.andThen(more);
        return this;
    }

    /**
     * Every setting at once, for the data set evaluated (whose radii the attacks default to), in
     * place of {@link #attacks} and {@link #configure}: as {@code evaluate}'s options give them.
     */
    public Evaluation config(java.util.function.Function<String, EvalConfig> forDataset) {
        this.settingsFor = forDataset;
        return this;
    }

    /** The model is a TorchScript file whatever its name ends with (default: a {@code .pt}). */
    public Evaluation torchScript() {
        this.torchScriptFile = true;
        return this;
    }

    /** Only the first N test images, clean accuracy included (0: all; for quick looks). */
    public Evaluation testImages(int n) {
        this.testImages = n;
        return this;
    }

    /**
     * The report folder (default: the run folder, or evaluation-NAME beside a TorchScript file).
     */
    public Evaluation out(Path dir) {
        this.out = dir;
        return this;
    }

    /**
     * Grow attack budgets until the robust accuracy stops falling, before the evaluation, which
     * then reports the grown attacks ({@code evaluate --converge}); null: the attacks as given.
     */
    public Evaluation converge(dev.noiseshield.eval.Convergence.Settings settings) {
        this.converge = settings;
        return this;
    }

    /** Continue an interrupted evaluation from its journal in the report folder. */
    public Evaluation resume(boolean fromJournal) {
        this.resume = fromJournal;
        return this;
    }

    /** Where progress lines go (default: standard error). */
    public Evaluation progress(Consumer<String> lines) {
        this.progress = lines;
        return this;
    }

    /** The job this evaluation runs, as {@code evaluate} would run it. */
    public EvalJob job() throws IOException {
        boolean torchScript =
                torchScriptFile || (!Files.isDirectory(model) && model.toString().endsWith(".pt"));
        if (torchScript && dataset == null) {
            throw new IllegalArgumentException(
                    model
                            + ": a TorchScript file needs dataset(...): it does not say which data"
                            + " it takes");
        }
        Path checkpoint = Files.isDirectory(model) ? Checkpoint.latestOf(model) : model;
        ModelSource source =
                torchScript
                        ? new ModelSource.TorchScriptFile(model)
                        : ModelSource.checkpoint(checkpoint);
        String data = dataset != null ? dataset : source.trainedOn();
        EvalConfig settingsUsed = settingsFor != null ? settingsFor.apply(data) : settings(data);
        Path dir =
                out != null
                        ? out
                        : Files.isDirectory(model) ? model : defaultFolder(checkpoint, torchScript);
        return new EvalJob(
                source,
                dataset,
                dataDir,
                settingsUsed,
                dir,
                resume ? EvaluationJournal.Mode.RESUME : EvaluationJournal.Mode.FRESH,
                testImages,
                converge);
    }

    /**
     * The command line's defaults with {@link #attacks} at the data set's radii and {@link
     * #configure}'s.
     */
    private EvalConfig settings(String data) {
        Datasets.Radii radii = Datasets.radii(data);
        List<AttackSpec> specs =
                attacks.stream().map(a -> AttackSpec.parse(a, radii.linf(), radii.l2())).toList();
        EvalConfig.Builder config = EvalConfig.builder().attacks(specs).radii(radii);
        settings.accept(config);
        return config.build();
    }

    /** Evaluates, writes report.json, report.md and report.html, and returns what they say. */
    public RobustnessReport run() throws IOException {
        EvalJob job = job();
        RobustnessReport report = job.run(progress);
        RunPage.write(job.out());
        return report;
    }

    /**
     * The run folder above a checkpoint's checkpoints/, or {@code evaluation-NAME} beside a
     * TorchScript file (a run folder given is its own).
     */
    private static Path defaultFolder(Path file, boolean torchScript) {
        Path parent = file.toAbsolutePath().getParent();
        if (!torchScript) {
            return parent.getParent();
        }
        return parent.resolve(
                "evaluation-" + file.getFileName().toString().replaceFirst("\\.[^.]*$", ""));
    }
}
