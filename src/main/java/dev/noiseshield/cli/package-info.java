/**
 * The {@code noiseshield} command line (picocli). Commands parse options, build the library's
 * settings records and call the library; they hold no logic of their own. What an option means, as
 * {@code --help} prints it, is in {@code OptionHelp.properties} beside these classes, keyed by the
 * option's name (or its {@code descriptionKey} where two commands' options share a name); options
 * that several commands take are option groups ({@code TrainingSetup}, {@code EvaluationSetup},
 * {@code SavedModelOptions}, ...).
 */
package dev.noiseshield.cli;
