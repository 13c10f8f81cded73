package dev.noiseshield.attack.kinds;

import dev.noiseshield.attack.Attack;
import dev.noiseshield.attack.AttackKind;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.Fgsm;

/** {@code fgsm}: one signed-gradient step (Goodfellow et al.). */
final class FgsmKind implements AttackKind {
    @Override
    public String name() {
        return "fgsm";
    }

    @Override
    public String summary() {
        return "one signed-gradient step";
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
        return new Fgsm(KindNorms.of(spec));
    }

    @Override
    public String displayName(AttackSpec spec) {
        return AttackKind.decorate(spec, "fgsm");
    }
}
