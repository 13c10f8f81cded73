package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.nn.OwnedArrays;
import java.util.Random;

/**
 * The L2 Square attack (Andriushchenko et al., ECCV 2020) as AutoAttack runs it: score-based, no
 * gradients. The start is a grid of square blocks, each holding a "pseudo-Gaussian" pattern (nested
 * rectangles weighted 1/k^2, positive in one half and negative in the other) of random sign per
 * channel, scaled to the eps-sphere. Each query takes two random windows of the current
 * perturbation: the first gets a fresh pattern added to its own, the second is emptied, and the
 * first's new content takes the emptied mass and whatever the budget has left; the result is kept
 * when it lowers the margin {@code z_y - max_{j != y} z_j}. The windows shrink on the {@link
 * SquareSchedule}. The search state is held per example in Java, as the windows are placed and
 * rescaled per channel; the model is queried only for the examples not yet fooled.
 */
public record SquareL2Attack(SquareBudget budget, long seed) implements Attack.InL2 {

    @Override
    public String name() {
        return "square-" + budget.queries() + "-l2";
    }

    @Override
    public NDArray perturb(Classifier model, NDArray x, NDArray y, float eps) {
        Shape shape = x.getShape();
        Geometry g =
                new Geometry(
                        (int) shape.get(0),
                        (int) shape.get(1),
                        (int) shape.get(2),
                        (int) shape.get(3));
        float[] clean = x.toFloatArray();
        long[] labels = y.toLongArray();
        Random random = new Random(seed);
        float[] best = start(g, clean, eps, random);
        float[] margin = margins(model, x, best, labels, all(g.n), g);
        for (int q = 0; q < budget.queries(); q++) {
            int[] active = unfooled(margin);
            if (active.length == 0) {
                break;
            }
            int side = side(q, g);
            float[] candidate = best.clone();
            for (int i : active) {
                tryWindows(g, clean, candidate, i, side, eps, random);
            }
            float[] candidateMargin = margins(model, x, candidate, labels, active, g);
            for (int k = 0; k < active.length; k++) {
                int i = active[k];
                if (candidateMargin[k] < margin[i]) { // the margin loss is the margin itself
                    margin[i] = candidateMargin[k];
                    System.arraycopy(candidate, i * g.d(), best, i * g.d(), g.d());
                }
            }
        }
        NDArray result = OwnedArrays.of(x.getManager(), best, shape);
        return Attack.clipToBallAndBox(L2, result, x, eps);
    }

    /** Batch size, channels, height, width, and pixels per example. */
    private record Geometry(int n, int c, int h, int w) {
        int d() {
            return c * h * w;
        }
    }

    /** A grid of h/5-sided blocks of the pattern, random sign per channel, on the eps-sphere. */
    private static float[] start(Geometry g, float[] clean, float eps, Random random) {
        int s = g.h / 5;
        int offset = (g.h - s * 5) / 2;
        float[] delta = new float[g.n * g.d()];
        for (int top = offset; top + s <= g.h && s > 0; top += s) {
            for (int left = offset; left + s <= g.w; left += s) {
                float[][] pattern = pattern(s, random);
                for (int i = 0; i < g.n; i++) {
                    for (int ch = 0; ch < g.c; ch++) {
                        float sign = random.nextBoolean() ? 1f : -1f;
                        addWindow(g, delta, i, ch, top, left, pattern, sign);
                    }
                }
            }
        }
        float[] adv = new float[delta.length];
        for (int i = 0; i < g.n; i++) {
            double scale = eps / (Math.sqrt(sumSquares(delta, i * g.d(), g.d())) + 1e-12);
            for (int j = i * g.d(); j < (i + 1) * g.d(); j++) {
                adv[j] = clip01(clean[j] + (float) (delta[j] * scale));
            }
        }
        return adv;
    }

    /** Adds sign times the pattern to channel ch of example i, its corner at (top, left). */
    private static void addWindow(
            Geometry g,
            float[] delta,
            int i,
            int ch,
            int top,
            int left,
            float[][] pattern,
            float sign) {
        for (int r = 0; r < pattern.length; r++) {
            for (int col = 0; col < pattern.length; col++) {
                delta[((i * g.c + ch) * g.h + top + r) * g.w + left + col] +=
                        sign * pattern[r][col];
            }
        }
    }

