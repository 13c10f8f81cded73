package dev.noiseshield.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.noiseshield.model.Classifier;
import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/** CERTIFY against the closed form of a smoothed linear classifier; the bound's coverage. */
class CertifyTest {
    private static final NormalDistribution PHI = new NormalDistribution(null, 0, 1);

    /** Two classes: logits (0, w.x + b), so class 1 wins where w.x + b > 0. */
    private record Linear(NDArray w, float b) implements Classifier {
        @Override
        public NDArray logits(NDArray x) {
            NDArray margin = x.reshape(x.getShape().get(0), -1).matMul(w).add(b);
            return margin.zerosLike().concat(margin, 1);
        }

        @Override
        public int numClasses() {
            return 2;
        }

        @Override
        public boolean isStochastic() {
            return false;
        }
    }

    /**
     * Under N(0, sigma^2 I), w.(x + d) + b is normal with mean m = w.x + b and std sigma |w|: the
     * smoothed classifier's probability is Phi(m / (sigma |w|)) and its certified radius sigma
     * PhiInverse(p) = m / |w|, the distance to the boundary, exactly. CERTIFY's radius lies below
     * it by no more than the bound's slack at n = 100,000.
     */
    @Test
    void certifiesTheDistanceToTheBoundaryOfALinearClassifier() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(4);
            NDArray w = m.create(new float[] {0.6f, -0.8f, 0.0f, 0.0f}, new Shape(4, 1)); // |w| = 1
            Linear f = new Linear(w, 0.1f);
            float sigma = 0.5f;
            for (float[] pixels :
                    new float[][] {{0.5f, 0.1f, 0.3f, 0.3f}, {0.9f, 0.2f, 0.7f, 0.1f}}) {
                NDArray x = m.create(pixels, new Shape(1, 1, 2, 2));
                double margin = 0.6 * pixels[0] - 0.8 * pixels[1] + 0.1;
                double p = PHI.cumulativeProbability(margin / sigma);
                Certify.Result r =
                        Certify.certify(
                                new GaussianSmoothing(f, sigma), sigma, x, Certify.Settings.PAPER);
                assertEquals(1, r.prediction());
                double slack =
                        sigma
                                * (Certify.radiusFactor(p)
                                        - Certify.radiusFactor(
                                                p - 5 * Math.sqrt(p * (1 - p) / 100_000)));
                assertTrue(
                        r.radius() <= margin + 1e-9,
                        "certified " + r.radius() + " beyond the true radius " + margin);
                assertTrue(
                        r.radius() >= margin - slack,
                        "certified "
                                + r.radius()
                                + " vs true "
                                + margin
                                + " (slack "
                                + slack
                                + ")");
                assertEquals(p, (double) r.count() / 100_000, 5 * Math.sqrt(p * (1 - p) / 100_000));
            }
            // on the boundary neither class is probable enough: CERTIFY abstains, PREDICT too
            NDArray boundary = m.create(new float[] {0.5f, 0.5f, 0f, 0f}, new Shape(1, 1, 2, 2));
            assertEquals(
                    Certify.ABSTAIN,
                    Certify.certify(
                                    new GaussianSmoothing(new Linear(w, 0.1f), sigma),
                                    sigma,
                                    boundary,
                                    new Certify.Settings(100, 10_000, 0.001, 1000))
                            .prediction());
            assertEquals(
                    Certify.ABSTAIN,
                    Certify.predict(
                            new GaussianSmoothing(new Linear(w, 0.1f), sigma),
                            boundary,
                            new Certify.Settings(100, 10_000, 0.001, 1000)));
        }
    }

    /**
     * On simulated Bernoulli draws the one-sided bound exceeds the true probability at most alpha
     * of the time (Clopper-Pearson is conservative: below alpha), over 20,000 trials each.
     */
    @Test
    void theLowerBoundCoversTheTrueProbability() {
        Random random = new Random(12);
        double alpha = 0.05;
        for (double p : new double[] {0.3, 0.7, 0.95}) {
            for (int n : new int[] {20, 200}) {
                int misses = 0;
                int trials = 20_000;
                for (int t = 0; t < trials; t++) {
                    int k = 0;
                    for (int i = 0; i < n; i++) {
                        k += random.nextDouble() < p ? 1 : 0;
                    }
                    misses += ClopperPearson.lower(k, n, alpha) > p ? 1 : 0;
                }
                double rate = (double) misses / trials;
                assertTrue(
                        rate <= alpha + 3 * Math.sqrt(alpha * (1 - alpha) / trials),
                        "p " + p + ", n " + n + ": bound above p in " + rate);
                if (n * Math.min(p, 1 - p) >= 30) { // where the binomial is not too discrete
                    assertTrue(
                            rate > 0.2 * alpha,
                            "p "
                                    + p
                                    + ", n "
                                    + n
                                    + ": a bound this loose ("
                                    + rate
                                    + ") is not Clopper-Pearson's");
                }
            }
        }
        assertEquals(0, ClopperPearson.lower(0, 10, 0.05));
        assertEquals(Math.pow(0.05, 1.0 / 10), ClopperPearson.lower(10, 10, 0.05), 1e-9);
    }
}
