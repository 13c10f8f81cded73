package dev.noiseshield.certify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.model.Classifier;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;

/**
 * CERTIFY and PREDICT of randomized smoothing (Cohen, Rosenfeld and Kolter, 2019, algorithms 1 and
 * 2) for a smoothed classifier g(x) = the class a base classifier most probably gives x + N(0,
 * sigma^2 I). CERTIFY picks the class with n0 draws, estimates its probability with n fresh draws,
 * bounds it below at confidence 1 - alpha (Clopper-Pearson) and certifies the L2 radius {@code
 * sigma * PhiInverse(pA)}, or abstains below 1/2. PREDICT abstains unless the top class beats the
 * second in a binomial test at level alpha.
 *
 * <p>The draws are made in batches of one image repeated, so the base classifier's noise must be
 * drawn independently per example: input and feature noise are; weight noise, drawn once per pass,
 * is not, and activation noise scaled by the standard deviation of the whole batch's activation
 * (PNI-A, CNI's colored activation noise) ties every draw of the batch to the others through that
 * scale. Either makes a batch's draws dependent and the bound invalid ({@link #dependentDraws}):
 * certify such a model with its noise off.
 */
public final class Certify {
    /**
     * Why a model with this noise would make the draws of one image in a batch dependent, or null
     * when its noise is drawn independently per example.
     */
    public static String dependentDraws(dev.noiseshield.model.NoiseSpec noise) {
        if (noise.weights() != dev.noiseshield.model.NoiseSpec.Placement.NONE) {
            return "this model's weight noise is drawn once per batch of draws";
        }
        if (noise.activations() != dev.noiseshield.model.NoiseSpec.Placement.NONE) {
            return "this model's activation noise is scaled by the standard deviation of the whole"
                    + " batch's activation, which ties every draw of the batch to the others";
        }
        return null;
    }

    /** CERTIFY's and PREDICT's answer when the evidence is too weak. */
    public static final int ABSTAIN = -1;

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private Certify() {}

    /**
     * How many draws, at which confidence.
     *
     * @param n0 draws that select the class
     * @param n draws that estimate its probability
     * @param alpha the bound's failure probability
     * @param batch draws per forward pass
     */
    public record Settings(int n0, int n, double alpha, int batch) {
        /** The paper's. */
        public static final Settings PAPER = new Settings(100, 100_000, 0.001, 1000);

        public Settings {
            if (n0 < 1 || n < 1 || batch < 1 || !(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException(
                        "need n0, n and batch >= 1 and 0 < alpha < 1, got n0 "
                                + n0
                                + ", n "
                                + n
                                + ", batch "
                                + batch
                                + ", alpha "
                                + alpha);
            }
        }
    }

    /**
     * A certificate: the class ({@link #ABSTAIN} if none), the L2 radius it holds in (0 when
     * abstaining), the lower bound of its probability and its count among the n draws.
     */
    public record Result(int prediction, double radius, double pLower, long count) {
        public boolean abstained() {
            return prediction == ABSTAIN;
        }
    }

    /** CERTIFY for one image (1, C, H, W); {@code smoothed} draws the Gaussian noise itself. */
    public static Result certify(Classifier smoothed, float sigma, NDArray image, Settings s) {
        long[] selection = counts(smoothed, image, s.n0(), s.batch());
        int top = argMax(selection);
        long[] estimation = counts(smoothed, image, s.n(), s.batch());
        double pLower = ClopperPearson.lower(estimation[top], s.n(), s.alpha());
        if (pLower < 0.5) {
            return new Result(ABSTAIN, 0, pLower, estimation[top]);
        }
        return new Result(top, sigma * radiusFactor(pLower), pLower, estimation[top]);
    }

    /** PREDICT for one image: the top class of n draws, unless a binomial test cannot tell. */
    public static int predict(Classifier smoothed, NDArray image, Settings s) {
        long[] c = counts(smoothed, image, s.n(), s.batch());
        int top = argMax(c);
        long second = 0;
        for (int k = 0; k < c.length; k++) {
            if (k != top) {
                second = Math.max(second, c[k]);
            }
        }
        long trials = c[top] + second;
        double p =
                new BinomialTest()
                        .binomialTest(
                                (int) trials, (int) c[top], 0.5, AlternativeHypothesis.TWO_SIDED);
        return p <= s.alpha() ? top : ABSTAIN;
    }

    /** PhiInverse(p), infinite at 1. */
    static double radiusFactor(double p) {
        return p >= 1 ? Double.POSITIVE_INFINITY : STANDARD_NORMAL.inverseCumulativeProbability(p);
    }

    /** How often each class wins among {@code draws} draws, in batches, each in its own scope. */
    public static long[] counts(Classifier smoothed, NDArray image, int draws, int batch) {
        long[] counts = new long[smoothed.numClasses()];
        for (int done = 0; done < draws; done += batch) {
            int k = Math.min(batch, draws - done);
            try (NDManager scope = image.getManager().newSubManager()) {
                NDArray x = image.duplicate();
                x.attach(scope);
                NDArray repeated = x.repeat(0, k);
                for (long c : smoothed.logits(repeated).argMax(1).toLongArray()) {
                    counts[(int) c]++;
                }
            }
        }
        return counts;
    }

    /** The class with the most wins (the lowest of a tie). */
    static int argMax(long[] counts) {
        int best = 0;
        for (int k = 1; k < counts.length; k++) {
            if (counts[k] > counts[best]) {
                best = k;
            }
        }
        return best;
    }
}