    /** One query's change to example i of {@code adv}, in place (AutoAttack's L2 update). */
    private static void tryWindows(
            Geometry g, float[] clean, float[] adv, int i, int s, float eps, Random random) {
        int base = i * g.d();
        float[] delta = new float[g.d()];
        for (int j = 0; j < g.d(); j++) {
            delta[j] = adv[base + j] - clean[base + j];
        }
        // AutoAttack's corners lie in [0, h - s): the last position is never drawn
        int top = random.nextInt(Math.max(1, g.h - s));
        int left = random.nextInt(Math.max(1, g.w - s));
        int top2 = random.nextInt(Math.max(1, g.h - s));
        int left2 = random.nextInt(Math.max(1, g.w - s));
        double imageNorm2 = sumSquares(delta, 0, g.d());
        float[][] pattern = pattern(s, random);
        for (int ch = 0; ch < g.c; ch++) {
            double window = 0;
            double union = 0;
            for (int r = 0; r < g.h; r++) {
                for (int col = 0; col < g.w; col++) {
                    boolean in1 = inside(r, col, top, left, s);
                    boolean in2 = inside(r, col, top2, left2, s);
                    float v = delta[(ch * g.h + r) * g.w + col];
                    window += in1 ? v * v : 0;
                    union += in1 || in2 ? v * v : 0;
                }
            }
            float sign = random.nextBoolean() ? 1f : -1f;
            float[] fresh = new float[s * s];
            double windowNorm = Math.sqrt(window) + 1e-12;
            for (int r = 0; r < s; r++) {
                for (int col = 0; col < s; col++) {
                    float old = delta[(ch * g.h + top + r) * g.w + left + col];
                    fresh[r * s + col] = (float) (pattern[r][col] * sign + old / windowNorm);
                }
            }
            double freshNorm = Math.sqrt(sumSquares(fresh, 0, fresh.length)) + 1e-12;
            double budget = Math.sqrt(Math.max(eps * eps - imageNorm2, 0) / g.c + union);
            for (int r = 0; r < s; r++) {
                for (int col = 0; col < s; col++) {
                    delta[(ch * g.h + top2 + r) * g.w + left2 + col] = 0f;
                }
            }
            for (int r = 0; r < s; r++) {
                for (int col = 0; col < s; col++) {
                    delta[(ch * g.h + top + r) * g.w + left + col] =
                            (float) (fresh[r * s + col] / freshNorm * budget);
                }
            }
        }
        double scale = eps / (Math.sqrt(sumSquares(delta, 0, g.d())) + 1e-12);
        for (int j = 0; j < g.d(); j++) {
            adv[base + j] = clip01(clean[base + j] + (float) (delta[j] * scale));
        }
    }

    /**
     * The side x side pattern: nested rectangles weighted 1/k^2 in the top half, their negation in
     * the bottom half, unit L2 norm, transposed half of the time.
     */
    private static float[][] pattern(int s, Random random) {
        float[][] p = new float[s][s];
        float[][] upper = rectangles(s / 2, s);
        float[][] lower = rectangles(s - s / 2, s);
        for (int r = 0; r < s; r++) {
            for (int col = 0; col < s; col++) {
                p[r][col] = r < s / 2 ? upper[r][col] : -lower[r - s / 2][col];
            }
        }
        normalise(p);
        if (random.nextDouble() > 0.5) {
            float[][] t = new float[s][s];
            for (int r = 0; r < s; r++) {
                for (int col = 0; col < s; col++) {
                    t[col][r] = p[r][col];
                }
            }
            return t;
        }
        return p;
    }

    /** Rectangles growing from the centre of an x-by-y block, the k-th weighted 1/k^2. */
    private static float[][] rectangles(int x, int y) {
        float[][] delta = new float[x][y];
        int top = x / 2;
        int left = y / 2;
        for (int k = 0; k < Math.max(x / 2 + 1, y / 2 + 1); k++) {
            for (int r = Math.max(top, 0); r < Math.min(top + 2 * k + 1, x); r++) {
                for (int col = Math.max(left, 0); col < Math.min(left + 2 * k + 1, y); col++) {
                    delta[r][col] += 1f / ((k + 1) * (k + 1));
                }
            }
            top--;
            left--;
        }
        normalise(delta);
        return delta;
    }

    private static void normalise(float[][] block) {
        double sum = 0;
        for (float[] row : block) {
            sum += sumSquares(row, 0, row.length);
        }
        double norm = Math.sqrt(sum);
        for (float[] row : block) {
            for (int j = 0; j < row.length; j++) {
                row[j] = norm == 0 ? 0 : (float) (row[j] / norm);
            }
        }
    }

    /** AutoAttack's window: sqrt(p h w) on the p schedule, at least 3, odd, at most the image. */
    private int side(int q, Geometry g) {
        return side(q, g.h, g.w);
    }

    /** The window's side at query q on an h x w image. */
    int side(int q, int h, int w) {
        double p = budget.fraction(q);
        int s = Math.max((int) Math.round(Math.sqrt(p * h * w)), 3);
        s += s % 2 == 0 ? 1 : 0;
        return Math.min(s, Math.min(h, w));
    }

    /** z_y - max_{j != y} z_j of the examples {@code rows} of adv (> 0: not fooled). */
    private static float[] margins(
            Classifier model, NDArray x, float[] adv, long[] labels, int[] rows, Geometry g) {
        float[] picked = new float[rows.length * g.d()];
        long[] pickedLabels = new long[rows.length];
        for (int k = 0; k < rows.length; k++) {
            System.arraycopy(adv, rows[k] * g.d(), picked, k * g.d(), g.d());
            pickedLabels[k] = labels[rows[k]];
        }
        try (NDManager query = x.getManager().newSubManager()) {
            NDArray input = OwnedArrays.of(query, picked, new Shape(rows.length, g.c, g.h, g.w));
            NDArray y = OwnedArrays.of(query, pickedLabels);
            return Scores.meanLoss(model, input, y, AttackLoss.CW_MARGIN, query)
                    .neg()
                    .toFloatArray();
        }
    }

    private static int[] unfooled(float[] margin) {
        return java.util.stream.IntStream.range(0, margin.length)
                .filter(i -> margin[i] > 0)
                .toArray();
    }

    private static int[] all(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    private static boolean inside(int r, int col, int top, int left, int s) {
        return r >= top && r < top + s && col >= left && col < left + s;
    }

    private static double sumSquares(float[] v, int from, int length) {
        double s = 0;
        for (int j = from; j < from + length; j++) {
            s += (double) v[j] * v[j];
        }
        return s;
    }

    private static float clip01(float v) {
        return Math.min(1f, Math.max(0f, v));
    }
}
