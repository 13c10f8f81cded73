package dev.noiseshield.eval;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How an evaluation is cut into tasks: each repeat into shards of {@code shardSize} consecutive
 * test images. A task (repeat, shard) scores its shard's test images clean and runs every attack's
 * cascade, and the user's sweeps in the first repeat, on its shard's attacked images; its batches
 * draw from seeds of (seed of the repeat, run, the batch's first example in the whole set), so a
 * task gives the same numbers wherever and whenever it runs. The shard size is a setting of the
 * evaluation (like the batch size, it decides how the images are batched); the number of processes
 * or machines that run the tasks never changes a result.
 *
 * @param testImages images whose clean accuracy is measured
 * @param attackedImages the first images, attacked
 * @param shardSize images per shard
 * @param repeats repeats of the evaluation
 * @param runsPerRepeat clean scoring and one run per attack of every cascade
 * @param sweepRuns the user's sweep points (run in the first repeat)
 */
public record ShardPlan(
        int testImages,
        int attackedImages,
        int shardSize,
        int repeats,
        int runsPerRepeat,
        int sweepRuns)
        implements Serializable {

    /** One task of the evaluation. */
    public record Task(int repeat, int shard) implements Serializable {
        /** A short name, for progress lines and file names. */
        public String name() {
            return "repeat-" + repeat + "-shard-" + shard;
        }
    }

    /**
     * The plan of {@code config} on {@code testImages} images, the first attackExamples attacked.
     */
    static ShardPlan of(EvalConfig config, int testImages) {
        int attackedImages =
                config.attackExamples() == 0
                        ? testImages
                        : Math.min(config.attackExamples(), testImages);
        int runs = 1 + config.attacks().stream().mapToInt(a -> a.components().size()).sum();
        int sweepRuns = config.sweeps().stream().mapToInt(s -> s.values().size()).sum();
        return new ShardPlan(
                testImages, attackedImages, config.shardSize(), config.repeats(), runs, sweepRuns);
    }

    /** Shards per repeat. */
    public int shards() {
        return Math.max(1, (testImages + shardSize - 1) / shardSize);
    }

    /** Every task, repeat by repeat, shard by shard. */
    public List<Task> tasks() {
        List<Task> all = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            for (int s = 0; s < shards(); s++) {
                all.add(new Task(r, s));
            }
        }
        return all;
    }

    /** The shard's first test image. */
    int first(int shard) {
        return shard * shardSize;
    }

    /** The shard's test images. */
    int size(int shard) {
        return Math.min(testImages, first(shard) + shardSize) - first(shard);
    }

    /** The shard's attacked images (the first of its test images). */
    int attacked(int shard) {
        return Math.max(0, Math.min(attackedImages, first(shard) + shardSize) - first(shard));
    }

    /** The position of run {@code k} of repeat {@code repeat} in the evaluation. */
    int runIndex(int repeat, int k) {
        return repeat * runsPerRepeat + k;
    }

    /** The position of the user's sweep point {@code k}: after every repeat's runs. */
    int sweepRunIndex(int k) {
        return repeats * runsPerRepeat + k;
    }

    /** Where the sanity checks' runs start. */
    int checksRunIndex() {
        return sweepRunIndex(sweepRuns);
    }
}
