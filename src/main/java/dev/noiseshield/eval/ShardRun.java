package dev.noiseshield.eval;

import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.Epsilon;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.model.PassCount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * One task of a {@link ShardPlan}: the shard's test images scored clean, every attack's cascade on
 * its attacked images, and in the first repeat the user's sweeps there. Every run is placed by the
 * plan (its index and its first example in the whole set), so the task's numbers do not depend on
 * which tasks ran before it in the process.
 */
final class ShardRun {
    private final EvalConfig config;
    private final ShardPlan plan;
    private final AttackRunner runner;
    private final AttackSpec sweepBase;
    private final Consumer<String> progress;
    private final Path adversarialDir;

    /**
     * @param sweepBase the attack the user's sweeps vary
     * @param adversarialDir where the first repeat's adversarial examples go when the config asks
     *     for them; null: nowhere
     */
    ShardRun(
            EvalConfig config,
            ShardPlan plan,
            AttackRunner runner,
            AttackSpec sweepBase,
            Consumer<String> progress,
            Path adversarialDir) {
        this.config = config;
        this.plan = plan;
        this.runner = runner;
        this.sweepBase = sweepBase;
        this.progress = progress;
        this.adversarialDir = adversarialDir;
    }

    ShardResult run(ImageDataset test, ShardPlan.Task task) {
        int repeat = task.repeat();
        int first = plan.first(task.shard());
        long seed = config.seed() + repeat;
        ImageDataset shard =
                test.select(IntStream.range(first, first + plan.size(task.shard())).toArray());
        AttackRunner.Outcome clean =
                runner.run(null, shard, seed, false, plan.runIndex(repeat, 0), first);
        int attackedCount = plan.attacked(task.shard());
        ImageDataset attacked = shard.head(attackedCount);
        DrawScores.Scored cleanAttacked =
                new DrawScores.Scored(
                        Arrays.copyOf(clean.fractions(), attackedCount),
                        Arrays.copyOf(clean.selection(), attackedCount));
        progress.accept(
                String.format(
                        Locale.ROOT,
                        "%s: clean %.4f",
                        where(task),
                        DrawScores.expected(cleanAttacked.estimate())));
        List<CascadeResult> attacks = new ArrayList<>();
        int[] nextRun = {plan.runIndex(repeat, 1)};
        boolean save = config.saveAdversarial() && repeat == 0 && adversarialDir != null;
        for (AttackSpec spec : config.attacks()) {
            attacks.add(
                    Cascade.run(
                            cleanAttacked,
                            spec.components(),
                            (component, examples) ->
                                    attack(
                                            component,
                                            attacked,
                                            examples,
                                            seed,
                                            task,
                                            nextRun[0]++,
                                            save)));
        }
        List<CascadeResult> sweeps =
                repeat == 0 ? sweeps(attacked, cleanAttacked, first) : List.of();
        return new ShardResult(
                repeat, task.shard(), clean.fractions(), clean.selection(), attacks, sweeps);
    }

    /** "repeat 1/5", and the shard when there are several. */
    private String where(ShardPlan.Task task) {
        String repeat =
                String.format(Locale.ROOT, "repeat %d/%d", task.repeat() + 1, plan.repeats());
        return plan.shards() == 1
                ? repeat
                : String.format(
                        Locale.ROOT, "%s, shard %d/%d", repeat, task.shard() + 1, plan.shards());
    }

    /** One attack of a cascade on some of the shard's attacked images, with its progress line. */
    private AttackRunner.Outcome attack(
            AttackSpec spec,
            ImageDataset attacked,
            int[] examples,
            long seed,
            ShardPlan.Task task,
            int runIndex,
            boolean save) {
        ImageDataset subset = attacked.select(examples);
        int first = plan.first(task.shard());
        PassCount.Snapshot before = PassCount.now();
        AttackRunner.Outcome o = runner.run(spec, subset, seed, save, runIndex, first);
        PassCount.Snapshot passes = PassCount.now().since(before);
        progress.accept(
                String.format(
                        Locale.ROOT,
                        "%s: %s eps=%s on %d images still robust: %d robust (%.1f s; image passes:"
                                + " %,d with a gradient, %,d without)",
                        where(task),
                        spec.name(),
                        Epsilon.format(spec.epsilon()),
                        examples.length,
                        Math.round(DrawScores.expected(o.fractions()) * examples.length),
                        o.seconds(),
                        passes.gradientPasses(),
                        passes.forwardPasses()));
        if (save) {
            int[] inTestSet = Arrays.stream(examples).map(i -> i + first).toArray();
            saveExamples(spec, subset, inTestSet, o, task);
        }
        return o;
    }

    /**
     * The user's sweeps of {@code sweepBase} on the shard's attacked images, robust only where also
     * correct when clean.
     */
    private List<CascadeResult> sweeps(ImageDataset attacked, DrawScores.Scored clean, int first) {
        List<CascadeResult> points = new ArrayList<>();
        int k = 0;
        for (Sweep sweep : config.sweeps()) {
            for (double value : sweep.values()) {
                int runIndex = plan.sweepRunIndex(k++);
                points.add(
                        Cascade.run(
                                clean,
                                List.of(sweep.apply(sweepBase, value)),
                                (spec, examples) ->
                                        runner.run(
                                                spec,
                                                attacked.select(examples),
                                                config.seed(),
                                                false,
                                                runIndex,
                                                first)));
            }
        }
        return points;
    }

    /**
     * The files that {@code --save-adversarial} has the tasks of {@code plan} write into {@code
     * dir}: one per member of each attack's cascade and shard, from the first repeat (a member that
     * no image reaches still writes its empty file).
     */
    static List<Path> adversarialFiles(Path dir, EvalConfig config, ShardPlan plan) {
        List<Path> files = new ArrayList<>();
        for (AttackSpec spec : config.attacks()) {
            for (AttackSpec member : spec.components()) {
                for (int shard = 0; shard < plan.shards(); shard++) {
                    files.add(AdversarialExamples.file(dir, member, suffix(plan, shard)));
                }
            }
        }
        return files;
    }

    /** What names a shard's file of adversarial examples: nothing when there is one shard. */
    private static String suffix(ShardPlan plan, int shard) {
        return plan.shards() == 1 ? "" : "-shard" + shard;
    }

    private void saveExamples(
            AttackSpec spec,
            ImageDataset subset,
            int[] index,
            AttackRunner.Outcome o,
            ShardPlan.Task task) {
        try {
            Files.createDirectories(adversarialDir);
            Path file =
                    AdversarialExamples.write(
                            adversarialDir,
                            spec,
                            suffix(plan, task.shard()),
                            new AdversarialExamples.Batch(
                                    subset,
                                    index,
                                    o.images(),
                                    o.predictions(),
                                    o.fractions(),
                                    o.sizes()));
            progress.accept("adversarial examples: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
