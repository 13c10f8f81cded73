package dev.noiseshield.defense;

import java.util.List;

/** The defenses that ship with the tool, registered as any plugin's are. */
public final class BuiltInDefenses implements DefensePlugin {
    @Override
    public List<DefenseKind> defenses() {
        return List.of(Defense.values());
    }
}
