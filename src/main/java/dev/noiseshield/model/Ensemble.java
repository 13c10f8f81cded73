package dev.noiseshield.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.noiseshield.run.CliName;
import java.util.Locale;
import java.util.Objects;

/**
 * Inference by {@code draws} noise draws per image, combined by a {@link Rule}, as a classifier:
 * the evaluator predicts with it and the attacks attack it, so both see the same model.
 *
 * <p>Its logits are the combination itself: {@code log(mean softmax)} for mean probability (their
 * softmax is the mean probability) and the mean logits for mean logits. A vote is not
 * differentiable, so a majority-vote ensemble gives attacks the mean-probability logits as a
 * surrogate and counts votes only in {@link #predict}.
 */
public final class Ensemble extends Classifier.Wrapping {
    /** How the draws of an ensemble are combined. */
    public enum Rule implements CliName {
        MEAN_PROB("mean softmax probability"),
        MEAN_LOGITS("mean logits"),
        MAJORITY_VOTE("majority vote (ties to the lower class)");

        private final String description;

        Rule(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        public static Rule fromCliName(String name) {
            return CliName.lookup(Rule.class, "ensemble rule", name);
        }

        @Override
        public String toString() {
            return cliName();
        }
    }

    private final int draws;
    private final Rule rule;

    public Ensemble(Classifier inner, int draws, Rule rule) {
        super(inner);
        if (draws < 1) {
            throw new IllegalArgumentException("an ensemble needs at least one draw, got " + draws);
        }
        this.draws = draws;
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    /** The classifier itself when one draw (or no noise) makes the ensemble a single pass. */
    public static Classifier of(Classifier model, int draws, Rule rule) {
        return draws == 1 || !model.isStochastic() ? model : new Ensemble(model, draws, rule);
    }

    /** How predictions of {@code of(model, draws, rule)} are made, for reports. */
    public static String describe(int draws, Rule rule) {
        return draws == 1
                ? "single pass per prediction"
                : String.format(
                        Locale.ROOT,
                        "%s over %d noise draws per prediction",
                        rule.description(),
                        draws);
    }

    @Override
    public NDArray logits(NDArray x) {
        long n = x.getShape().get(0);
        NDArray stacked = inner.logitsOfDraws(x, draws).reshape(draws, n, -1);
        if (rule == Rule.MEAN_LOGITS) {
            return stacked.mean(new int[] {0});
        }
        // log mean_i p_i = logsumexp_i(log p_i) - log n, shifted by the max for stability
        NDArray logP = stacked.logSoftmax(2);
        NDArray max = logP.max(new int[] {0}).stopGradient();
        return logP.sub(max).exp().sum(new int[] {0}).log().add(max).sub((float) Math.log(draws));
    }

    /** Predicted class per example (N, int64), by the rule; arrays live in x's manager. */
    public static NDArray predict(Classifier model, NDArray x) {
        if (model instanceof Ensemble ensemble) {
            return ensemble.predict(x);
        }
        return model.logits(x).argMax(1);
    }

    private NDArray predict(NDArray x) {
        if (inner.sharesWorkBetweenDraws()) {
            return rule == Rule.MAJORITY_VOTE
                    ? votes(inner.logitsOfDraws(x, draws), x)
                    : logits(x).argMax(1);
        }
        // separate passes, each freed before the next: only the running sum survives
        long n = x.getShape().get(0);
        NDArray sum = x.getManager().zeros(new Shape(n, numClasses()));
        for (int i = 0; i < draws; i++) {
            try (NDManager pass = x.getManager().newSubManager()) {
                NDArray input = x.duplicate();
                input.attach(pass);
                NDArray logits = inner.logits(input);
                sum.addi(
                        rule == Rule.MEAN_LOGITS
                                ? logits
                                : rule == Rule.MEAN_PROB
                                        ? logits.softmax(1)
                                        : logits.argMax(1).oneHot(numClasses()));
            }
        }
        return sum.argMax(1);
    }

    private NDArray votes(NDArray drawMajorLogits, NDArray x) {
        long n = x.getShape().get(0);
        NDArray oneHot = drawMajorLogits.argMax(1).oneHot(numClasses()).reshape(draws, n, -1);
        return oneHot.sum(new int[] {0}).argMax(1);
    }

    public int draws() {
        return draws;
    }

    public Rule rule() {
        return rule;
    }
}
