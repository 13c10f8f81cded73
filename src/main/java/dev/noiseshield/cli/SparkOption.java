package dev.noiseshield.cli;

import dev.noiseshield.pipeline.Cluster;
import dev.noiseshield.run.Console;
import picocli.CommandLine.Option;

/**
 * {@code --spark MASTER}: the tasks of the command on a Spark cluster (module noiseshield-spark).
 */
final class SparkOption {
    @Option(
            names = "--spark",
            paramLabel = "MASTER",
            description =
                    "Run the evaluation's tasks (one per repeat and shard of images), and compare's"
                            + " trainings, on this Spark master: local[2], spark://HOST:7077,"
                            + " k8s://...; 'submit' under spark-submit. The report is the one a run"
                            + " without --spark writes. Needs the noiseshield-spark module, which"
                            + " ./noiseshield adds when it sees --spark (README, Spark).")
    String master;

    /** Refuses {@code --spark} at once when the Spark module is missing. */
    void check() {
        if (master != null) {
            Cluster.connector();
        }
    }

    /** The cluster, or null without {@code --spark}. */
    Cluster connect() {
        return master == null ? null : Cluster.connect(master, Console::progress);
    }
}
