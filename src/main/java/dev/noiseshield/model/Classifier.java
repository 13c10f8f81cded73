package dev.noiseshield.model;

import ai.djl.ndarray.NDArray;

/**
 * What attacks and evaluation need of a model: logits for a batch of images in [0,1]. The call must
 * be differentiable with respect to {@code x} when made inside a gradient collector.
 */
public interface Classifier {
    /**
     * Logits (N, classes) for images x (N, C, H, W) in [0,1]; arrays it creates live in x's
     * manager.
     */
    NDArray logits(NDArray x);

    int numClasses();

    /** True when two calls on the same input can give different logits (noise is drawn). */
    boolean isStochastic();

    /**
     * How many independent forward and backward passes an input gradient of this classifier
     * averages: 1, or k under EOT ({@code dev.noiseshield.attack.Eot}).
     */
    default int gradientDraws() {
        return 1;
    }

    /**
     * Logits of {@code draws} independent noise draws for every example, stacked draw-major: (draws
     * * N, classes), rows [i*N, (i+1)*N) being draw i. By default {@code draws} separate passes.
     */
    default NDArray logitsOfDraws(NDArray x, int draws) {
        if (draws == 1) {
            return logits(x);
        }
        ai.djl.ndarray.NDList passes = new ai.djl.ndarray.NDList(draws);
        for (int i = 0; i < draws; i++) {
            passes.add(logits(x));
        }
        return ai.djl.ndarray.NDArrays.concat(passes, 0);
    }

    /**
     * True when {@link #logitsOfDraws} shares work between draws (a deterministic trunk under a
     * noisy head), so that EOT and ensembles should ask for all draws in one call.
     */
    default boolean sharesWorkBetweenDraws() {
        return false;
    }

    /**
     * A classifier built on another ({@code Eot}, {@link Ensemble}): it has the inner one's classes
     * and is stochastic exactly when the inner one is.
     */
    abstract class Wrapping implements Classifier {
        protected final Classifier inner;

        protected Wrapping(Classifier inner) {
            this.inner = java.util.Objects.requireNonNull(inner, "inner");
        }

        @Override
        public int numClasses() {
            return inner.numClasses();
        }

        @Override
        public boolean isStochastic() {
            return inner.isStochastic();
        }
    }
}
