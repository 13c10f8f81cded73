package dev.noiseshield.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.model.Network;
import dev.noiseshield.nn.FeatureNoise;
import dev.noiseshield.nn.ScopedCopy;

/**
 * Loss terms on a network's feature noise {@code N(0, Sigma)}, {@code Sigma = L L^T}, added to the
 * training loss with a weight. Both are differentiable in the noise parameters and computed from
 * them directly, not from a draw, so they add no variance to the loss.
 */
public enum NoiseRegularizer {
    /** No extra term. */
    NONE {
        @Override
        public NDArray value(Network network, NDManager scope) {
            return scope.zeros(new ai.djl.ndarray.types.Shape());
        }
    },
    /**
     * WCA (Eustratiadis et al., ICML 2021): {@code -log(sum_c w_c^T Sigma w_c)}, {@code w_c} the
     * rows of the final linear layer's weight W. Since {@code sum_c w_c^T L L^T w_c = ||W L||_F^2},
     * it is computed without forming Sigma. Minimising it puts the noise where it moves the logits:
     * along the classifier's weight vectors. The gradient reaches L and W, as in the paper's
     * objective; weight decay keeps W from growing only to lower the term.
     */
    WCA_ALIGNMENT {
        @Override
        public NDArray value(Network network, NDManager scope) {
            NDArray l = noise(network).factor(scope);
            NDArray w = ScopedCopy.of(network.classifierWeight().getArray(), scope);
            return w.matMul(l).square().sum().log().neg();
        }
    },
    /**
     * MFDV-SNN (Yang et al., 2022) maximises the per-dimension variance of the feature
     * distribution. The form chosen here is {@code -mean_d log Sigma_dd}: the log makes every
     * dimension count in proportion (doubling a small std is worth as much as doubling a large one)
     * and gives a diminishing return, so the cross-entropy, which pays for noise that hides the
     * class, stops the growth at a finite variance; a linear {@code -sum_d Sigma_dd} would reward
     * one dimension's unbounded growth. The mean makes the weight independent of the feature
     * dimension D.
     */
    MFDV_VARIANCE {
        @Override
        public NDArray value(Network network, NDManager scope) {
            NDArray l = noise(network).factor(scope);
            return l.square().sum(new int[] {1}).log().mean().neg();
        }
    };

    /** The term (a scalar) for the network's current noise parameters, in scope. */
    public abstract NDArray value(Network network, NDManager scope);

    private static FeatureNoise noise(Network network) {
        return network.featureNoise()
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "this loss term acts on feature noise, and the network has"
                                                + " none ("
                                                + network.spec().noise()
                                                + ")"));
    }
}
