package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.nn.DetachedView;
import dev.noiseshield.nn.OwnedArrays;
import java.util.Random;

/**
 * FAB-T, the targeted Fast Adaptive Boundary attack (Croce and Hein, ICML 2020) as AutoAttack runs
 * it: a minimum-norm attack. Each iteration linearises the boundary between the true class y and a
 * target class t at the current point, projects both the current point and the original image onto
 * it ({@link HyperplaneProjection}), and moves to a mix of the two projections that leans towards
 * the original (at most {@code ALPHA_MAX}), overshooting by {@code ETA}. Once past the boundary it
 * keeps the point when it is the closest adversarial point so far and steps back towards the
 * original by {@code BETA}. Targets are the classes of the 2nd, 3rd, ... highest clean logit, tried
 * in turn on the examples not yet fooled within eps.
 *
 * <p>An example misclassified when clean is left as it is, as in AutoAttack; one for which no
 * adversarial point within eps is found comes back unchanged, so that the result lies in the ball.
 *
 * @param iterations per target and restart (AutoAttack: 100)
 * @param targets target classes tried (AutoAttack: 9)
 * @param restarts per target; the ones after the first start from a random point at eps/2, as
 *     AutoAttack's (fab_base.py takes {@code min(res2, eps) / 2} with {@code res2}, the best size,
 *     reset to 1e10 at the start of every run, so its restarts start at eps/2 too)
 * @param seed the random starts'
 */
