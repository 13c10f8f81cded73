package dev.noiseshield.attack.kinds;

import dev.noiseshield.attack.Attack;
import dev.noiseshield.attack.AttackKind;
import dev.noiseshield.attack.AttackLoss;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.Pgd;
import java.util.List;

/** {@code cw-linf}: PGD on the C&W margin loss, which does not saturate as cross-entropy can. */
final class CwLinfKind implements AttackKind {
    @Override
    public String name() {
        return "cw-linf";
    }

    @Override
    public String summary() {
        return "PGD on the C&W margin loss";
    }

    @Override
    public List<String> norms() {
        return List.of("linf");
    }

    @Override
    public Attack build(AttackSpec spec, Context context) {
        return new Pgd(KindNorms.of(spec), PgdKind.settings(spec), AttackLoss.CW_MARGIN, "cw");
    }
}
