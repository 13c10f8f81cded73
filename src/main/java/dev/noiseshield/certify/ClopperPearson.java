package dev.noiseshield.certify;

import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * The one-sided Clopper-Pearson lower confidence bound of a binomial proportion: the largest p
 * whose probability of k or more successes in n trials is at most alpha, {@code Beta(k, n - k +
 * 1).inverseCdf(alpha)} (0 when k is 0). With probability at least 1 - alpha it lies below the true
 * proportion, whatever that is: exact, never approximate.
 */
public final class ClopperPearson {
    private ClopperPearson() {}

    public static double lower(long successes, long trials, double alpha) {
        if (trials <= 0 || successes < 0 || successes > trials || !(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException(
                    "need 0 <= successes <= trials, trials > 0, 0 < alpha < 1; got "
                            + successes
                            + " of "
                            + trials
                            + ", alpha "
                            + alpha);
        }
        if (successes == 0) {
            return 0;
        }
        return new BetaDistribution(null, successes, trials - successes + 1.0)
                .inverseCumulativeProbability(alpha);
    }
}
