package dev.noiseshield.cli;

import dev.noiseshield.attack.Epsilon;

/**
 * Range checks of numeric options, run before any work starts, whose messages name the option as
 * the user typed it ("--epochs must be >= 1, got 0"). The settings records check the same ranges
 * again for callers of the library; these checks exist so that a command-line user reads the
 * option's name.
 */
final class OptionChecks {
    private OptionChecks() {}

    static void atLeast(String option, long value, long minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(
                    option + " must be >= " + minimum + ", got " + value);
        }
    }

    static void positive(String option, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(option + " must be finite and > 0, got " + value);
        }
    }

    static void notNegative(String option, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(option + " must be finite and >= 0, got " + value);
        }
    }

    /** {@code low < value <= high}, or {@code low <= value <= high} when {@code lowIncluded}. */
    static void within(String option, double value, double low, boolean lowIncluded, double high) {
        boolean ok = (lowIncluded ? value >= low : value > low) && value <= high;
        if (!ok) {
            throw new IllegalArgumentException(
                    option
                            + " must be in "
                            + (lowIncluded ? "[" : "(")
                            + format(low)
                            + ", "
                            + format(high)
                            + "], got "
                            + value);
        }
    }

    /** A radius option written as 0.3 or 8/255, in (0, high]; {@code fallback} when not given. */
    static float radius(String option, String text, float fallback, float high) {
        if (text == null) {
            return fallback;
        }
        float value;
        try {
            value = Epsilon.parse(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
        within(option, value, 0, false, high);
        return value;
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
