package dev.noiseshield.nn;

import java.util.Objects;

/**
 * The one place where a network's noise is switched on or off. Every noise layer of a network holds
 * the same switch, so that a caller changes the mode of the whole network at once and no layer can
 * fall back on DJL's training flag.
 */
public final class NoiseSwitch {
    private volatile NoiseMode mode;

    public NoiseSwitch(NoiseMode initial) {
        this.mode = Objects.requireNonNull(initial, "initial");
    }

    public NoiseMode mode() {
        return mode;
    }

    public boolean isOn() {
        return mode == NoiseMode.ON;
    }

    public void set(NoiseMode newMode) {
        this.mode = Objects.requireNonNull(newMode, "newMode");
    }
}
