package dev.noiseshield.defense;

import dev.noiseshield.run.Plugins;
import java.util.Map;

/**
 * The registry of defenses: the built-in ones ({@link Defense}) and every plugin's on the class
 * path ({@link DefensePlugin}), by the name {@code --defense} takes.
 */
public final class Defenses {
    private static final Plugins<DefensePlugin, DefenseKind> REGISTRY =
            new Plugins<>(
                    DefensePlugin.class, "defense", DefensePlugin::defenses, DefenseKind::cliName);

    private Defenses() {}

    /** Every defense by name. */
    public static Map<String, DefenseKind> all() {
        return REGISTRY.all();
    }

    /** The defense of that name (case-insensitive); an unknown one names every defense there is. */
    public static DefenseKind of(String name) {
        return REGISTRY.of(name);
    }

    /**
     * The inference draws of the defense a checkpoint or an exported model names; 1 for a name no
     * defense on the class path has (a model from elsewhere predicts with one pass unless told
     * otherwise).
     */
    public static int inferenceDraws(String defense) {
        return REGISTRY.find(defense).map(DefenseKind::inferenceDraws).orElse(1);
    }
}
