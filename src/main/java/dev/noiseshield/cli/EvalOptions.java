package dev.noiseshield.cli;

import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.data.Datasets;
import dev.noiseshield.eval.EvalConfig;
import dev.noiseshield.eval.Sweep;
import dev.noiseshield.model.Ensemble;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.run.MemoryGuard;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Evaluation options shared by {@code evaluate} and {@code demo}. */
final class EvalOptions {
    @Option(
            names = "--attacks",
            split = ";",
            paramLabel = "ATTACK",
            completionCandidates = NameLists.AttackKinds.class,
            description =
                    "Attacks, separated by ';': KIND[:key=value,...]. Every KIND takes eps, steps"
                        + " (queries for square), step (default 2.5*eps/steps), restarts, eot and"
                        + " norm (linf, l2); the kinds, with their own keys in brackets (plugin"
                        + " jars on the class path add theirs): ${COMPLETION-CANDIDATES}. Example:"
                        + " 'fgsm;pgd:steps=20;pgd:steps=10,eot=5;autoattack-rand'.")
    List<String> attacks = EvalConfig.DEFAULT_ATTACKS;

    @Option(
            names = "--eps",
            paramLabel = "EPS",
            description =
                    "L-inf radius of the attacks that do not give eps=, as 0.3 or 8/255 (default:"
                            + " the data set's, 0.3 for MNIST, 8/255 for CIFAR-10/100).")
    String epsilon;

    @Option(
            names = "--eps-l2",
            paramLabel = "EPS",
            description =
                    "L2 radius of the norm=l2 attacks that do not give eps= (default: 2.0 for"
                            + " MNIST, 0.5 for CIFAR-10/100).")
    String epsilonL2;

    @Option(
            names = "--repeats",
            description = "Independent evaluations (seeds seed, seed+1, ...) for mean and std.")
    int repeats = EvalConfig.DEFAULTS.repeats();

    @Option(
            names = "--ensemble",
            description =
                    "Noise draws combined per prediction, and attacked together (1: "
                            + "single pass; default: the defense's preset, 10 for rse, else 1).")
    int ensembleDraws = EvalConfig.DEFAULTS.ensembleDraws();

    @Option(
            names = "--ensemble-rule",
            description = "How ensemble draws are combined: ${COMPLETION-CANDIDATES}.")
    Ensemble.Rule ensembleRule = EvalConfig.DEFAULTS.ensembleRule();

    @Option(
            names = "--scoring-draws",
            description =
                    "Noise draws that score each clean and adversarial example of a stochastic"
                            + " model (expected accuracy, majority vote, correct on all draws).")
    int scoringDraws = EvalConfig.DEFAULTS.scoringDraws();

    @Option(
            names = "--checks",
            arity = "1",
            paramLabel = "true|false",
            description =
                    "Run the sanity checks (gradient masking, monotone in eps, ...) and put them in"
                            + " the report.")
    boolean checks = EvalConfig.DEFAULTS.checks();

    @Option(names = "--check-examples", description = "Test images the sanity checks attack.")
    int checkExamples = EvalConfig.DEFAULTS.checkExamples();

    @Option(
            names = "--sweep",
            split = ";",
            paramLabel = "PARAM=V1,V2",
            description =
                    "Sweeps of the first attack, separated by ';': eps=..., steps=..., eot=... "
                            + "(written to the report and sweeps.csv).")
    List<String> sweeps = List.of();

    @Option(
            names = "--save-adversarial",
            description =
                    "Write the first repeat's adversarial examples as float32 "
                            + "tensors with labels and predictions "
                            + "(OUT/adversarial/<attack>-eps<eps>.npz; with --spark the executors "
                            + "write them, so --out must be a folder every machine sees).")
    boolean saveAdversarial;

    @Option(
            names = "--attack-examples",
            description =
                    "The first N test images are evaluated (0: all): clean and robust accuracy"
                            + " count the same images; the report adds the whole test set's clean"
                            + " accuracy.")
    int attackExamples = EvalConfig.DEFAULTS.attackExamples();

    @Option(names = "--eval-batch-size", description = "Images per evaluation batch.")
    int batchSize = EvalConfig.DEFAULTS.batchSize();

