package dev.noiseshield.attack.kinds;

import dev.noiseshield.attack.Attack;
import dev.noiseshield.attack.AttackKind;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.Fgsm;
import dev.noiseshield.attack.Norm;
import dev.noiseshield.attack.RandomNoiseAttack;
import java.util.List;
import java.util.function.Function;

/**
 * The single-step kinds, which take no steps but 1: {@code fgsm}, one signed-gradient step
 * (Goodfellow et al.), and {@code random}, a random corner of the ball, the baseline every attack
 * must beat.
 */
final class SingleStepKind implements AttackKind {
    static final SingleStepKind FGSM =
            new SingleStepKind("fgsm", "one signed-gradient step", Fgsm::new);
    static final SingleStepKind RANDOM =
            new SingleStepKind(
                    "random",
                    "random corner of the ball: a baseline, not an attack",
                    RandomNoiseAttack::new);

    private final String name;
    private final String summary;
    private final Function<Norm, Attack> attack;

    private SingleStepKind(String name, String summary, Function<Norm, Attack> attack) {
        this.name = name;
        this.summary = summary;
        this.attack = attack;
    }

    @Override
    public List<String> budget() {
        return NO_BUDGET;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public int defaultSteps() {
        return 1;
    }

    @Override
    public void validate(AttackSpec spec) {
        if (spec.steps() != 1) {
            throw new IllegalArgumentException(
                    name + " is a single step; use pgd for " + spec.steps() + " steps");
        }
    }

    @Override
    public Attack build(AttackSpec spec, Context context) {
        return attack.apply(KindNorms.of(spec));
    }

    @Override
    public String displayName(AttackSpec spec) {
        return AttackKind.decorate(spec, name);
    }
}
