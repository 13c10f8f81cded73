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
    @Option(names = "--converge")
    boolean converge;

    @Option(names = "--converge-attacks", paramLabel = "NAMES", split = ",")
    List<String> convergeAttacks = List.of();

    @Option(names = "--converge-tolerance", paramLabel = "FRACTION")
    double convergeTolerance = Convergence.DEFAULT_TOLERANCE;

    @Option(names = "--converge-cap", paramLabel = "FACTOR")
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
