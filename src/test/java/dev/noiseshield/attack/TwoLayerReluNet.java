package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.model.Classifier;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code logits = W2 relu(W1 x + b1) + b2} on two-pixel images (1 x 1 x 2): a nonlinear model whose
 * minimal adversarial distance has an exact answer. The network is linear on each activation
 * pattern's region, a convex polygon of the plane (with the [0,1] box), so the nearest point of
 * class t is the nearest point of a polygon, and in the plane that is the image itself, its
 * projection onto one of the polygon's lines, or one of its vertices.
 */
final class TwoLayerReluNet implements Classifier {
    final double[][] w1;
    final double[] b1;
    final double[][] w2;
    final double[] b2;
    private final NDArray w1Array;
    private final NDArray b1Array;
    private final NDArray w2Array;
    private final NDArray b2Array;

    TwoLayerReluNet(double[][] w1, double[] b1, double[][] w2, double[] b2, NDManager m) {
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
        this.w1Array = m.create(toFloat(w1));
        this.b1Array = m.create(toFloat(b1));
        this.w2Array = m.create(toFloat(w2));
        this.b2Array = m.create(toFloat(b2));
    }

    @Override
    public NDArray logits(NDArray x) {
        NDArray flat = x.reshape(x.getShape().get(0), 2);
        NDArray hidden = flat.matMul(w1Array.transpose()).add(b1Array).maximum(0f);
        return hidden.matMul(w2Array.transpose()).add(b2Array);
    }

    @Override
    public int numClasses() {
        return b2.length;
    }

    @Override
    public boolean isStochastic() {
        return false;
    }

    /** The class the network predicts at the point p, in exact arithmetic. */
    int predict(double[] p) {
        double[] z = b2.clone();
        for (int j = 0; j < b1.length; j++) {
            double h = Math.max(0, w1[j][0] * p[0] + w1[j][1] * p[1] + b1[j]);
            for (int c = 0; c < z.length; c++) {
                z[c] += w2[c][j] * h;
            }
        }
        int best = 0;
        for (int c = 1; c < z.length; c++) {
            best = z[c] > z[best] ? c : best;
        }
        return best;
    }

    /**
     * The exact smallest distance, in L2 or L-inf, from p to a point of the box where some class
     * other than y scores at least as high as y.
     */
    double minimalDistance(double[] p, int y, boolean l2) {
        double best = Double.POSITIVE_INFINITY;
        for (int pattern = 0; pattern < 1 << b1.length; pattern++) {
            for (int t = 0; t < b2.length; t++) {
                if (t != y) {
                    best = Math.min(best, nearest(p, region(pattern, y, t), l2));
                }
            }
        }
        return best;
    }

    /** A half-plane {@code a . x <= c}. */
    private record HalfPlane(double a0, double a1, double c) {
        boolean holds(double[] x) {
            return a0 * x[0] + a1 * x[1] <= c + 1e-9;
        }
    }

    /** The polygon where the pattern holds, inside the box, and class t scores at least y. */
    private List<HalfPlane> region(int pattern, int y, int t) {
        List<HalfPlane> sides = new ArrayList<>();
        double g0 = 0;
        double g1 = 0;
        double gc = b2[t] - b2[y];
        for (int j = 0; j < b1.length; j++) {
            boolean active = (pattern >> j & 1) == 1;
            double s = active ? -1 : 1; // active: w.x + b >= 0, i.e. -w.x <= b
            sides.add(new HalfPlane(s * w1[j][0], s * w1[j][1], active ? b1[j] : -b1[j]));
            if (active) {
                double v = w2[t][j] - w2[y][j];
                g0 += v * w1[j][0];
                g1 += v * w1[j][1];
                gc += v * b1[j];
            }
        }
        sides.add(new HalfPlane(-g0, -g1, gc)); // z_t - z_y = g.x + gc >= 0
        sides.add(new HalfPlane(-1, 0, 0));
        sides.add(new HalfPlane(0, -1, 0));
        sides.add(new HalfPlane(1, 0, 1));
        sides.add(new HalfPlane(0, 1, 1));
        return sides;
    }

    /** Distance from p to the polygon, infinity when it is empty. */
    private static double nearest(double[] p, List<HalfPlane> sides, boolean l2) {
        List<double[]> candidates = new ArrayList<>();
        candidates.add(p);
        for (int i = 0; i < sides.size(); i++) {
            HalfPlane s = sides.get(i);
            double r = s.c() - s.a0() * p[0] - s.a1() * p[1];
            if (l2) {
                double n2 = s.a0() * s.a0() + s.a1() * s.a1();
                if (n2 > 0) {
                    candidates.add(new double[] {p[0] + r * s.a0() / n2, p[1] + r * s.a1() / n2});
                }
            } else {
                double n1 = Math.abs(s.a0()) + Math.abs(s.a1());
                if (n1 > 0) {
                    candidates.add(
                            new double[] {
                                p[0] + Math.signum(s.a0()) * r / n1,
                                p[1] + Math.signum(s.a1()) * r / n1
                            });
                }
            }
            for (int j = i + 1; j < sides.size(); j++) {
                HalfPlane u = sides.get(j);
                double det = s.a0() * u.a1() - s.a1() * u.a0();
                if (Math.abs(det) > 1e-12) {
                    candidates.add(
                            new double[] {
                                (s.c() * u.a1() - s.a1() * u.c()) / det,
                                (s.a0() * u.c() - s.c() * u.a0()) / det
                            });
                }
            }
        }
        double best = Double.POSITIVE_INFINITY;
        for (double[] q : candidates) {
            if (sides.stream().allMatch(s -> s.holds(q))) {
                double dx = Math.abs(q[0] - p[0]);
                double dy = Math.abs(q[1] - p[1]);
                best = Math.min(best, l2 ? Math.hypot(dx, dy) : Math.max(dx, dy));
            }
        }
        return best;
    }

    private static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    private static float[][] toFloat(double[][] v) {
        float[][] out = new float[v.length][];
        for (int i = 0; i < v.length; i++) {
            out[i] = toFloat(v[i]);
        }
        return out;
    }
}
