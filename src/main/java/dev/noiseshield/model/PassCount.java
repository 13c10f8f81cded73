package dev.noiseshield.model;

import ai.djl.ndarray.NDArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Images through the networks of this process, counted as they enter a forward pass: those whose
 * input asks for a gradient (a backward pass to the input follows: an attack step) apart from the
 * others (predictions, scoring, Square's queries). What an attack costs, in a unit that does not
 * depend on the machine: the evaluation's progress lines and {@code bench autoattack} report it, so
 * that work an attack leaves out shows as passes, not only seconds. A training step's passes count
 * as forward passes: their gradient goes to the weights, not to the images.
 */
public final class PassCount {
    private static final LongAdder FORWARD = new LongAdder();
    private static final LongAdder GRADIENT = new LongAdder();

    private PassCount() {}

    /**
     * The counts at one moment.
     *
     * @param gradientPasses images through a forward pass whose input asks for a gradient
     * @param forwardPasses images through a forward pass alone
     */
    public record Snapshot(long gradientPasses, long forwardPasses) {
        /** What was counted since {@code earlier}. */
        public Snapshot since(Snapshot earlier) {
            return new Snapshot(
                    gradientPasses - earlier.gradientPasses, forwardPasses - earlier.forwardPasses);
        }
    }

    /** The counts so far in this process. */
    public static Snapshot now() {
        return new Snapshot(GRADIENT.sum(), FORWARD.sum());
    }

    /** Counts the images of a batch entering a network's forward pass. */
    static void entering(NDArray images) {
        (images.hasGradient() ? GRADIENT : FORWARD).add(images.getShape().get(0));
    }
}
