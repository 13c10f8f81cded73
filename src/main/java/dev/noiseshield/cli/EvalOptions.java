package dev.noiseshield.cli;

import dev.noiseshield.eval.AttackSpec;
import dev.noiseshield.eval.EvalConfig;
import dev.noiseshield.model.Ensemble;
import dev.noiseshield.nn.NoiseMode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Evaluation options shared by {@code evaluate} and {@code demo}. */
final class EvalOptions {
    @Option(names = "--attacks", split = ";", paramLabel = "ATTACK",
            description = "Attacks, separated by ';': KIND[:key=value,...] with KIND fgsm or pgd and keys eps, "
                    + "steps, step (default 2.5*eps/steps), restarts, eot, norm (linf, l2). "
                    + "Example: 'fgsm;pgd:steps=20;pgd:steps=10,eot=5'.")
    List<String> attacks = List.of("fgsm", "pgd:steps=20", "pgd:steps=10,eot=5");

    @Option(names = "--eps", description = "Attack radius where an attack does not give eps=.")
    float epsilon = 0.3f;

    @Option(names = "--repeats", description = "Independent evaluations (seeds seed, seed+1, ...) for mean and std.")
    int repeats = 5;

    @Option(names = "--ensemble", description = "Noise draws combined per prediction, and attacked together (1: "
            + "single pass; default: the defense's preset, 10 for rse, else 1).")
    int ensembleDraws = 0;

    @Option(names = "--ensemble-rule", description = "How ensemble draws are combined: mean-prob, mean-logits, "
            + "majority-vote.", converter = RuleConverter.class)
    Ensemble.Rule ensembleRule = Ensemble.Rule.MEAN_PROB;

    @Option(names = "--attack-examples", description = "Test images attacked (0: all); clean accuracy uses all.")
    int attackExamples = 0;

    @Option(names = "--eval-batch-size", description = "Images per evaluation batch.")
    int batchSize = 250;

    @Option(names = "--noise", description = "Noise during evaluation and attacks: ${COMPLETION-CANDIDATES}.")
    NoiseMode noiseMode = NoiseMode.ON;

    @Option(names = "--eval-seed", description = "Seed of the first evaluation repeat.")
    long seed = 100;

    EvalConfig toConfig() {
        List<AttackSpec> specs = new ArrayList<>();
        for (String text : attacks) {
            if (!text.isBlank()) {
                specs.add(AttackSpec.parse(text, epsilon));
            }
        }
        return new EvalConfig(specs, repeats, ensembleDraws, ensembleRule, attackExamples, batchSize, noiseMode, seed);
    }

    static final class RuleConverter implements picocli.CommandLine.ITypeConverter<Ensemble.Rule> {
        @Override
        public Ensemble.Rule convert(String value) {
            return Ensemble.Rule.fromCliName(value);
        }
    }
}
