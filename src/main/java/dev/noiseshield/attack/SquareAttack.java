package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.nn.OwnedArrays;
import java.util.Random;

/**
 * The L-inf Square attack (Andriushchenko et al., ECCV 2020): score-based, no gradients. From
 * vertical stripes of +-eps, each query redraws one random square window of the perturbation at
 * +-eps per channel and keeps it when it lowers the margin {@code z_y - max_{j != y} z_j}; the
 * window's side shrinks on the {@link SquareSchedule}. For a stochastic classifier the margin of
 * each query averages as many noise draws as the classifier's gradients do (wrap it in {@link
 * Eot}), so that the attack does not chase single lucky draws. Examples stop when their margin is
 * below 0.
 */
public record SquareAttack(SquareBudget budget, long seed) implements Attack.InLinf {

    @Override
    public String name() {
        return "square-" + budget.queries();
    }

    @Override
    public NDArray perturb(Classifier model, NDArray x, NDArray y, float eps) {
        Shape shape = x.getShape();
        int h = (int) shape.get(2);
        int w = (int) shape.get(3);
        Random random = new Random(seed);
        Best best = stripes(model, x, y, eps, random);
        for (int q = 0; q < budget.queries(); q++) {
            boolean[] active = best.unfooled();
            if (active == null) {
                break;
            }
            best.tryWindow(model, x, y, eps, random, active, windowSide(q, h, w));
        }
        best.margin.close();
        NDArray result = Attack.clipToBallAndBox(LINF, best.delta.add(x), x, eps);
        best.delta.close();
        return result;
    }

    /** The best perturbation so far per example, and its negated C&W margin (> 0: not fooled). */
    private static final class Best {
        NDArray delta;
        NDArray margin;

        /** Which examples the search still works on; null when every one is fooled. */
        boolean[] unfooled() {
            float[] marginValues = margin.toFloatArray();
            boolean[] active = new boolean[marginValues.length];
            boolean anyActive = false;
            for (int i = 0; i < active.length; i++) {
                active[i] = marginValues[i] > 0;
                anyActive |= active[i];
            }
            return anyActive ? active : null;
        }

        /**
         * One query: a random side x side window per example set to random corner values; kept
         * where it lowers the margin of an example still unfooled.
         */
        void tryWindow(
                Classifier model,
                NDArray x,
                NDArray y,
                float eps,
                Random random,
                boolean[] active,
                int side) {
            NDManager out = x.getManager();
            Shape shape = x.getShape();
            int n = (int) shape.get(0);
            int c = (int) shape.get(1);
            try (NDManager query = out.newSubManager()) {
                NDArray window =
                        windows(query, random, n, (int) shape.get(2), (int) shape.get(3), side);
                NDArray values =
                        OwnedArrays.of(query, signs(random, n * c, eps), new Shape(n, c, 1, 1));
                // every op starts from a query-scoped array, so its result is freed with the query
                NDArray candidate =
                        window.neg()
                                .add(1f)
                                .mul(delta)
                                .addi(window.mul(values))
                                .addi(x)
                                .clip(0f, 1f);
                NDArray candidateDelta = candidate.sub(x);
                NDArray candidateMargin =
                        Scores.meanLoss(model, candidate, y, AttackLoss.CW_MARGIN, query).neg();
                NDArray better =
                        candidateMargin.lt(margin).logicalAnd(OwnedArrays.of(query, active));
                NDArray newDelta = Scores.choose(better, candidateDelta, delta);
                NDArray newMargin = Scores.choose(better, candidateMargin, margin);
                newDelta.attach(out);
                newMargin.attach(out);
                delta.close();
                margin.close();
                delta = newDelta;
                margin = newMargin;
            }
        }
    }

    /** The start: vertical stripes of +-eps per column and channel, as the paper's. */
    private static Best stripes(Classifier model, NDArray x, NDArray y, float eps, Random random) {
        NDManager out = x.getManager();
        Shape shape = x.getShape();
        int n = (int) shape.get(0);
        int c = (int) shape.get(1);
        int h = (int) shape.get(2);
        int w = (int) shape.get(3);
        Best best = new Best();
        try (NDManager init = out.newSubManager()) {
            NDArray stripes =
                    OwnedArrays.of(init, signs(random, n * c * w, eps), new Shape(n, c, 1, w));
            NDArray start = x.add(stripes.repeat(2, h)).clip(0f, 1f);
            best.delta = start.sub(x);
            best.margin = Scores.meanLoss(model, start, y, AttackLoss.CW_MARGIN, init).neg();
            best.delta.attach(out);
            best.margin.attach(out);
        }
        return best;
    }

    /**
     * One random side x side window per example, as a float (n, 1, h, w) mask of 0 and 1. Only the
     * n corners cross from Java; the mask is built on the device by comparing them with row and
     * column indices (a mask built in Java cost a 3 MB native buffer per query on 1,000 digits).
     */
    private static NDArray windows(NDManager scope, Random random, int n, int h, int w, int side) {
        float[] tops = new float[n];
        float[] lefts = new float[n];
        for (int i = 0; i < n; i++) { // the draws' order is the one the attack has always used
            tops[i] = random.nextInt(h - side + 1);
            lefts[i] = random.nextInt(w - side + 1);
        }
        NDArray top = OwnedArrays.of(scope, tops, new Shape(n, 1, 1, 1));
        NDArray left = OwnedArrays.of(scope, lefts, new Shape(n, 1, 1, 1));
        NDArray rows = scope.arange(0f, h, 1f, DataType.FLOAT32).reshape(1, 1, h, 1);
        NDArray cols = scope.arange(0f, w, 1f, DataType.FLOAT32).reshape(1, 1, 1, w);
        NDArray inRows = rows.gte(top).logicalAnd(rows.lt(top.add(side)));
        NDArray inCols = cols.gte(left).logicalAnd(cols.lt(left.add(side)));
        return inRows.logicalAnd(inCols).toType(DataType.FLOAT32, false);
    }

    /**
     * Side of the square at query q: {@code max(round(sqrt(p h w)), 1)} as AutoAttack's, at most
     * one less than the image so that a window has somewhere to go.
     */
    int windowSide(int q, int h, int w) {
        int side = (int) Math.round(Math.sqrt(budget.fraction(q) * h * w));
        return Math.max(1, Math.min(side, Math.min(h, w) - 1));
    }

    private static float[] signs(Random random, int count, float eps) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = random.nextBoolean() ? eps : -eps;
        }
        return out;
    }
}
