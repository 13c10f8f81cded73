package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import dev.noiseshield.nn.CrossEntropy;

/** The loss an attack ascends, per example: (N, classes) logits and (N) labels to (N) losses. */
@FunctionalInterface
public interface AttackLoss {
    AttackLoss CROSS_ENTROPY = CrossEntropy::perExample;

    NDArray perExample(NDArray logits, NDArray labels);
}
