package dev.noiseshield.attack.kinds;

import dev.noiseshield.attack.Attack;
import dev.noiseshield.attack.AttackKind;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.Pgd;
import dev.noiseshield.attack.PgdSettings;
import java.util.List;

/** {@code pgd}: projected gradient descent with a random start (Madry et al.). */
final class PgdKind implements AttackKind {
    @Override
    public List<String> budget() {
        return STEPS_AND_RESTARTS;
    }

    @Override
    public String name() {
        return "pgd";
    }

    @Override
    public String summary() {
        return "PGD, L-inf or L2, random start, restarts keep a point that fooled the model";
    }

    @Override
    public int defaultSteps() {
        return 20;
    }

    @Override
    public Attack build(AttackSpec spec, Context context) {
        return new Pgd(KindNorms.of(spec), settings(spec));
    }

    /** PGD's settings of a spec: its steps, its step relative to eps, restarts, random start. */
    static PgdSettings settings(AttackSpec spec) {
        return new PgdSettings(
                spec.steps(), spec.stepSize() / spec.epsilon(), spec.restarts(), true);
    }
}
