package dev.noiseshield.attack;

import java.util.List;

/**
 * What a jar adds to the tool's attacks: its {@link AttackKind}s. A plugin jar names its
 * implementation in {@code META-INF/services/dev.noiseshield.attack.AttackPlugin} and is put on the
 * class path ({@code NOISESHIELD_CLASSPATH} for {@code ./noiseshield}, the executors' class path on
 * Spark); {@link AttackKinds} finds it with {@link java.util.ServiceLoader}. The built-in kinds
 * come the same way ({@code kinds.BuiltInAttacks}).
 */
public interface AttackPlugin {
    /** The kinds this plugin adds, in the order {@code --help} lists them. */
    List<AttackKind> kinds();
}
