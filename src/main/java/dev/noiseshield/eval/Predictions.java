package dev.noiseshield.eval;

import ai.djl.ndarray.NDArray;
import dev.noiseshield.model.Classifier;

/**
 * Predicted classes: one pass, or the mean softmax probability of several noise draws (computed in
 * one call when the classifier shares work between draws).
 */
public final class Predictions {
    private Predictions() {}

    /** Predicted class per example (N, int64); arrays live in x's manager. */
    public static NDArray classes(Classifier model, NDArray x, int draws) {
        if (draws == 1 || !model.isStochastic()) {
            return model.logits(x).argMax(1);
        }
        if (model.sharesWorkBetweenDraws()) {
            long n = x.getShape().get(0);
            return model.logitsOfDraws(x, draws).softmax(1).reshape(draws, n, -1).mean(new int[] {0}).argMax(1);
        }
        NDArray probabilities = x.getManager().zeros(new ai.djl.ndarray.types.Shape(x.getShape().get(0),
                model.numClasses()));
        for (int i = 0; i < draws; i++) {
            // each pass's activations are freed before the next pass: only the running sum survives
            try (ai.djl.ndarray.NDManager pass = x.getManager().newSubManager()) {
                NDArray input = x.duplicate();
                input.attach(pass);
                probabilities.addi(model.logits(input).softmax(1));
            }
        }
        return probabilities.argMax(1);
    }

    /** How many of the batch's predictions equal the labels. */
    public static long correct(Classifier model, NDArray x, NDArray labels, int draws) {
        return classes(model, x, draws).eq(labels).sum().getLong();
    }
}
