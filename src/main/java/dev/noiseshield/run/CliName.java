package dev.noiseshield.run;

import java.util.Arrays;
import java.util.List;

/**
 * An enum constant as the command line, the reports and run.json name it ({@code pni-w}, {@code
 * small-cnn}). The lookup by name and the list of names in help texts and error messages are
 * written once here for every such enum.
 */
public interface CliName {
    String cliName();

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
