package dev.noiseshield.eval;

import ai.djl.ndarray.NDArray;
import dev.noiseshield.model.Classifier;

/** Predicted classes, by one pass or by the mean softmax probability of several noise draws. */
public final class Predictions {
    private Predictions() {}

    /** Predicted class per example (N, int64); arrays live in x's manager. */
    public static NDArray classes(Classifier model, NDArray x, int draws) {
        if (draws == 1 || !model.isStochastic()) {
            return model.logits(x).argMax(1);
        }
        NDArray probabilities = model.logits(x).softmax(1);
        for (int i = 1; i < draws; i++) {
            probabilities.addi(model.logits(x).softmax(1));
        }
        return probabilities.argMax(1);
    }

    /** How many of the batch's predictions equal the labels. */
    public static long correct(Classifier model, NDArray x, NDArray labels, int draws) {
        return classes(model, x, draws).eq(labels).sum().getLong();
    }
}
