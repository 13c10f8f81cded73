package dev.noiseshield.run;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An enum constant as the command line, the reports and run.json name it ({@code pni-w}, {@code
 * small-cnn}). The lookup by name and the list of names in help texts and error messages are
 * written once here for every such enum.
 */
public interface CliName {
    /**
     * The name; by default, for an enum constant, its Java name in lower case with '-' for '_'
     * ({@code PNI_W}: {@code pni-w}). Anything that is not an enum must give its own.
     */
    default String cliName() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant of {@code type} whose command-line name (or Java name) is {@code name}, in any
     * case; otherwise an error naming the {@code kind} of thing and every known name.
     */
    static <E extends Enum<E> & CliName> E lookup(Class<E> type, String kind, String name) {
        for (E e : type.getEnumConstants()) {
            if (e.cliName().equalsIgnoreCase(name) || e.name().equalsIgnoreCase(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException(
                "unknown "
                        + kind
                        + " '"
                        + name
                        + "'; choose one of "
                        + String.join(", ", names(type)));
    }

    /** Every command-line name of {@code type}, in declaration order. */
    static <E extends Enum<E> & CliName> List<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(CliName::cliName).toList();
    }
}
