package dev.noiseshield.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.attack.AttackLoss;
import dev.noiseshield.attack.Gradients;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.nn.DetachedView;

/**
 * What a model's passes alone cost, per image: a forward pass (to the predicted classes) and a
 * gradient pass (forward, then backward to the image), each timed bare on one batch, outside any
 * attack. Times the passes an attack counted, it is the time that attack cannot go below while a
 * pass costs what it does: the rest of the attack's time is its own work around the passes. This is
 * how docs/performance.md shows what the cascade and the early stops can still save.
 *
 * @param batch the images a timed pass took
 * @param forwardMicros median time of a forward pass, per image
 * @param gradientMicros median time of a gradient pass, per image
 */
public record PassFloor(int batch, double forwardMicros, double gradientMicros) {
    private static final int WARM_UP = 3;
    private static final int TIMED = 15;

    /**
     * Times {@value #TIMED} passes of each kind (after {@value #WARM_UP} untimed) on the batch
     * {@code x} with labels {@code y}, each in a sub-manager that is closed; the model is set up
     * for attacks by the caller.
     */
    public static PassFloor measure(Classifier model, NDArray x, NDArray y) {
        NDManager batch = x.getManager();
        double forward =
                medianMicros(
                        () -> {
                            try (NDManager pass = batch.newSubManager()) {
                                // a view in the pass's manager, so that its results are freed
                                model.logits(DetachedView.of(x, pass)).argMax(1).toLongArray();
                            }
                        });
        double gradient =
                medianMicros(
                        () -> {
                            try (NDManager pass = batch.newSubManager()) {
                                Gradients.of(model, x, y, AttackLoss.CROSS_ENTROPY, pass)
                                        .gradient()
                                        .toFloatArray();
                            }
                        });
        int n = (int) x.getShape().get(0);
        return new PassFloor(n, forward / n, gradient / n);
    }

    /** The seconds these passes take at this floor's rates. */
    public double seconds(long gradientPasses, long forwardPasses) {
        return (gradientPasses * gradientMicros + forwardPasses * forwardMicros) / 1e6;
    }

    private static double medianMicros(Runnable pass) {
        return CallTimes.sortedSeconds(pass, WARM_UP, TIMED)[TIMED / 2] * 1e6;
    }
}
