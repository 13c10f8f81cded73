package dev.noiseshield.model;

import java.util.List;

/**
 * What a jar adds to the tool's noise layers: its {@link NoiseLayerKind}s, named in {@code
 * META-INF/services/dev.noiseshield.model.NoiseLayerPlugin}. A defense plugin ({@link
 * dev.noiseshield.defense.DefensePlugin}) whose noise spec names such a layer usually ships both in
 * one jar.
 */
public interface NoiseLayerPlugin {
    /** The noise layers this plugin adds. */
    List<NoiseLayerKind> noiseLayers();
}
