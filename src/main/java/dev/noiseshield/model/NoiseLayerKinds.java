package dev.noiseshield.model;

import dev.noiseshield.run.Plugins;
import java.util.Map;

/**
 * The registry of plugin noise layers ({@link NoiseLayerPlugin}) on the class path, by name. The
 * built-in noise layers are placed by {@link NoiseSpec}'s own fields and are not listed here.
 */
public final class NoiseLayerKinds {
    private static final Plugins<NoiseLayerPlugin, NoiseLayerKind> REGISTRY =
            new Plugins<>(
                    NoiseLayerPlugin.class,
                    "noise layer",
                    NoiseLayerPlugin::noiseLayers,
                    NoiseLayerKind::name);

    private NoiseLayerKinds() {}

    /** Every plugin noise layer by name. */
    public static Map<String, NoiseLayerKind> all() {
        return REGISTRY.all();
    }

    /**
     * The noise layer of that name; one that no plugin on the class path adds (a checkpoint trained
     * with a plugin, loaded without it) is an error saying how to add it.
     */
    public static NoiseLayerKind of(String name) {
        NoiseLayerKind kind = REGISTRY.find(name).orElse(null);
        if (kind == null) {
            throw new IllegalArgumentException(
                    "the model needs the noise layer '"
                            + name
                            + "', which no plugin on the class path adds; put its jar on the class"
                            + " path (NOISESHIELD_CLASSPATH for ./noiseshield)"
                            + (all().isEmpty() ? "" : "; plugins here add " + all().keySet()));
        }
        return kind;
    }
}
