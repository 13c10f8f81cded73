package dev.noiseshield.defense;

import java.util.List;

/**
 * What a jar adds to the tool's defenses: its {@link DefenseKind}s. A plugin jar names its
 * implementation in {@code META-INF/services/dev.noiseshield.defense.DefensePlugin} and is put on
 * the class path ({@code NOISESHIELD_CLASSPATH} for {@code ./noiseshield}; on a Spark cluster the
 * launcher passes the same jars to the executors); {@link Defenses} finds it with {@link
 * java.util.ServiceLoader}. The built-in defenses come the same way ({@link BuiltInDefenses}).
 */
public interface DefensePlugin {
    /** The defenses this plugin adds, in the order {@code --help} lists them. */
    List<DefenseKind> defenses();
}
