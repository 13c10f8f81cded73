package dev.noiseshield.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * FAB's projections where the box binds: the step reaches the plane, stays in [0,1], and no shorter
 * step does. Shorter is checked by the dual: in L-inf, the farthest any step of a slightly smaller
 * length gets along w inside the box falls short of the plane; in L2, the KKT form of the minimiser
 * (each pixel moves lambda |w_i| or is stopped by the box) holds with one lambda.
 */
class HyperplaneProjectionTest {
    private static final int D = 12;

    /** A projection under test: writes the step from p to the plane w . z = b into step. */
    private interface Projection {
        void project(float[] p, float[] w, double b, float[] step);
    }

    /** Checks one reachable case's step; returns whether the box stopped a pixel. */
    private interface Check {
        boolean boxBinds(float[] p, float[] w, double b, float[] step, int trial);
    }

    /**
     * 200 random cases whose plane the box can reach: every step lands on the plane inside the box,
     * passes the check, and the box binds often enough for the check to mean something.
     */
    private static void trials(long seed, Projection projection, Check check) {
        Random random = new Random(seed);
        int binding = 0;
        for (int trial = 0; trial < 200; trial++) {
            float[] p = point(random);
            float[] w = weights(random);
            double b = dot(w, p) + (random.nextBoolean() ? 1 : -1) * (0.2 + random.nextDouble());
            float[] step = new float[D];
            projection.project(p, w, b, step);
            if (reachable(p, w, b)) {
                assertOnPlaneInBox(p, w, b, step);
                binding += check.boxBinds(p, w, b, step, trial) ? 1 : 0;
            }
        }
        assertTrue(binding > 20, "the box binds often enough to be tested: " + binding);
    }

    @Test
    void linfStepReachesThePlaneInsideTheBoxAndNothingShorterDoes() {
        trials(
                5,
                HyperplaneProjection::linf,
                (p, w, b, step, trial) -> {
                    double r = 0;
                    for (float s : step) {
                        r = Math.max(r, Math.abs(s));
                    }
                    double shorter = r * (1 - 1e-4);
                    double farthest = 0;
                    int stopped = 0;
                    for (int i = 0; i < D; i++) {
                        double side = Math.signum(b - dot(w, p)) * w[i];
                        double room = side > 0 ? 1 - p[i] : p[i];
                        farthest += Math.abs(w[i]) * Math.min(shorter, room);
                        stopped += room < r ? 1 : 0;
                    }
                    assertTrue(
                            farthest < Math.abs(b - dot(w, p)),
                            "a shorter step reaches, trial " + trial);
                    return stopped > 0;
                });
    }

    @Test
    void l2StepHasTheMinimisersFormInsideTheBox() {
        trials(
                6,
                HyperplaneProjection::l2,
                (p, w, b, step, trial) -> {
                    double lambda = Double.NaN;
                    int stopped = 0;
                    for (int i = 0; i < D; i++) {
                        double moved = p[i] + step[i];
                        if (moved < 1e-6 || moved > 1 - 1e-6) {
                            stopped++;
                        } else if (Double.isNaN(lambda)) {
                            lambda = step[i] / w[i];
                        } else {
                            assertEquals(
                                    lambda,
                                    step[i] / w[i],
                                    1e-3 * Math.abs(lambda),
                                    "one lambda for the free pixels, trial " + trial);
                        }
                    }
                    return stopped > 0;
                });
    }

    private static void assertOnPlaneInBox(float[] p, float[] w, double b, float[] step) {
        float[] moved = new float[D];
        for (int i = 0; i < D; i++) {
            moved[i] = p[i] + step[i];
            assertTrue(moved[i] >= -1e-6 && moved[i] <= 1 + 1e-6, "inside the box");
        }
        assertEquals(b, dot(w, moved), 1e-4 * (1 + Math.abs(b)), "on the plane");
    }

    /** Whether the box's farthest corner along w reaches the plane. */
    private static boolean reachable(float[] p, float[] w, double b) {
        double gap = b - dot(w, p);
        double reach = 0;
        for (int i = 0; i < D; i++) {
            double side = Math.signum(gap) * w[i];
            reach += Math.abs(w[i]) * (side > 0 ? 1 - p[i] : p[i]);
        }
        return reach >= Math.abs(gap);
    }

    private static float[] point(Random random) {
        float[] p = new float[D];
        for (int i = 0; i < D; i++) {
            p[i] = random.nextFloat();
        }
        return p;
    }

    private static float[] weights(Random random) {
        float[] w = new float[D];
        for (int i = 0; i < D; i++) {
            w[i] = (float) random.nextGaussian();
        }
        return w;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
