package dev.noiseshield.nn;

import ai.djl.ndarray.NDArray;

/** Softmax cross-entropy per example, the loss of training and of the gradient attacks. */
public final class CrossEntropy {
    private CrossEntropy() {}

    /**
     * {@code -log softmax(logits)[y]} for each row.
     *
     * @param logits (N, classes)
     * @param labels (N) integer class indices
     * @return (N) losses, in the manager of {@code logits}
     */
    public static NDArray perExample(NDArray logits, NDArray labels) {
        int classes = Math.toIntExact(logits.getShape().get(1));
        NDArray oneHot = labels.oneHot(classes);
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
    }
}
