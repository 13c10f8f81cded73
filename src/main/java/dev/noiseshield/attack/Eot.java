package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import dev.noiseshield.model.Classifier;

/**
 * Expectation over Transformation (Athalye et al., 2018) as a classifier wrapper: gradients of the
 * wrapped classifier average {@code draws} independent noise draws. Its logits are one ordinary
 * draw. On a deterministic classifier every draw is the same, so it asks for one.
 */
public final class Eot extends Classifier.Wrapping {
    private final int draws;

    public Eot(Classifier inner, int draws) {
        super(inner);
        SettingChecks.atLeastOne("EOT", "draws", draws);
        this.draws = draws;
    }

    /** The wrapped classifier, or it wrapped in EOT when {@code draws > 1}. */
    public static Classifier wrap(Classifier model, int draws) {
        return draws == 1 ? model : new Eot(model, draws);
    }

    @Override
    public NDArray logits(NDArray x) {
        return inner.logits(x);
    }

    @Override
    public NDArray logitsOfDraws(NDArray x, int k) {
        return inner.logitsOfDraws(x, k);
    }

    @Override
    public boolean sharesWorkBetweenDraws() {
        return inner.sharesWorkBetweenDraws();
    }

    @Override
    public int gradientDraws() {
        return inner.isStochastic() ? draws * inner.gradientDraws() : inner.gradientDraws();
    }
}
