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
            completionCandidates = NameLists.AttackKinds.class)
    List<String> attacks = EvalConfig.DEFAULT_ATTACKS;

    @Option(names = "--eps", paramLabel = "EPS")
    String epsilon;

    @Option(names = "--eps-l2", paramLabel = "EPS")
    String epsilonL2;

    @Option(names = "--repeats", descriptionKey = "eval.repeats", paramLabel = "N")
    int repeats = EvalConfig.DEFAULTS.repeats();

    @Option(names = "--ensemble", paramLabel = "N")
    int ensembleDraws = EvalConfig.DEFAULTS.ensembleDraws();

    @Option(names = "--ensemble-rule", paramLabel = "RULE")
    Ensemble.Rule ensembleRule = EvalConfig.DEFAULTS.ensembleRule();

    @Option(names = "--scoring-draws", paramLabel = "N")
    int scoringDraws = EvalConfig.DEFAULTS.scoringDraws();

    @Option(names = "--checks", arity = "1", paramLabel = "true|false")
    boolean checks = EvalConfig.DEFAULTS.checks();

    @Option(names = "--check-examples", paramLabel = "N")
    int checkExamples = EvalConfig.DEFAULTS.checkExamples();

    @Option(names = "--sweep", split = ";", paramLabel = "PARAM=V1,V2")
    List<String> sweeps = List.of();

    @Option(names = "--save-adversarial")
    boolean saveAdversarial;

    @Option(names = "--attack-examples", paramLabel = "N")
    int attackExamples = EvalConfig.DEFAULTS.attackExamples();

    @Option(names = "--eval-batch-size", paramLabel = "N")
    int batchSize = EvalConfig.DEFAULTS.batchSize();

    @Option(names = "--shard-size", paramLabel = "N")
    int shardSize = EvalConfig.DEFAULTS.shardSize();

    @Option(names = "--noise", descriptionKey = "eval.noise", paramLabel = "ON|OFF")
    NoiseMode noiseMode = EvalConfig.DEFAULTS.noiseMode();

    @Option(names = "--eval-seed", paramLabel = "N")
    long seed = EvalConfig.DEFAULTS.seed();

    @Option(names = "--max-memory", paramLabel = "MB")
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
