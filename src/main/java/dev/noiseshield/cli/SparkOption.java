package dev.noiseshield.cli;

import dev.noiseshield.pipeline.Cluster;
import dev.noiseshield.run.Console;
import picocli.CommandLine.Option;

/**
 * {@code --spark MASTER}: the tasks of the command on a Spark cluster (module noiseshield-spark).
 */
final class SparkOption {
    @Option(names = "--spark", paramLabel = "MASTER")
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
