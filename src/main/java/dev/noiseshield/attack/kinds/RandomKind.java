package dev.noiseshield.attack.kinds;

import dev.noiseshield.attack.Attack;
import dev.noiseshield.attack.AttackKind;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.RandomNoiseAttack;

/** {@code random}: a random corner of the ball, the baseline every attack must beat. */
final class RandomKind implements AttackKind {
    @Override
    public String name() {
        return "random";
    }

    @Override
    public String summary() {
        return "random corner of the ball: a baseline, not an attack";
    }

    @Override
    public int defaultSteps() {
        return 1;
    }

    @Override
    public void validate(AttackSpec spec) {
        SingleStep.require(spec);
    }

    @Override
    public Attack build(AttackSpec spec, Context context) {
        return new RandomNoiseAttack(KindNorms.of(spec));
    }

    @Override
    public String displayName(AttackSpec spec) {
        return AttackKind.decorate(spec, "random");
    }
}
