package dev.noiseshield.spark;

import dev.noiseshield.pipeline.Cluster;
import java.util.function.Consumer;

/** What the core finds with ServiceLoader when {@code --spark} is given. */
public final class SparkConnector implements Cluster.Connector {
    @Override
    public Cluster connect(String master, Consumer<String> progress) {
        return SparkCluster.start(master, progress);
    }
}
