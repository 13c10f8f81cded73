package dev.noiseshield.eval;

import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.Epsilon;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One sweep: an attack's accuracy with one setting ({@code eps}, {@code steps} or {@code eot})
 * taking several values, the other settings as the attack has them.
 */
public record Sweep(String parameter, List<Double> values) implements java.io.Serializable {
    private static final Set<String> PARAMETERS = Set.of("eps", "steps", "eot");

    public Sweep {
        parameter = parameter.toLowerCase(Locale.ROOT);
        values = List.copyOf(values);
        if (!PARAMETERS.contains(parameter)) {
            throw new IllegalArgumentException(
                    "can sweep eps, steps or eot, not '" + parameter + "'");
        }
        if (values.isEmpty() || values.stream().anyMatch(v -> !(v > 0) || v.isInfinite())) {
            throw new IllegalArgumentException(
                    "sweep values must be positive numbers, got " + values);
        }
    }

    /** Parses {@code eps=0.1,0.2,0.3} or {@code eps=2/255,4/255,8/255}. */
    public static Sweep parse(String text) {
        String[] kv = text.split("=", 2);
        if (kv.length != 2) {
            throw new IllegalArgumentException(
                    "a sweep is PARAMETER=V1,V2,..., got '" + text + "'");
        }
        List<Double> values = new ArrayList<>();
        for (String v : kv[1].split(",", -1)) {
            try {
                values.add(v.contains("/") ? Epsilon.parse(v) : Double.parseDouble(v.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "sweep value '" + v + "' in '" + text + "' is not a number");
            }
        }
        return new Sweep(kv[0].trim(), values);
    }

    /** The attack with this sweep's parameter set to {@code value}. */
    public AttackSpec apply(AttackSpec base, double value) {
        return switch (parameter) {
            case "eps" -> base.with((float) value, base.steps(), base.eot());
            case "steps" -> base.with(base.epsilon(), (int) Math.round(value), base.eot());
            default -> base.with(base.epsilon(), base.steps(), (int) Math.round(value));
        };
    }
}
