package dev.noiseshield.recipe;

import java.util.Map;

/**
 * Options a reproduction adds to every command line its recipes describe, after the recipe's and
 * the scale's own (the data folder, the device, a user's overrides), keyed by option name.
 *
 * @param train added to every {@code train}
 * @param evaluate added to every {@code evaluate}
 */
public record AddedOptions(Map<String, String> train, Map<String, String> evaluate) {
    /** Nothing added. */
    public static final AddedOptions NONE = new AddedOptions(Map.of(), Map.of());
}
