package dev.noiseshield.attack;

/**
 * The checks attacks make of their own settings, so that every refusal reads alike and names the
 * attack, the setting and the value given: {@code C&W needs iterations >= 1, got 0}.
 */
final class SettingChecks {
    private SettingChecks() {}

    /** Refuses a count below 1 (steps, restarts, targets, draws, queries). */
    static void atLeastOne(String attack, String setting, int value) {
        if (value < 1) {
            throw refused(attack, setting + " >= 1", value);
        }
    }

    /** Refuses a rate or constant that is not finite and above 0. */
    static void positive(String attack, String setting, float value) {
        if (!(value > 0) || Float.isInfinite(value)) {
            throw refused(attack, "a finite " + setting + " > 0", value);
        }
    }

    /** Refuses a setting that is not finite and at least 0. */
    static void notNegative(String attack, String setting, float value) {
        if (!(value >= 0) || Float.isInfinite(value)) {
            throw refused(attack, "a finite " + setting + " >= 0", value);
        }
    }

    private static IllegalArgumentException refused(String attack, String what, Object value) {
        return new IllegalArgumentException(attack + " needs " + what + ", got " + value);
    }
}
