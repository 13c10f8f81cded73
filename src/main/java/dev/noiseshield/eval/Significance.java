package dev.noiseshield.eval;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/**
 * The sampling error of accuracies, and paired tests between two on the same examples, from Apache
 * Commons Math.
 *
 * <p>An accuracy on n test images is a proportion: its 95% interval is Wilson's score interval over
 * the images, which holds its coverage at small n and near 0 or 1 where the normal approximation
 * does not. A stochastic model's accuracy is also a mean over repeats that re-draw the noise; the
 * interval then widens by that mean's own error, {@code z * std / sqrt(repeats)}, the two added in
 * quadrature as independent errors.
 *
 * <p>Two accuracies on the same images are not independent: most images are right or wrong under
 * both. McNemar's test looks only at the images where they differ, and asks whether the differences
 * lean one way more than a fair coin would (exact binomial form, as the counts are small).
 */
public final class Significance {
    /** The confidence of every interval of the reports. */
    public static final double CONFIDENCE = 0.95;

    /** The level below which a paired test's p-value counts as a difference. */
    public static final double LEVEL = 0.05;

    /** The normal quantile of the intervals' confidence (1.96 for 95%). */
    private static final double Z =
            new NormalDistribution().inverseCumulativeProbability(0.5 + CONFIDENCE / 2);

    private Significance() {}

    /** A 95% interval of an accuracy, as fractions. */
    public record Interval(double low, double high) {}

    /**
     * The 95% interval of an accuracy: Wilson's over the images, widened by the repeats' error.
     *
     * @param accuracy the accuracy, a mean over repeats of per-image scores in [0, 1]
     * @param images the images each repeat scored
     * @param repeatStd the standard deviation of the accuracy over repeats (0 when deterministic)
     * @param repeats how many repeats the accuracy is the mean of
     */
    public static Interval interval(double accuracy, int images, double repeatStd, int repeats) {
        if (images < 1 || Double.isNaN(accuracy)) {
            return new Interval(Double.NaN, Double.NaN);
        }
        int correct = (int) Math.round(accuracy * images);
        ConfidenceInterval wilson =
                new WilsonScoreInterval().createInterval(images, correct, CONFIDENCE);
        double repeatError = repeats > 1 ? Z * repeatStd / Math.sqrt(repeats) : 0;
        double below = Math.hypot(accuracy - wilson.getLowerBound(), repeatError);
        double above = Math.hypot(wilson.getUpperBound() - accuracy, repeatError);
        return new Interval(Math.max(0, accuracy - below), Math.min(1, accuracy + above));
    }

    /**
     * McNemar's exact test: the two-sided p-value that images right under a and wrong under b
     * ({@code onlyA}) and the reverse ({@code onlyB}) are as many as a fair coin gives.
     */
    public static double mcNemar(int onlyA, int onlyB) {
        int discordant = onlyA + onlyB;
        if (discordant == 0) {
            return 1;
        }
        BinomialDistribution coin = new BinomialDistribution(null, discordant, 0.5);
        int fewer = Math.min(onlyA, onlyB);
        return Math.min(1, 2 * coin.cumulativeProbability(fewer));
    }

