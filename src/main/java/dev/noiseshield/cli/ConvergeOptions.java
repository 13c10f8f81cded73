package dev.noiseshield.cli;

import dev.noiseshield.eval.Convergence;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --converge} and its settings, for the commands that evaluate ({@code evaluate}, {@code
 * compare}): attack budgets grown until the robust accuracy stops falling (docs/evaluation.md,
 * Converged numbers).
 */
class ConvergeOptions {
    @Option(
            names = "--converge",
            description =
                    "Before each evaluation, grow the budget of its strongest white-box attack"
                            + " (or of --converge-attacks): steps, then EOT draws on a noisy model,"
                            + " then restarts, each doubling on the attacked images until one"
                            + " doubling lowers robust accuracy by less than --converge-tolerance"
                            + " and not significantly, or it reaches --converge-cap; the"
                            + " evaluation then reports the grown attack, with its curves"
                            + " (docs/evaluation.md, Converged numbers).")
    boolean converge;

    @Option(
            names = "--converge-attacks",
            paramLabel = "NAMES",
            split = ",",
            description =
                    "With --converge: the attacks to grow, as reports name them (pgd-20,"
                            + " eot-pgd-10x5); default: the strongest white-box attack.")
    List<String> convergeAttacks = List.of();

    @Option(
            names = "--converge-tolerance",
            paramLabel = "FRACTION",
            description =
                    "With --converge: the largest drop in robust accuracy one doubling may make"
                            + " for the number to count as converged (default: ${DEFAULT-VALUE},"
                            + " one point).")
    double convergeTolerance = Convergence.DEFAULT_TOLERANCE;

    @Option(
            names = "--converge-cap",
            paramLabel = "FACTOR",
            description =
                    "With --converge: the most a setting grows, as a factor of its value, a power"
                            + " of two (default: ${DEFAULT-VALUE}, three doublings).")
    int convergeCap = Convergence.DEFAULT_CAP;

    /** The --converge settings, or null without it; options that need it refused without it. */
    Convergence.Settings settings(CommandSpec spec) {
        if (!converge) {
            for (String option :
                    List.of("--converge-attacks", "--converge-tolerance", "--converge-cap")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new IllegalArgumentException(option + " needs --converge");
                }
            }
            return null;
        }
        return new Convergence.Settings(convergeAttacks, convergeTolerance, convergeCap);
    }
}
