package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.run.MemoryGuard;

/**
 * Per-example loss values and per-example selection, shared by the attacks that keep a best point.
 */
public final class Scores {
    private Scores() {}

    /**
     * The loss of each example (N) averaged over as many noise draws as the classifier's gradients
     * average ({@link Classifier#gradientDraws}), forward only, in scope.
     */
    public static NDArray meanLoss(
            Classifier model, NDArray x, NDArray y, AttackLoss loss, NDManager scope) {
        return pass(model, x, y, loss, scope, false).loss();
    }

    /**
     * Per example, the mean loss and the fraction of draws that classified it correctly.
     *
     * @param correct null when not asked for
     */
    record Judged(NDArray loss, NDArray correct) {}

    /**
     * The loss of each example and the fraction of draws that classified it correctly, from one
     * forward pass over as many noise draws as the gradients average, in scope.
     */
    static Judged judge(Classifier model, NDArray x, NDArray y, AttackLoss loss, NDManager scope) {
        return pass(model, x, y, loss, scope, true);
    }

    private static Judged pass(
            Classifier model,
            NDArray x,
            NDArray y,
            AttackLoss loss,
            NDManager scope,
            boolean withCorrect) {
        MemoryGuard.check("an attack query");
        try (NDManager pass = scope.newSubManager()) {
            NDArray input = x.duplicate();
            input.attach(pass);
            int draws = model.gradientDraws();
            NDArray labels = Labels.inScope(y, draws, pass);
            NDArray logits = model.logitsOfDraws(input, draws).stopGradient();
            NDArray mean = meanOverDraws(loss.perExample(logits, labels), draws);
            mean.attach(scope);
            if (!withCorrect) {
                return new Judged(mean, null);
            }
            NDArray hits = logits.argMax(1).eq(labels).toType(DataType.FLOAT32, false);
            NDArray correct = meanOverDraws(hits, draws);
            correct.attach(scope);
            return new Judged(mean, correct);
        }
    }

    /** (draws x N) values stacked draw-major, averaged per example. */
    private static NDArray meanOverDraws(NDArray values, int draws) {
        return draws == 1 ? values : values.reshape(draws, -1).mean(new int[] {0});
    }

    /**
     * Per example, {@code a} where the (N) mask is true, else {@code b}. Every new array lives in
     * the mask's manager, so that long-lived {@code a} or {@code b} (a running best) gain nothing.
     */
    public static NDArray choose(NDArray mask, NDArray a, NDArray b) {
        NDArray m =
                mask.toType(DataType.FLOAT32, false).reshape(Norm.perExampleShape(a.getShape()));
        return m.mul(a).addi(m.neg().addi(1f).mul(b));
    }
}
