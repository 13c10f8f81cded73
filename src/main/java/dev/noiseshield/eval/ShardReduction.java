package dev.noiseshield.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins the results of every task of a {@link ShardPlan} into the per-example results of the whole
 * evaluation: the shards of a repeat one after the other, in the order of their images, whatever
 * the order the tasks finished in.
 */
final class ShardReduction {
    private final ShardPlan plan;
    private final Map<ShardPlan.Task, ShardResult> byTask = new HashMap<>();

    ShardReduction(ShardPlan plan, List<ShardResult> results) {
        this.plan = plan;
        for (ShardResult r : results) {
            byTask.put(r.task(), r);
        }
        for (ShardPlan.Task task : plan.tasks()) {
            if (!byTask.containsKey(task)) {
                throw new IllegalStateException("no result for task " + task.name());
            }
        }
    }

    /** The repeats, as the evaluation of all images at once gives them. */
    Repeats repeats(EvalConfig config) {
        Repeats out = new Repeats(config.attacks());
        for (int r = 0; r < plan.repeats(); r++) {
            List<ShardResult> parts = shardsOf(r);
            float[] cleanAll = Floats.concat(parts.stream().map(ShardResult::clean).toList());
            float[] clean = Arrays.copyOf(cleanAll, plan.attackedImages());
            float[] cleanSelection =
                    Arrays.copyOf(
                            Floats.concat(parts.stream().map(ShardResult::cleanSelection).toList()),
                            plan.attackedImages());
            out.seeds.add(config.seed() + r);
            out.clean.add(DrawScores.expected(clean));
            out.testSetClean.add(DrawScores.expected(cleanAll));
            out.cleanScores.add(clean);
            // per example the worst input over clean and every attack, chosen on the selection
            // draws, counted by its estimate
            float[] worst = clean.clone();
            float[] worstSelection = cleanSelection;
            int[] all = java.util.stream.IntStream.range(0, clean.length).toArray();
            for (int a = 0; a < config.attacks().size(); a++) {
                CascadeResult joined = attack(r, a);
                out.add(a, joined);
                DrawScores.keepWorse(worst, worstSelection, joined.scored(), all);
            }
            out.worst.add(worst);
        }
        return out;
    }

    /** Attack {@code attack}'s cascade in repeat {@code repeat}, over all its shards' images. */
    CascadeResult attack(int repeat, int attack) {
        return CascadeResult.concat(
                shardsOf(repeat).stream().map(p -> p.attacks().get(attack)).toList());
    }

    /** The user's sweep points of the first repeat, in the order of the sweeps and values. */
    List<CascadeResult> sweeps() {
        List<ShardResult> parts = shardsOf(0);
        List<CascadeResult> points = new ArrayList<>();
        for (int k = 0; k < plan.sweepRuns(); k++) {
            int point = k;
            points.add(
                    CascadeResult.concat(parts.stream().map(p -> p.sweeps().get(point)).toList()));
        }
        return points;
    }

    private List<ShardResult> shardsOf(int repeat) {
        List<ShardResult> parts = new ArrayList<>();
        for (int s = 0; s < plan.shards(); s++) {
            parts.add(byTask.get(new ShardPlan.Task(repeat, s)));
        }
        return parts;
    }
}
