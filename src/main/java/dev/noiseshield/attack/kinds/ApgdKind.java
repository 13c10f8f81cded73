package dev.noiseshield.attack.kinds;

import dev.noiseshield.attack.Apgd;
import dev.noiseshield.attack.Attack;
import dev.noiseshield.attack.AttackKind;
import dev.noiseshield.attack.AttackSpec;
import java.util.List;
import java.util.Map;

/** {@code apgd-ce}, {@code apgd-dlr}, {@code apgd-t}: APGD (Croce and Hein 2020) on its losses. */
final class ApgdKind implements AttackKind {
    /** The loss APGD ascends, with its name and summary. */
    enum Loss {
        CE("apgd-ce", Apgd.Kind.CE, "APGD on cross-entropy, as AutoAttack runs it"),
        DLR("apgd-dlr", Apgd.Kind.DLR, "APGD on the DLR loss, as AutoAttack runs it"),
        TARGETED_DLR(
                "apgd-t",
                Apgd.Kind.TARGETED_DLR,
                "APGD on the targeted DLR loss, once per target class");

        final String name;
        final Apgd.Kind kind;
        final String summary;

        Loss(String name, Apgd.Kind kind, String summary) {
            this.name = name;
            this.kind = kind;
            this.summary = summary;
        }
    }

    /** AutoAttack's target classes of APGD-T and FAB-T. */
    static final int TARGETS = 9;

    private final Loss loss;

    ApgdKind(Loss loss) {
        this.loss = loss;
    }

    @Override
    public List<String> budget() {
        return STEPS_AND_RESTARTS;
    }

    @Override
    public String name() {
        return loss.name;
    }

    @Override
    public String summary() {
        return loss.summary;
    }

    @Override
    public Map<String, String> keys() {
        return loss == Loss.TARGETED_DLR ? Map.of("targets", "9") : Map.of();
    }

    @Override
    public Attack build(AttackSpec spec, Context context) {
        return new Apgd(
                KindNorms.of(spec),
                loss.kind,
                spec.steps(),
                spec.restarts(),
                spec.intOption("targets", TARGETS));
    }

    @Override
    public String displayName(AttackSpec spec) {
        String base = name() + "-" + spec.steps();
        if (loss == Loss.TARGETED_DLR) {
            base += "x" + spec.intOption("targets", TARGETS);
        }
        return AttackKind.decorate(spec, base);
    }
}
