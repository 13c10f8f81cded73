package dev.noiseshield.eval;

import ai.djl.ndarray.NDArray;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.model.Ensemble;

/**
 * Predicted classes: one pass, or an {@link Ensemble} of noise draws (computed in one call when the
 * classifier shares work between draws).
 */
public final class Predictions {
    private Predictions() {}

    /**
     * Predicted class per example (N, int64) by the mean softmax probability of {@code draws}
     * draws.
     */
    public static NDArray classes(Classifier model, NDArray x, int draws) {
        return Ensemble.predict(Ensemble.of(model, draws, Ensemble.Rule.MEAN_PROB), x);
    }

    /**
     * Predicted class per example (N, int64) of a classifier or ensemble; arrays live in x's
     * manager.
     */
    public static NDArray classes(Classifier model, NDArray x) {
        return Ensemble.predict(model, x);
    }

    /** How many of the batch's predictions equal the labels. */
    public static long correct(Classifier model, NDArray x, NDArray labels, int draws) {
        return classes(model, x, draws).eq(labels).sum().getLong();
    }

    /** How many of the batch's predictions (of a classifier or ensemble) equal the labels. */
    public static long correct(Classifier model, NDArray x, NDArray labels) {
        return classes(model, x).eq(labels).sum().getLong();
    }
}
