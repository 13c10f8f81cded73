package dev.noiseshield.attack.kinds;

import dev.noiseshield.attack.Attack;
import dev.noiseshield.attack.AttackKind;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.ZooAttack;
import java.util.List;
import java.util.Map;

/** {@code zoo}: ZOO-Adam, zeroth-order coordinate estimates (Chen et al. 2017). */
final class ZooKind implements AttackKind {
    private static final int COORDS = 32;
    private static final float LR = 0.01f;

    @Override
    public String name() {
        return "zoo";
    }

    @Override
    public String summary() {
        return "ZOO-Adam: zeroth-order coordinate estimates";
    }

    @Override
    public List<String> norms() {
        return List.of("linf");
    }

    @Override
    public Map<String, String> keys() {
        return Map.of("coords", Integer.toString(COORDS), "lr", Float.toString(LR));
    }

    @Override
    public boolean blackBox() {
        return true;
    }

    @Override
    public Attack build(AttackSpec spec, Context context) {
        return new ZooAttack(
                spec.steps(),
                spec.intOption("coords", COORDS),
                spec.floatOption("lr", LR),
                context.seed());
    }

    @Override
    public String displayName(AttackSpec spec) {
        return AttackKind.decorate(
                spec, "zoo-" + spec.steps() + "x" + spec.intOption("coords", COORDS));
    }
}
