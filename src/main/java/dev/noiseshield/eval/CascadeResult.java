package dev.noiseshield.eval;

import dev.noiseshield.report.RobustnessReport;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link Cascade} of attacks left of some examples: per example its robust score, per stage
 * the examples it attacked and the scores after it. Results of disjoint shards of examples join
 * ({@link #concat}) into the result of all of them, which is how a sharded evaluation reports the
 * numbers of a whole one.
 *
 * @param fractions per example, the robust score after every attack
 * @param selection per example, the selection score of the input the robust score is of
 * @param stages per attack of the cascade, what it attacked and left
 * @param sizes the sizes of every perturbation the attacks produced
 * @param fooledSizes the sizes of the perturbations that fooled an example: most draws right before
 *     the attack that fooled it, most wrong after it (empty in results carried before it was kept)
 * @param seconds time spent on the attacks
 */
@SuppressWarnings("ArrayRecordComponent") // a carrier of results, never compared or hashed
public record CascadeResult(
        float[] fractions,
        float[] selection,
        List<StageRun> stages,
        float[] sizes,
        float[] fooledSizes,
        double seconds)
        implements Serializable {

    /**
     * One attack of the cascade.
     *
     * @param attack its name
     * @param attacked the examples it attacked (those still robust before it)
     * @param robustAfter per example, the robust score after it
     * @param seconds its time
     */
    @SuppressWarnings("ArrayRecordComponent") // a carrier of results, never compared or hashed
    public record StageRun(String attack, int attacked, float[] robustAfter, double seconds)
            implements Serializable {}

    public CascadeResult {
        stages = List.copyOf(stages);
        fooledSizes = fooledSizes == null ? new float[0] : fooledSizes;
    }

    /** The stages as the report shows them, accuracy over all the examples. */
    List<RobustnessReport.Stage> reportStages() {
        return stages.stream()
                .map(
                        s ->
                                new RobustnessReport.Stage(
                                        s.attack(),
                                        s.attacked(),
                                        DrawScores.expected(s.robustAfter()),
                                        s.seconds()))
                .toList();
    }

    /** Both scores of each example, as a further choice of the worst takes them. */
    DrawScores.Scored scored() {
        return new DrawScores.Scored(fractions, selection);
    }

    /** The result of the examples of {@code parts}, in their order (the same cascade on each). */
    static CascadeResult concat(List<CascadeResult> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        List<StageRun> stages = new ArrayList<>();
        for (int k = 0; k < parts.get(0).stages().size(); k++) {
            int stage = k;
            List<StageRun> runs = parts.stream().map(p -> p.stages().get(stage)).toList();
            stages.add(
                    new StageRun(
                            runs.get(0).attack(),
                            runs.stream().mapToInt(StageRun::attacked).sum(),
                            Floats.concat(runs.stream().map(StageRun::robustAfter).toList()),
                            runs.stream().mapToDouble(StageRun::seconds).sum()));
        }
        return new CascadeResult(
                Floats.concat(parts.stream().map(CascadeResult::fractions).toList()),
                Floats.concat(parts.stream().map(CascadeResult::selection).toList()),
                stages,
                Floats.concat(parts.stream().map(CascadeResult::sizes).toList()),
                Floats.concat(parts.stream().map(CascadeResult::fooledSizes).toList()),
                parts.stream().mapToDouble(CascadeResult::seconds).sum());
    }
}
