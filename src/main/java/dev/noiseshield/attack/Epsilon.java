package dev.noiseshield.attack;

import java.util.Locale;

/**
 * An attack radius as papers write it: a decimal ({@code 0.3}) or a fraction of the 8-bit pixel
 * range ({@code 8/255}). Parsing accepts both; printing gives the fraction where the decimal would
 * be a long row of digits, so that a CIFAR radius reads {@code 8/255} and an MNIST one {@code 0.3}.
 */
public final class Epsilon {
    private Epsilon() {}

    /**
     * {@code 0.3}, {@code 8/255} or {@code 8 / 255}.
     *
     * @throws NumberFormatException (an {@link IllegalArgumentException}) naming the text when it
     *     is neither
     */
    public static float parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        try {
            if (slash < 0) {
                return Float.parseFloat(trimmed);
            }
            double numerator = Double.parseDouble(trimmed.substring(0, slash).trim());
            double denominator = Double.parseDouble(trimmed.substring(slash + 1).trim());
            if (!(denominator > 0)) {
                throw new NumberFormatException("divides by " + denominator);
            }
            return (float) (numerator / denominator);
        } catch (NumberFormatException e) {
            throw new NumberFormatException(
                    "'" + text + "' is not a radius; write it as 0.3 or 8/255");
        }
    }

    /**
     * As papers print it: {@code 0.3}, {@code 1.5}, {@code 8/255}; a value that is neither a short
     * decimal nor a multiple of 1/255 keeps four significant digits.
     */
    public static String format(float eps) {
        String decimal = Float.toString(eps);
        if (!decimal.contains("E") && decimal.length() <= 5) {
            return decimal;
        }
        double steps = eps * 255.0;
        long whole = Math.round(steps);
        if (whole > 0 && Math.abs(steps - whole) < 1e-3) {
            return whole + "/255";
        }
        return String.format(Locale.ROOT, "%.4g", eps).replaceAll("0+$", "");
    }
}