public record Fab(Norm norm, int iterations, int targets, int restarts, long seed)
        implements Attack {
    /** AutoAttack's pinned settings. */
    static final double ALPHA_MAX = 0.1;

    static final double ETA = 1.05;
    static final double BETA = 0.9;

    public Fab {
        SettingChecks.atLeastOne("FAB", "iterations", iterations);
        SettingChecks.atLeastOne("FAB", "targets", targets);
        SettingChecks.atLeastOne("FAB", "restarts", restarts);
    }

    @Override
    public String name() {
        return "fab-t-" + iterations + "x" + targets;
    }

    @Override
    public NDArray perturb(Classifier model, NDArray x, NDArray y, float eps) {
        Found found = search(model, x, y, eps, eps);
        float[] result = x.toFloatArray();
        int d = result.length / found.size.length;
        for (int i = 0; i < found.size.length; i++) {
            if (found.size[i] <= eps) {
                System.arraycopy(found.points[i], 0, result, i * d, d);
            }
        }
        NDArray out = OwnedArrays.of(x.getManager(), result, x.getShape());
        return Attack.clipToBallAndBox(norm, out, x, eps);
    }

    /**
     * The smallest adversarial perturbation found per example, over every target (no radius bounds
     * the search; eps only sizes random starts): the size FAB reports as a minimum-norm attack.
     *
     * @return per example the size in this norm, +infinity where none was found or the example is
     *     misclassified when clean
     */
    public float[] minimalSizes(Classifier model, NDArray x, NDArray y, float eps) {
        return search(model, x, y, 0f, eps).size; // no size is small enough to stop early
    }

    /** The closest adversarial points, and their sizes (+infinity where none was found). */
    @SuppressWarnings("ArrayRecordComponent") // a carrier of results, never compared or hashed
    private record Found(float[][] points, float[] size) {
        /** Nothing found yet for n examples. */
        static Found none(int n) {
            Found found = new Found(new float[n][], new float[n]);
            java.util.Arrays.fill(found.size, Float.POSITIVE_INFINITY);
            return found;
        }
    }

    /**
     * Targets in turn; an example leaves the search once a point within {@code enough} is found, as
     * AutoAttack's does.
     */
    private Found search(Classifier model, NDArray x, NDArray y, float enough, float startRadius) {
        int n = (int) x.getShape().get(0);
        float[] pixels = x.toFloatArray();
        long[] labels = y.toLongArray();
        Found found = Found.none(n);
        int[][] ranked = rankedClasses(model, x);
        Random random = new Random(seed);
        int tries = Math.min(targets, model.numClasses() - 1);
        for (int t = 0; t < tries; t++) {
            for (int r = 0; r < restarts; r++) {
                int[] active = stillToFool(ranked, labels, found.size, enough);
                if (active.length == 0) {
                    return found;
                }
                Boundary boundary = new Boundary(model, x, active, pixels, labels, ranked, t);
                float[][] start = boundary.start(r > 0 ? startRadius : 0f, random);
                Found run = boundary.descend(start);
                for (int k = 0; k < active.length; k++) {
                    if (run.size[k] < found.size[active[k]]) {
                        found.size[active[k]] = run.size[k];
                        found.points[active[k]] = run.points[k];
                    }
                }
            }
        }
        return found;
    }

    /** Examples correct when clean and not yet fooled within {@code enough}. */
    private static int[] stillToFool(int[][] ranked, long[] labels, float[] size, float enough) {
        return java.util.stream.IntStream.range(0, labels.length)
                .filter(i -> ranked[i][0] == labels[i] && !(size[i] <= enough))
                .toArray();
    }

    /** Per example, the classes from the highest clean logit down. */
    private static int[][] rankedClasses(Classifier model, NDArray x) {
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray logits = model.logits(DetachedView.of(x, scope)).stopGradient();
            long[] order = logits.argSort(1, false).toLongArray();
            int c = model.numClasses();
            int[][] ranked = new int[(int) x.getShape().get(0)][c];
            for (int i = 0; i < ranked.length; i++) {
                for (int j = 0; j < c; j++) {
                    ranked[i][j] = (int) order[i * c + j];
                }
            }
            return ranked;
        }
    }

    /** One run of FAB towards one target class on a subset of the batch. */
    private final class Boundary {
        private final Classifier model;
        private final Shape shape;
        private final float[][] original;
        private final long[] labels;
        private final long[] targetClasses;
        private final NDManager batch;

        /** The examples {@code active} of the batch x, towards their target of rank t. */
        Boundary(
                Classifier model,
                NDArray x,
                int[] active,
                float[] pixels,
                long[] allLabels,
                int[][] ranked,
                int t) {
            this.model = model;
            this.batch = x.getManager();
            long[] dims = x.getShape().getShape().clone();
            dims[0] = active.length;
            this.shape = new Shape(dims);
            int d = pixels.length / allLabels.length;
            original = new float[active.length][];
            labels = new long[active.length];
            targetClasses = new long[active.length];
            for (int k = 0; k < active.length; k++) {
                int i = active[k];
                original[k] = java.util.Arrays.copyOfRange(pixels, i * d, (i + 1) * d);
                labels[k] = allLabels[i];
                targetClasses[k] = ranked[i][t + 1];
            }
        }

        /** The original images, or random points at {@code radius}/2 around them. */
        float[][] start(float radius, Random random) {
            float[][] start = new float[original.length][];
            for (int k = 0; k < start.length; k++) {
                start[k] = original[k].clone();
                if (radius > 0 && Float.isFinite(radius)) {
                    float[] direction = new float[start[k].length];
                    for (int j = 0; j < direction.length; j++) {
                        direction[j] =
                                norm instanceof L2Norm
                                        ? (float) random.nextGaussian()
                                        : 2 * random.nextFloat() - 1;
                    }
                    float scale = radius / 2 / size(direction);
                    for (int j = 0; j < direction.length; j++) {
                        start[k][j] = clip01(start[k][j] + scale * direction[j]);
                    }
                }
            }
            return start;
        }

        Found descend(float[][] x1) {
            int n = original.length;
            Found best = Found.none(n);
            for (int it = 0; it < iterations; it++) {
                Linearised boundary = linearise(x1);
                // plain Java per example, while the native threads wait: spread over the cores
                // (each example's step is computed alone, so the result does not depend on how)
                float[][] from = x1;
                java.util.stream.IntStream.range(0, n)
                        .parallel()
                        .forEach(k -> from[k] = stepTowards(from[k], original[k], boundary, k));
                boolean[] fooled = misclassified(x1);
                for (int k = 0; k < n; k++) {
                    if (fooled[k]) {
                        float size = distance(x1[k], original[k]);
                        if (size < best.size[k]) {
                            best.size[k] = size;
                            best.points[k] = x1[k].clone();
                        }
                        for (int j = 0; j < x1[k].length; j++) { // back towards the original
                            x1[k][j] =
                                    (float) (original[k][j] + (x1[k][j] - original[k][j]) * BETA);
                        }
                    }
                }
            }
            return best;
        }

        /** The gap z_t - z_y at the points, and its gradient. */
        @SuppressWarnings("ArrayRecordComponent") // a carrier of results, never compared or hashed
        private record Linearised(float[] gap, float[] gradient, int d) {}

        private Linearised linearise(float[][] points) {
            try (NDManager scope = batch.newSubManager()) {
                NDArray input = OwnedArrays.of(scope, flatten(points), shape);
                NDArray y = OwnedArrays.of(scope, labels);
                NDArray t = OwnedArrays.of(scope, targetClasses);
                LossGradient g = Gradients.of(model, input, y, AttackLoss.logitGap(t), scope);
                return new Linearised(
                        g.loss().toFloatArray(), g.gradient().toFloatArray(), points[0].length);
            }
        }

        /**
         * FAB's step: both projections onto the linearised boundary, mixed towards the original.
         */
        private float[] stepTowards(float[] x1, float[] x0, Linearised boundary, int k) {
            int d = boundary.d;
            float[] w = java.util.Arrays.copyOfRange(boundary.gradient, k * d, (k + 1) * d);
            double b = -boundary.gap[k];
            for (int j = 0; j < d; j++) {
                b += (double) w[j] * x1[j];
            }
            float[] fromCurrent = new float[d];
            float[] fromOriginal = new float[d];
            project(x1, w, b, fromCurrent);
            project(x0, w, b, fromOriginal);
            double a1 = Math.max(size(fromCurrent), 1e-8);
            double a2 = Math.max(size(fromOriginal), 1e-8);
            double alpha = Math.min(Math.max(a1 / (a1 + a2), 0), ALPHA_MAX);
            float[] next = new float[d];
            for (int j = 0; j < d; j++) {
                double current = x1[j] + ETA * fromCurrent[j];
                double fromStart = x0[j] + ETA * fromOriginal[j];
                next[j] = clip01((float) (current * (1 - alpha) + fromStart * alpha));
            }
            return next;
        }

        private boolean[] misclassified(float[][] points) {
            try (NDManager scope = batch.newSubManager()) {
                NDArray input = OwnedArrays.of(scope, flatten(points), shape);
                long[] predicted = model.logits(input).argMax(1).toLongArray();
                boolean[] out = new boolean[points.length];
                for (int k = 0; k < out.length; k++) {
                    out[k] = predicted[k] != labels[k];
                }
                return out;
            }
        }
    }

    private void project(float[] p, float[] w, double b, float[] step) {
        if (norm instanceof L2Norm) {
            HyperplaneProjection.l2(p, w, b, step);
        } else {
            HyperplaneProjection.linf(p, w, b, step);
        }
    }

    private float size(float[] v) {
        double s = 0;
        for (float e : v) {
            s = norm instanceof L2Norm ? s + (double) e * e : Math.max(s, Math.abs(e));
        }
        return (float) (norm instanceof L2Norm ? Math.sqrt(s) : s);
    }

    private float distance(float[] a, float[] b) {
        float[] diff = new float[a.length];
        for (int j = 0; j < a.length; j++) {
            diff[j] = a[j] - b[j];
        }
        return size(diff);
    }

    private static float clip01(float v) {
        return Math.min(1f, Math.max(0f, v));
    }

    private static float[] flatten(float[][] rows) {
        int d = rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int k = 0; k < rows.length; k++) {
            System.arraycopy(rows[k], 0, flat, k * d, d);
        }
        return flat;
    }
}
