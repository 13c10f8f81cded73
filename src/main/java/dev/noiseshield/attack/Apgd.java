package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.nn.DetachedView;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * APGD (Croce and Hein, ICML 2020) as AutoAttack runs it ({@code attack_single_run} of
 * fra31/auto-attack): PGD without a step-size parameter. Each example starts with step 2 eps and a
 * random point of the ball, moves with momentum 0.75, and after windows of {@code max(0.22 n, 1)}
 * iterations, each window {@code max(0.03 n, 1)} shorter than the one before and at least {@code
 * max(0.06 n, 1)} long, halves its step and restarts from its highest-loss point when fewer than
 * 75% of the window's steps raised the loss, or when its step was not halved at the last review and
 * its best loss has not moved since.
 *
 * <p>What it returns is what AutoAttack keeps: per example, an iterate that was misclassified
 * ({@code x_best_adv}), and the highest-loss iterate only for an example no iterate fooled. With
 * cross-entropy the highest-loss iterate can be classified correctly after an earlier one fooled
 * the model. On a noisy model "misclassified" is judged by the draws each step already computed for
 * its gradient (EOT's passes): an iterate is kept when no earlier one had fewer correct draws, the
 * latest among equals, as AutoAttack keeps its latest misclassified iterate.
 *
 * <p>With {@link Kind#TARGETED_DLR} (APGD-T) it runs once per target class, the {@code targets}
 * highest-scoring wrong classes on the clean input, each with the full budget. Across restarts and
 * targets, each example keeps the run with the fewest correct draws, the earliest among equals (as
 * AutoAttack attacks only what earlier runs left robust); among runs that never fooled it, the
 * point with the highest C&amp;W margin.
 *
 * @param targets target classes tried by APGD-T (AutoAttack: 9); ignored by the other kinds
 */
public record Apgd(Norm norm, Kind kind, int iterations, int restarts, int targets)
        implements Attack {
    /** The loss APGD ascends. */
    public enum Kind {
        CE,
        DLR,
        TARGETED_DLR
    }

    private static final float MOMENTUM = 0.75f;
    private static final float IMPROVEMENT_FRACTION = 0.75f;

    public Apgd {
        Objects.requireNonNull(norm, "APGD needs a norm");
        Objects.requireNonNull(kind, "APGD needs a loss");
        SettingChecks.atLeastOne("APGD", "iterations", iterations);
        SettingChecks.atLeastOne("APGD", "restarts", restarts);
        SettingChecks.atLeastOne("APGD", "targets", targets);
    }

    @Override
    public String name() {
        String loss = kind == Kind.CE ? "ce" : kind == Kind.DLR ? "dlr" : "t";
        return "apgd-"
                + loss
                + "-"
                + iterations
                + (norm instanceof LinfNorm ? "" : "-" + norm.name());
    }

    @Override
    public NDArray perturb(Classifier model, NDArray x, NDArray y, float eps) {
        return perturb(model, x, y, eps, true);
    }

    /**
     * @param skipDecided whether each run after the first attacks only the examples still
     *     undecided: those with a draw that classified their kept point correctly. An example no
     *     draw classified correctly keeps its point whatever later runs find (fewest correct draws
     *     win, the earliest among equals), so leaving it out changes no result; every run's random
     *     start is still drawn for the whole batch, so that an example starts where it would with
     *     all of them (on a deterministic model the results are the same to the bit, the test of
     *     this; on a noisy one the noise draws of the smaller batches differ).
     */
    NDArray perturb(Classifier model, NDArray x, NDArray y, float eps, boolean skipDecided) {
        NDManager out = x.getManager();
        int n = Math.toIntExact(x.getShape().get(0));
        if (kind == Kind.TARGETED_DLR && model.numClasses() < 4) {
            throw new IllegalArgumentException(
                    "APGD-T's targeted DLR loss needs at least 4 classes, got "
                            + model.numClasses());
        }
        NDArray ranked = kind == Kind.TARGETED_DLR ? rankedWrongClasses(model, x, y, out) : null;
        int losses = ranked == null ? 1 : Math.min(targets, model.numClasses() - 1);
        BestPerExample best = new BestPerExample(out, BestPerExample.Rule.FEWEST_CORRECT);
        for (int t = 0; t < losses; t++) {
            for (int r = 0; r < restarts; r++) {
                try (NDManager run = out.newSubManager()) {
                    NDArray start = norm.randomDelta(x.getShape(), eps, run);
                    Subset subset = best.nextRun(n, skipDecided, run);
                    if (subset == null) {
                        return best.result();
                    }
                    NDArray ys = subset.take(y);
                    AttackLoss loss =
                            ranked == null
                                    ? (kind == Kind.CE ? AttackLoss.CROSS_ENTROPY : AttackLoss.DLR)
                                    : AttackLoss.targetedDlr(subset.take(column(ranked, t, run)));
                    Kept kept =
                            singleRun(
                                    model, subset.take(x), ys, eps, loss, subset.take(start), run);
                    // runs with different losses are compared on one scale: the mean C&W margin
                    NDArray margin =
                            Scores.meanLoss(model, kept.point(), ys, AttackLoss.CW_MARGIN, run);
                    best.offer(subset, x, kept.point(), kept.correct(), margin, run);
                }
            }
        }
        return best.result();
    }

    /**
     * Column t of a batch array, as a view owned by the run (the batch's manager keeps nothing).
     */
    private static NDArray column(NDArray batch, int t, NDManager run) {
        NDArray view = batch.get(":, " + t);
        view.attach(run);
        return view;
    }

    /** (N, classes - 1) wrong classes per example, highest clean logit first. */
    private static NDArray rankedWrongClasses(
            Classifier model, NDArray x, NDArray y, NDManager out) {
        try (NDManager scope = out.newSubManager()) {
            // a view owned by the scope, so that the pass's arrays are freed with it
            NDArray logits = model.logits(DetachedView.of(x, scope)).stopGradient();
            NDArray masked = logits.sub(y.oneHot(model.numClasses()).mul(1e9f));
            NDArray order = masked.argSort(1, false);
            NDArray ranked = order.get(":, 0:" + (model.numClasses() - 1));
            ranked.attach(out);
            return ranked;
        }
    }

    /**
     * What one run keeps per example: its misclassified iterate, or its highest-loss one where none
     * was; and the fraction of draws that classified that point correctly when the run visited it.
     */
    private record Kept(NDArray point, NDArray correct) {}

    private Kept singleRun(
            Classifier model,
            NDArray x,
            NDArray y,
            float eps,
            AttackLoss loss,
            NDArray startDelta,
            NDManager run) {
        // The state lives in one generation manager per iteration: what the next iteration keeps
        // moves to a fresh generation, and closing the old one frees everything else.
        NDManager gen = run.newSubManager();
        State s = start(model, x, y, eps, loss, startDelta, gen);
        List<Integer> checkpoints = checkpoints(iterations);
        int nextCheckpoint = 1;
        for (int i = 0; i < iterations; i++) {
            NDManager nextGen = run.newSubManager();
            try (NDManager iteration = gen.newSubManager()) {
                State t = step(model, x, y, eps, loss, s, i == 0 ? 1f : MOMENTUM, iteration);
                if (nextCheckpoint < checkpoints.size()
                        && i + 1 == checkpoints.get(nextCheckpoint)) {
                    int window =
                            checkpoints.get(nextCheckpoint) - checkpoints.get(nextCheckpoint - 1);
                    reduceStepWhereStuck(s, t, window);
                    nextCheckpoint++;
                }
                t.attachAll(nextGen);
                s = t;
            }
            gen.close();
            gen = nextGen;
        }
        NDArray fooled = s.adversarialCorrect.lt(1f);
        Kept kept = new Kept(Scores.choose(fooled, s.adversarial, s.best), s.adversarialCorrect);
        kept.point().attach(run);
        kept.correct().attach(run);
        gen.close();
        return kept;
    }

    /** The state at a random start in the ball ({@code x + delta}), with a step of 2 eps. */
    private State start(
            Classifier model,
            NDArray x,
            NDArray y,
            float eps,
            AttackLoss loss,
            NDArray delta,
            NDManager gen) {
        Shape perExample = Norm.perExampleShape(x.getShape());
        long n = x.getShape().get(0);
        State s = new State();
        s.step = gen.full(perExample, 2f * eps);
        s.current = Attack.clipToBallAndBox(norm, delta.add(x), x, eps);
        LossGradient g = Gradients.of(model, s.current, y, loss, gen);
        s.grad = g.gradient();
        s.previous = s.current;
        s.best = s.current;
        s.bestLoss = g.loss();
        s.bestGrad = s.grad;
        s.lastLoss = g.loss();
        s.adversarial = s.current;
        s.adversarialCorrect = g.correct();
        s.bestLossAtCheckpoint = s.bestLoss;
        s.improvements = gen.zeros(new Shape(n));
        // AutoAttack starts reduced_last_check at ones: the first review halves only oscillation
        s.reducedAtCheckpoint = gen.ones(new Shape(n), DataType.BOOLEAN);
        return s;
    }

    /** One iteration: a gradient step, then momentum {@code a} towards it (paper, eq. 2). */
    private State step(
            Classifier model,
            NDArray x,
            NDArray y,
            float eps,
            AttackLoss loss,
            State s,
            float a,
            NDManager iteration) {
        State t = new State();
        NDArray z =
                Attack.clipToBallAndBox(
                        norm, norm.ascent(s.grad, 1f).muli(s.step).addi(s.current), x, eps);
        NDArray candidate =
                z.sub(s.current)
                        .muli(a)
                        .addi(s.current.sub(s.previous).muli(1f - a))
                        .addi(s.current);
        NDArray next = Attack.clipToBallAndBox(norm, candidate, x, eps);
        LossGradient ng = Gradients.of(model, next, y, loss, iteration);
        NDArray improvedOnBest = ng.loss().gt(s.bestLoss);
        t.improvements =
                s.improvements.add(ng.loss().gt(s.lastLoss).toType(DataType.FLOAT32, false));
        t.best = Scores.choose(improvedOnBest, next, s.best);
        t.bestGrad = Scores.choose(improvedOnBest, ng.gradient(), s.bestGrad);
        t.bestLoss = ng.loss().maximum(s.bestLoss);
        NDArray asAdversarial = ng.correct().lte(s.adversarialCorrect);
        t.adversarial = Scores.choose(asAdversarial, next, s.adversarial);
        t.adversarialCorrect = ng.correct().minimum(s.adversarialCorrect);
        t.lastLoss = ng.loss();
        t.previous = s.current;
        t.step = s.step;
        t.current = next;
        t.grad = ng.gradient();
        t.bestLossAtCheckpoint = s.bestLossAtCheckpoint;
        t.reducedAtCheckpoint = s.reducedAtCheckpoint;
        return t;
    }

    /**
     * At a checkpoint: halve the step and restart from the best point where the loss rose in fewer
     * than 75% of the {@code window} iterations since the last checkpoint, or where the best loss
     * did not grow and the step was not halved at the last checkpoint.
     */
    private static void reduceStepWhereStuck(State s, State t, int window) {
        NDArray oscillating = t.improvements.lte(IMPROVEMENT_FRACTION * window);
        NDArray stalled =
                s.reducedAtCheckpoint
                        .logicalNot()
                        .logicalAnd(s.bestLossAtCheckpoint.gte(t.bestLoss));
        NDArray reduce = oscillating.logicalOr(stalled);
        t.step = Scores.choose(reduce, s.step.div(2f), s.step);
        t.current = Scores.choose(reduce, t.best, t.current);
        t.grad = Scores.choose(reduce, t.bestGrad, t.grad);
        t.reducedAtCheckpoint = reduce;
        t.bestLossAtCheckpoint = t.bestLoss;
        t.improvements = t.improvements.zerosLike();
    }

    /** What one APGD iteration hands to the next, all per example. */
    private static final class State {
        NDArray step;
        NDArray current;
        NDArray previous;
        NDArray grad;
        NDArray best;
        NDArray bestGrad;

        /** The iterate with the fewest correct draws so far (the latest among equals). */
        NDArray adversarial;

        NDArray adversarialCorrect;
        NDArray bestLoss;
        NDArray lastLoss;
        NDArray bestLossAtCheckpoint;
        NDArray improvements;
        NDArray reducedAtCheckpoint;

        void attachAll(NDManager m) {
            for (NDArray a :
                    new NDArray[] {
                        step,
                        current,
                        previous,
                        grad,
                        best,
                        bestGrad,
                        adversarial,
                        adversarialCorrect,
                        bestLoss,
                        lastLoss,
                        bestLossAtCheckpoint,
                        improvements,
                        reducedAtCheckpoint
                    }) {
                a.attach(m);
            }
        }
    }

    /**
     * Iterations after which the step size is reviewed, 0 first: AutoAttack's windows of {@code
     * max(int(0.22 n), 1)} iterations, each {@code max(int(0.03 n), 1)} shorter than the one before
     * and at least {@code max(int(0.06 n), 1)} long, for as long as they fit in the budget.
     */
    static List<Integer> checkpoints(int iterations) {
        int window = Math.max((int) (0.22 * iterations), 1);
        int shrink = Math.max((int) (0.03 * iterations), 1);
        int shortest = Math.max((int) (0.06 * iterations), 1);
        List<Integer> out = new ArrayList<>(List.of(0));
        for (int at = window; at <= iterations; at += window) {
            out.add(at);
            window = Math.max(window - shrink, shortest);
        }
        return out;
    }
}