    /** McNemar's test between two attacks' (or models') per-image correctness. */
    public static Paired paired(boolean[] a, boolean[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "a paired test needs the same images: " + a.length + " vs " + b.length);
        }
        int onlyA = 0;
        int onlyB = 0;
        for (int i = 0; i < a.length; i++) {
            onlyA += a[i] && !b[i] ? 1 : 0;
            onlyB += b[i] && !a[i] ? 1 : 0;
        }
        return new Paired(onlyA, onlyB, mcNemar(onlyA, onlyB));
    }

    /**
     * A paired test's counts and p-value.
     *
     * @param onlyA images correct under a only
     * @param onlyB images correct under b only
     * @param p McNemar's two-sided exact p-value
     */
    public record Paired(int onlyA, int onlyB, double p) {
        /** Whether b is right on significantly more images than a. */
        public boolean bSignificantlyHigher() {
            return onlyB > onlyA && p < LEVEL;
        }
    }

    /**
     * A p-value as reports print it: "= 0.443", or "&lt; 0.001" below that (the exact binomial of
     * hundreds of one-sided differences underflows to 0, which is not a probability to print).
     */
    public static String formatP(double p) {
        return p < 0.001 ? "< 0.001" : String.format(java.util.Locale.ROOT, "= %.3g", p);
    }

    /**
     * Sign flips drawn for a paired test of fractional scores; its p is exact to about 0.002, and
     * in the far tail, where fewer than 20 flips reach the data, the normal approximation of the
     * flips' sum takes over.
     */
    static final int SIGN_FLIPS = 20_000;

    /**
     * The paired test of two models' per-image scores in [0, 1] on the same images, on the rule of
     * the accuracy they average to (expected accuracy): is the mean difference more than the choice
     * of images explains? Under the null the sign of each image's difference is a fair coin, so the
     * p-value is the chance that random signs give a summed difference as large. For scores of 0
     * and 1 only (one draw, one repeat) that is McNemar's exact test; otherwise {@value
     * #SIGN_FLIPS} seeded sign flips estimate it (the same p every run).
     *
     * @return the images scored higher under a ({@code onlyA}), under b ({@code onlyB}), and p
     */
    public static Paired pairedScores(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "a paired test needs the same images: " + a.length + " vs " + b.length);
        }
        int higherA = 0;
        int higherB = 0;
        boolean binary = true;
        double[] differences = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            // scores are sums of 1/draws: a difference of a rounding step is no difference
            double d = (double) a[i] - b[i];
            differences[i] = Math.abs(d) < TIE ? 0 : d;
            higherA += differences[i] > 0 ? 1 : 0;
            higherB += differences[i] < 0 ? 1 : 0;
            binary &= isZeroOrOne(a[i]) && isZeroOrOne(b[i]);
        }
        double p = binary ? mcNemar(higherA, higherB) : signFlipP(differences);
        return new Paired(higherA, higherB, p);
    }

    /** Scores closer than this are equal: far below 1/draws, far above float rounding. */
    private static final double TIE = 1e-5;

    private static boolean isZeroOrOne(float score) {
        return Math.abs(score) < TIE || Math.abs(score - 1) < TIE;
    }

    private static double signFlipP(double[] differences) {
        double observed = Math.abs(sum(differences)) - 1e-9;
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        int asLarge = 0;
        for (int f = 0; f < SIGN_FLIPS; f++) {
            double total = 0;
            long bits = 0;
            for (int i = 0; i < differences.length; i++) {
                if (i % 64 == 0) {
                    bits = random.nextLong();
                }
                total += (bits >>> (i % 64) & 1) == 0 ? differences[i] : -differences[i];
            }
            asLarge += Math.abs(total) >= observed ? 1 : 0;
        }
        if (asLarge < FEW) {
            // too far in the tail for the flips to resolve (their floor, 1/20,001, would print as
            // a p-value after Holm's multiplication): the sum of random signs is near normal,
            // with variance the sum of the squared differences
            double sd = Math.sqrt(sumOfSquares(differences));
            return Math.min(1, 2 * (1 - STANDARD_NORMAL.cumulativeProbability(observed / sd)));
        }
        return (asLarge + 1.0) / (SIGN_FLIPS + 1.0);
    }

    /** Fewer sign flips than this as extreme as the data: the normal tail estimates p instead. */
    private static final int FEW = 20;

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution();

    private static double sumOfSquares(double[] values) {
        double total = 0;
        for (double v : values) {
            total += v * v;
        }
        return total;
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return total;
    }

    /**
     * Holm's step-down adjustment of several p-values for testing them together: the family-wise
     * chance of any false difference stays below the level. In the input's order.
     */
    public static double[] holm(double[] p) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> p[i]));
        double[] adjusted = new double[p.length];
        double running = 0;
        for (int rank = 0; rank < p.length; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1, (p.length - rank) * p[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }

    /** Per image, whether the majority of its scoring draws were correct (all of one draw's). */
    public static boolean[] correct(float[] fractions) {
        boolean[] out = new boolean[fractions.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = fractions[i] > 0.5f;
        }
        return out;
    }
}
