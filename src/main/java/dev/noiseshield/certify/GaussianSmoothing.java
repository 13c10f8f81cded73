package dev.noiseshield.certify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.noiseshield.model.Classifier;

/**
 * The base classifier of randomized smoothing (Cohen, Rosenfeld and Kolter, 2019) on inputs with
 * Gaussian noise: {@code logits(x) = f(x + sigma z)}, {@code z ~ N(0, I)} drawn per element and so
 * per example, not clipped to the image box (as in the paper). Its majority vote over draws is the
 * smoothed classifier g that {@link Certify} certifies; attacking it with EOT attacks g.
 */
public final class GaussianSmoothing extends Classifier.Wrapping {
    private final float sigma;

    public GaussianSmoothing(Classifier base, float sigma) {
        super(base);
        if (!(sigma >= 0f) || Float.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be finite and >= 0, got " + sigma);
        }
        this.sigma = sigma;
    }

    public float sigma() {
        return sigma;
    }

    @Override
    public NDArray logits(NDArray x) {
        if (sigma == 0f) {
            return inner.logits(x);
        }
        NDArray z = x.getManager().randomNormal(0f, sigma, x.getShape(), DataType.FLOAT32);
        return inner.logits(z.addi(x));
    }

    @Override
    public boolean isStochastic() {
        return sigma > 0f || inner.isStochastic();
    }
}
