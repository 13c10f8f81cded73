package dev.noiseshield.attack.kinds;

import dev.noiseshield.attack.AttackKind;
import dev.noiseshield.attack.AttackPlugin;
import java.util.List;

/** The tool's own attack kinds, registered as a plugin is ({@code META-INF/services}). */
public final class BuiltInAttacks implements AttackPlugin {
    @Override
    public List<AttackKind> kinds() {
        return List.of(
                SingleStepKind.FGSM,
                new PgdKind(),
                new CwLinfKind(),
                new ApgdKind(ApgdKind.Loss.CE),
                new ApgdKind(ApgdKind.Loss.DLR),
                new ApgdKind(ApgdKind.Loss.TARGETED_DLR),
                new FabKind(),
                new CwL2Kind(),
                new SquareKind(),
                new ZooKind(),
                SingleStepKind.RANDOM,
                new TransferKind(),
                new AutoAttackKind(AutoAttackKind.Version.STANDARD),
                new AutoAttackKind(AutoAttackKind.Version.RAND));
    }
}
