package dev.noiseshield.attack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * FAB-T against the exact minimal perturbation of a nonlinear model, a two-layer ReLU network on
 * two-pixel images ({@link TwoLayerReluNet}): its boundary bends where hidden units switch, so FAB
 * must leave its first linearisation and reach the nearest point through its alpha (mixing towards
 * the original) and eta (overshoot) and beta (back off) steps. It can never beat the exact minimum,
 * and finds it within 1% for most images, as the official FAB-T does: on this network and these 60
 * images, fra31/auto-attack's FABAttack_PT (100 iterations, 2 targets, 1 restart) came within 1% on
 * 58 in L-inf and 53 in L2, ours on 57 and 53 (in L2 the same 7 images above it, to four digits).
 * Without the overshoot (eta 1) ours stopped short of the boundary: 29 of 60 in L-inf.
 */
class FabExactMinimumTest {
    private static final int N = 60;

    private static double[][] gaussian(Random r, int rows, int cols, double scale) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = scale * r.nextGaussian();
            }
        }
        return m;
    }

    private static double[] gaussian(Random r, int n, double scale) {
        return gaussian(r, 1, n, scale)[0];
    }

    @Test
    void fabFindsTheExactMinimalPerturbationInBothNorms() {
        Random r = new Random(11);
        try (NDManager m = NDManager.newBaseManager()) {
            TwoLayerReluNet net =
                    new TwoLayerReluNet(
                            gaussian(r, 6, 2, 3),
                            gaussian(r, 6, 1),
                            gaussian(r, 3, 6, 1),
                            gaussian(r, 3, 0.3),
                            m);
            float[] pixels = new float[2 * N];
            long[] labels = new long[N];
            for (int i = 0; i < N; i++) {
                pixels[2 * i] = (float) (0.2 + 0.6 * r.nextDouble());
                pixels[2 * i + 1] = (float) (0.2 + 0.6 * r.nextDouble());
                labels[i] = net.predict(new double[] {pixels[2 * i], pixels[2 * i + 1]});
            }
            NDArray x = m.create(pixels, new Shape(N, 1, 1, 2));
            NDArray y = m.create(labels);
            for (Norm norm : new Norm[] {new LinfNorm(), new L2Norm()}) {
                boolean l2 = norm instanceof L2Norm;
                float[] found = new Fab(norm, 100, 2, 1, 0).minimalSizes(net, x, y, 0.5f);
                int close = 0;
                int reachable = 0;
                double worst = 0;
                double ratioSum = 0;
                for (int i = 0; i < N; i++) {
                    double[] p = {pixels[2 * i], pixels[2 * i + 1]};
                    double exact = net.minimalDistance(p, (int) labels[i], l2);
                    if (!Double.isFinite(exact)) {
                        continue;
                    }
                    reachable++;
                    assertTrue(
                            found[i] >= exact - 1e-5,
                            norm.name() + ": FAB found " + found[i] + " below the exact " + exact);
                    worst = Math.max(worst, found[i] / exact);
                    ratioSum += found[i] / exact;
                    close += found[i] <= exact * 1.01 + 1e-5 ? 1 : 0;
                }
                assertTrue(reachable > N / 2, "too few images can be fooled: " + reachable);
                String summary =
                        String.format(
                                "%s: FAB within 1%% of the exact minimum on %d of %d images, mean"
                                        + " ratio %.4f, worst %.3f",
                                norm.name(), close, reachable, ratioSum / reachable, worst);
                assertTrue(close >= 0.85 * reachable, summary);
                assertTrue(ratioSum / reachable <= 1.02, summary);
            }
        }
    }
}
