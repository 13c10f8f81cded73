package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.run.MemoryGuard;

/**
 * The one gradient loop of every gradient attack. For a classifier that asks for several draws
 * ({@link Eot}) it averages the input gradient over that many independent noise draws: in one pass
 * when the classifier shares work between draws (a deterministic trunk under a noisy head), else in
 * that many forward and backward passes, one at a time so that only one graph is alive.
 */
public final class Gradients {
    private Gradients() {}

    /**
     * Gradient of the summed per-example loss with respect to x. Summing (not averaging) over the
     * batch keeps each example's gradient independent of the batch size.
     *
     * @param scope where every array of the passes lives; the caller closes it after using the
     *     result
     */
    public static LossGradient of(
            Classifier model, NDArray x, NDArray y, AttackLoss loss, NDManager scope) {
        MemoryGuard.check("an attack step");
        int draws = model.gradientDraws();
        if (draws > 1 && model.sharesWorkBetweenDraws()) {
            return onePass(model, x, y, loss, draws, scope);
        }
        NDArray gradSum = null;
        NDArray lossSum = null;
        NDArray correctSum = null;
        for (int i = 0; i < draws; i++) {
            // each pass's activations are freed before the next pass: only the running sums survive
            try (NDManager pass = scope.newSubManager()) {
                LossGradient single = onePass(model, x, y, loss, 1, pass);
                if (gradSum == null) {
                    gradSum = single.gradient();
                    lossSum = single.loss();
                    correctSum = single.correct();
                    gradSum.attach(scope);
                    lossSum.attach(scope);
                    correctSum.attach(scope);
                } else {
                    gradSum.addi(single.gradient());
                    lossSum.addi(single.loss());
                    correctSum.addi(single.correct());
                }
            }
        }
        if (draws > 1) {
            gradSum.divi(draws);
            lossSum.divi(draws);
            correctSum.divi(draws);
        }
        return new LossGradient(gradSum, lossSum, correctSum);
    }

    /**
     * One forward and backward pass over {@code draws} draws stacked draw-major; means over draws.
     */
    private static LossGradient onePass(
            Classifier model, NDArray x, NDArray y, AttackLoss loss, int draws, NDManager scope) {
        // A fresh leaf each pass: PyTorch accumulates into an existing .grad, and the flag must be
        // set before the forward pass for the graph to reach the input.
        NDArray input = x.duplicate();
        input.attach(scope);
        input.setRequiresGradient(true);
        NDArray perExample;
        NDArray hits;
        try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
            NDArray labels = Labels.inScope(y, draws, scope);
            NDArray logits = model.logitsOfDraws(input, draws);
            perExample = loss.perExample(logits, labels);
            hits = logits.stopGradient().argMax(1).eq(labels).toType(DataType.FLOAT32, false);
            collector.backward(draws == 1 ? perExample.sum() : perExample.sum().div(draws));
        }
        NDArray grad = input.getGradient().duplicate();
        NDArray meanLoss =
                draws == 1
                        ? perExample.stopGradient().duplicate()
                        : perExample.stopGradient().reshape(draws, -1).mean(new int[] {0});
        NDArray correct = draws == 1 ? hits : hits.reshape(draws, -1).mean(new int[] {0});
        requireFinite(grad, meanLoss);
        return new LossGradient(grad, meanLoss, correct);
    }

    /**
     * Refuses a gradient with NaN or infinite values from a finite loss (one sum each: a sum is
     * finite exactly when its terms are, short of an overflow no image gradient reaches). A loss
     * that is itself not finite is the model's, and flows on as before.
     */
    private static void requireFinite(NDArray grad, NDArray loss) {
        if (Float.isFinite(grad.sum().getFloat()) || !Float.isFinite(loss.sum().getFloat())) {
            return;
        }
        long notFinite = grad.isNaN().logicalOr(grad.isInfinite()).countNonzero().getLong();
        throw new NonFiniteGradientException(notFinite, grad.size());
    }
}
