package dev.noiseshield.cli;

import dev.noiseshield.eval.Convergence;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What {@code evaluate} and {@code compare} need to evaluate: the evaluation's settings, {@code
 * --converge} and its settings, and {@code --spark}, as one set of options (as {@link
 * TrainingSetup} is for training).
 */
final class EvaluationSetup {
    @Mixin EvalOptions eval;

    @Mixin ConvergeOptions converge;

    @Mixin SparkOption spark;

    /**
     * Refuses a bad option of the three before any file is read (the radii wait for the data set)
     * and gives the convergence settings of {@code spec}'s command line.
     */
    Convergence.Settings checked(CommandSpec spec) {
        eval.checked();
        return convergeAndSparkChecked(spec);
    }

    /** As {@link #checked(CommandSpec)}, and the attacks at {@code dataset}'s radii too. */
    Convergence.Settings checked(CommandSpec spec, String dataset) {
        eval.toConfig(dataset); // checks what checked() does, then the radii
        return convergeAndSparkChecked(spec);
    }

    private Convergence.Settings convergeAndSparkChecked(CommandSpec spec) {
        spark.check();
        return converge.settings(spec);
    }
}