    @Option(
            names = "--shard-size",
            paramLabel = "N",
            description =
                    "Test images per task of the evaluation: each repeat is cut into shards of N"
                        + " images that run every attack on their own (on Spark, in parallel). Like"
                        + " the batch size it is part of what the numbers depend on; the number of"
                        + " machines never is. Best a multiple of the evaluation batch size.")
    int shardSize = EvalConfig.DEFAULTS.shardSize();

    @Option(
            names = "--noise",
            description = "Noise during evaluation and attacks: ${COMPLETION-CANDIDATES}.")
    NoiseMode noiseMode = EvalConfig.DEFAULTS.noiseMode();

    @Option(names = "--eval-seed", description = "Seed of the first evaluation repeat.")
    long seed = EvalConfig.DEFAULTS.seed();

    @Option(
            names = "--max-memory",
            paramLabel = "MB",
            description =
                    "Resident memory at which an evaluation stops with one line, keeping the"
                        + " batches it finished in OUT/evaluation.journal for --resume, instead of"
                        + " being killed by the kernel (0: no limit; default: 85%% of this"
                        + " machine's memory, here ${DEFAULT-VALUE} MB).")
    long maxMemoryMegabytes = MemoryGuard.defaultLimitMegabytes();

    /**
     * Checks every option that needs no data set (the numbers, the radii given, the sweeps, the
     * attacks' kinds and keys), so that a bad one is refused before any file is read; also sets the
     * process's memory ceiling, which every attack step checks.
     */
    Checked checked() {
        OptionChecks.atLeast("--max-memory", maxMemoryMegabytes, 0);
        OptionChecks.atLeast("--repeats", repeats, 1);
        OptionChecks.atLeast("--ensemble", ensembleDraws, 0);
        OptionChecks.atLeast("--scoring-draws", scoringDraws, 1);
        OptionChecks.atLeast("--check-examples", checkExamples, 1);
        OptionChecks.atLeast("--attack-examples", attackExamples, 0);
        OptionChecks.atLeast("--eval-batch-size", batchSize, 1);
        OptionChecks.atLeast("--shard-size", shardSize, 1);
        radii(Float.NaN, Float.NaN); // the radii given, whatever the defaults
        MemoryGuard.setLimitMegabytes(maxMemoryMegabytes);
        return new Checked(
                parseEach("--attacks", attacks, AttackSpec::read),
                parseEach("--sweep", sweeps, Sweep::parse));
    }

    /** The attacks as written, their default radii still to come, and the sweeps. */
    record Checked(List<AttackSpec.Unresolved> attacks, List<Sweep> sweeps) {}

    /**
     * The evaluation settings on a data set, whose radii are the defaults of {@code --eps} and
     * {@code --eps-l2}.
     */
    EvalConfig toConfig(String dataset) {
        Checked written = checked();
        Datasets.Radii defaults = Datasets.radii(dataset);
        Datasets.Radii radii = radii(defaults.linf(), defaults.l2());
        List<AttackSpec> specs =
                parseEach(
                        "--attacks",
                        written.attacks(),
                        attack -> attack.at(radii.linf(), radii.l2()));
        return EvalConfig.builder()
                .attacks(specs)
                .repeats(repeats)
                .ensembleDraws(ensembleDraws)
                .ensembleRule(ensembleRule)
                .scoringDraws(scoringDraws)
                .attackExamples(attackExamples)
                .batchSize(batchSize)
                .shardSize(shardSize)
                .noiseMode(noiseMode)
                .seed(seed)
                .checks(checks)
                .checkExamples(checkExamples)
                .sweeps(written.sweeps())
                .saveAdversarial(saveAdversarial)
                .radii(radii)
                .build();
    }

    /** {@code --eps} and {@code --eps-l2}, each the default given where it is not set. */
    private Datasets.Radii radii(float linf, float l2) {
        return new Datasets.Radii(
                OptionChecks.radius("--eps", epsilon, linf, 1),
                OptionChecks.radius("--eps-l2", epsilonL2, l2, Float.MAX_VALUE));
    }

    /** Parses every non-blank entry of a list option; a refusal names the option. */
    private static <S, T> List<T> parseEach(
            String option, List<S> texts, java.util.function.Function<S, T> parser) {
        List<T> parsed = new ArrayList<>();
        for (S text : texts) {
            try {
                if (!(text instanceof String written && written.isBlank())) {
                    parsed.add(parser.apply(text));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
            }
        }
        return parsed;
    }
}
