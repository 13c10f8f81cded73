package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.noiseshield.model.Classifier;

/**
 * The one gradient loop of every gradient attack. For a classifier that asks for several draws
 * ({@link Eot}) it averages the input gradient over that many independent forward and backward
 * passes, each with fresh noise.
 */
public final class Gradients {
    private Gradients() {}

    /**
     * Gradient of the summed per-example loss with respect to x. Summing (not averaging) over the
     * batch keeps each example's gradient independent of the batch size.
     *
     * @param scope where every array of the passes lives; the caller closes it after using the result
     */
    public static LossGradient of(Classifier model, NDArray x, NDArray y, AttackLoss loss, NDManager scope) {
        int draws = model.gradientDraws();
        NDArray gradSum = null;
        NDArray lossSum = null;
        for (int i = 0; i < draws; i++) {
            // A fresh leaf each pass: PyTorch accumulates into an existing .grad, and the flag must be
            // set before the forward pass for the graph to reach the input.
            NDArray input = x.duplicate();
            input.attach(scope);
            input.setRequiresGradient(true);
            NDArray perExample;
            try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
                perExample = loss.perExample(model.logits(input), y);
                collector.backward(perExample.sum());
            }
            NDArray grad = input.getGradient();
            gradSum = gradSum == null ? grad.duplicate() : gradSum.addi(grad);
            NDArray detached = perExample.stopGradient();
            lossSum = lossSum == null ? detached.duplicate() : lossSum.addi(detached);
        }
        if (draws > 1) {
            gradSum.divi(draws);
            lossSum.divi(draws);
        }
        return new LossGradient(gradSum, lossSum);
    }
}
