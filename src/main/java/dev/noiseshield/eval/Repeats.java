package dev.noiseshield.eval;

import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.Eot;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.report.RobustnessReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Per-example results of every repeat, and what the report makes of them. */
final class Repeats {
    final List<AttackSpec> specs;
    final List<Long> seeds = new ArrayList<>();
    final List<Double> clean = new ArrayList<>();
    final List<Double> testSetClean = new ArrayList<>();
    final List<float[]> cleanScores = new ArrayList<>();
    final List<List<float[]>> perAttack = new ArrayList<>();
    final List<List<RobustnessReport.Stage>> stages = new ArrayList<>();
    final List<float[]> worst = new ArrayList<>();
    final double[] seconds;
    final double[] sizeSum;
    final long[] sizeCount;
    final double[] sizeMax;
    final double[] fooledSizeSum;
    final long[] fooledCount;

    Repeats(List<AttackSpec> specs) {
        this.specs = specs;
        this.seconds = new double[specs.size()];
        this.sizeSum = new double[specs.size()];
        this.sizeCount = new long[specs.size()];
        this.sizeMax = new double[specs.size()];
        this.fooledSizeSum = new double[specs.size()];
        this.fooledCount = new long[specs.size()];
        specs.forEach(a -> perAttack.add(new ArrayList<>()));
    }

    void add(int a, CascadeResult result) {
        perAttack.get(a).add(result.fractions());
        if (stages.size() == a) { // the first repeat's
            stages.add(result.reportStages());
        }
        seconds[a] += result.seconds();
        for (float v : result.sizes()) {
            sizeSum[a] += v;
            sizeCount[a]++;
            sizeMax[a] = Math.max(sizeMax[a], v);
        }
        for (float v : result.fooledSizes()) {
            fooledSizeSum[a] += v;
            fooledCount[a]++;
        }
    }

    /**
     * The attack with the lowest accuracy in the first repeat (a cascade's first member), or null
     * when there is none: what the report's example images show.
     */
    AttackSpec strongest() {
        AttackSpec best = null;
        double lowest = Double.POSITIVE_INFINITY;
        for (int a = 0; a < specs.size(); a++) {
            double accuracy = DrawScores.expected(perAttack.get(a).get(0));
            if (accuracy < lowest) {
                lowest = accuracy;
                best = specs.get(a).isComposite() ? specs.get(a).components().get(0) : specs.get(a);
            }
        }
        return best;
    }

    /** Per-image scores of every attack in the first repeat, for the sanity checks. */
    Map<AttackSpec, float[]> firstRepeat() {
        Map<AttackSpec, float[]> out = new LinkedHashMap<>();
        for (int a = 0; a < specs.size(); a++) {
            out.put(specs.get(a), perAttack.get(a).get(0));
        }
        return out;
    }

    /** The interval of a mean over repeats of the same images, each repeat's accuracy in runs. */
    private static Significance.Interval repeatInterval(List<Double> runs, int images) {
        return Significance.interval(Stats.mean(runs), images, Stats.std(runs), runs.size());
    }

    RobustnessReport.Clean clean() {
        return new RobustnessReport.Clean(
                Stats.mean(clean),
                Stats.std(clean),
                repeatInterval(clean, cleanScores.get(0).length),
                clean,
                Stats.mean(testSetClean));
    }

    List<RobustnessReport.AttackResult> attackResults(Classifier deployed) {
        List<RobustnessReport.AttackResult> attacks = new ArrayList<>();
        for (int a = 0; a < specs.size(); a++) {
            AttackSpec s = specs.get(a);
            List<Double> runs = map(perAttack.get(a), DrawScores::expected);
            attacks.add(
                    new RobustnessReport.AttackResult(
                            s.name(),
                            s.norm(),
                            s.epsilon(),
                            s.steps(),
                            s.restarts(),
                            s.eot(),
                            Eot.wrap(deployed, s.eot()).gradientDraws()
                                    * AttackRunner.passesPerCall(deployed),
                            Stats.mean(runs),
                            Stats.std(runs),
                            repeatInterval(runs, perAttack.get(a).get(0).length),
                            runs,
                            rule(perAttack.get(a), DrawScores::majority),
                            interval(perAttack.get(a), DrawScores::majority),
                            rule(perAttack.get(a), DrawScores::allDraws),
                            interval(perAttack.get(a), DrawScores::allDraws),
                            s.isComposite()
                                    ? s.components().stream().map(AttackSpec::name).toList()
                                    : List.of(),
                            s.isComposite() ? stages.get(a) : List.of(),
                            sizeCount[a] == 0 ? 0 : sizeSum[a] / sizeCount[a],
                            sizeMax[a],
                            fooledCount[a] == 0 ? null : fooledSizeSum[a] / fooledCount[a],
                            seconds[a]));
        }
        return attacks;
    }

    RobustnessReport.WorstCase worstCase() {
        if (specs.isEmpty()) {
            return null;
        }
        List<Double> runs = map(worst, DrawScores::expected);
        return new RobustnessReport.WorstCase(
                Stats.mean(runs),
                Stats.std(runs),
                repeatInterval(runs, worst.get(0).length),
                rule(worst, DrawScores::majority),
                interval(worst, DrawScores::majority),
                rule(worst, DrawScores::allDraws),
                interval(worst, DrawScores::allDraws),
                specs.stream().map(AttackSpec::name).toList(),
                meanPerImage(worst));
    }

    /** A scoring rule's accuracy, the mean over repeats. */
    private static double rule(List<float[]> runs, ToDoubleFunction<float[]> rule) {
        return Stats.mean(map(runs, rule));
    }

    /** A scoring rule's 95% interval: Wilson's over the images, widened by the repeats' spread. */
    private static Significance.Interval interval(
            List<float[]> runs, ToDoubleFunction<float[]> rule) {
        List<Double> values = map(runs, rule);
        return Significance.interval(
                Stats.mean(values), runs.get(0).length, Stats.std(values), values.size());
    }

    /** Each image's score averaged over the repeats. */
    private static List<Float> meanPerImage(List<float[]> runs) {
        List<Float> scores = new ArrayList<>();
        for (int i = 0; i < runs.get(0).length; i++) {
            double sum = 0;
            for (float[] run : runs) {
                sum += run[i];
            }
            scores.add((float) (sum / runs.size()));
        }
        return scores;
    }

    static List<Double> map(List<float[]> runs, ToDoubleFunction<float[]> rule) {
        List<Double> out = new ArrayList<>();
        for (float[] f : runs) {
            out.add(rule.applyAsDouble(f));
        }
        return out;
    }
}
