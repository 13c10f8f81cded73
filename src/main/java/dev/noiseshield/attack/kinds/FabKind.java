package dev.noiseshield.attack.kinds;

import dev.noiseshield.attack.Attack;
import dev.noiseshield.attack.AttackKind;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.Fab;
import java.util.List;
import java.util.Map;

/** {@code fab-t}: FAB-T, the targeted minimum-norm attack of AutoAttack (Croce and Hein 2020). */
final class FabKind implements AttackKind {
    @Override
    public List<String> budget() {
        return STEPS_AND_RESTARTS;
    }

    @Override
    public String name() {
        return "fab-t";
    }

    @Override
    public String summary() {
        return "FAB-T: minimum-norm, projections onto the linearised boundary of each target class";
    }

    @Override
    public Map<String, String> keys() {
        return Map.of("targets", "9");
    }

    @Override
    public Attack build(AttackSpec spec, Context context) {
        return new Fab(
                KindNorms.of(spec),
                spec.steps(),
                spec.intOption("targets", ApgdKind.TARGETS),
                spec.restarts(),
                context.seed());
    }

    @Override
    public String displayName(AttackSpec spec) {
        return AttackKind.decorate(
                spec, "fab-t-" + spec.steps() + "x" + spec.intOption("targets", ApgdKind.TARGETS));
    }
}
