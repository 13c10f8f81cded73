package dev.noiseshield.attack;

import dev.noiseshield.run.Plugins;
import java.util.Map;

/**
 * The registry of attack kinds: the built-in ones and every plugin's on the class path ({@link
 * AttackPlugin}), found once with {@link java.util.ServiceLoader}, by name, in the order the
 * plugins list them (the built-in ones first).
 */
public final class AttackKinds {
    private static final Plugins<AttackPlugin, AttackKind> REGISTRY =
            new Plugins<>(AttackPlugin.class, "attack", AttackPlugin::kinds, AttackKind::name);

    private AttackKinds() {}

    /** Every kind by name. */
    public static Map<String, AttackKind> all() {
        return REGISTRY.all();
    }

    /** The kind of that name (case-insensitive); an unknown one names every kind there is. */
    public static AttackKind of(String name) {
        return REGISTRY.of(name);
    }
}
