package dev.noiseshield.attack.kinds;

import dev.noiseshield.attack.Attack;
import dev.noiseshield.attack.AttackKind;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.Pgd;
import dev.noiseshield.attack.TransferAttack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code transfer}: PGD crafted on a substitute model, shown to the target. */
final class TransferKind implements AttackKind {
    @Override
    public List<String> budget() {
        return NO_BUDGET;
    }

    @Override
    public String name() {
        return "transfer";
    }

    @Override
    public String summary() {
        return "PGD crafted on a substitute model (source=CHECKPOINT), shown to the target";
    }

    @Override
    public int defaultSteps() {
        return 20;
    }

    @Override
    public Map<String, String> keys() {
        return Map.of("source", "");
    }

    @Override
    public boolean blackBox() {
        return true;
    }

    @Override
    public void validate(AttackSpec spec) {
        if (!spec.options().containsKey("source")) {
            throw new IllegalArgumentException(
                    "transfer needs source=CHECKPOINT, the substitute model it crafts on");
        }
    }

    @Override
    public Attack build(AttackSpec spec, Context context) {
        String source = spec.options().get("source");
        return new TransferAttack(
                context.sources().apply(source),
                Path.of(source).getFileName().toString(),
                new Pgd(KindNorms.of(spec), PgdKind.settings(spec)));
    }

    @Override
    public String displayName(AttackSpec spec) {
        return AttackKind.decorate(spec, "transfer-pgd-" + spec.steps());
    }
}
