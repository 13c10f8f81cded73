package dev.noiseshield.attack;

import java.util.Arrays;

/**
 * The smallest step from a point onto a hyperplane {@code w . z = b} that stays in the [0,1] box,
 * in L-inf or L2: the projection FAB (Croce and Hein, 2020) takes onto the linearised decision
 * boundary. Plain Java on one example's pixels, as the solution comes from sorting the pixels by
 * when they hit the box.
 *
 * <p>Moving pixel i in the direction that helps ({@code sign(w_i)} times the side of the plane to
 * reach) it can go {@code room_i} before the box stops it. In L-inf every pixel moves {@code min(r,
 * room_i)} and the plane is reached at the smallest r with {@code sum |w_i| min(r, room_i)} equal
 * to the distance to cover; in L2 pixel i moves {@code min(lambda |w_i|, room_i)} (the KKT
 * conditions) and lambda solves the same equation. Both sums grow piecewise linearly, so one pass
 * over the pixels sorted by their break points finds the exact solution. When even the box's corner
 * does not reach the plane, the step is the unconstrained projection, which the caller's clipping
 * to the box then shortens, as AutoAttack's does.
 */
final class HyperplaneProjection {
    private HyperplaneProjection() {}

    /** Writes into {@code step} the smallest L-inf step from p to the plane within the box. */
    static void linf(float[] p, float[] w, double b, float[] step) {
        project(p, w, b, step, false);
    }

    /** Writes into {@code step} the smallest L2 step from p to the plane within the box. */
    static void l2(float[] p, float[] w, double b, float[] step) {
        project(p, w, b, step, true);
    }

    /**
     * The t at which the pixels, moving {@code min(t, room_i)} (L-inf) or {@code min(t |w_i|,
     * room_i)} (L2), cover {@code toCover}: a walk over the break points in increasing order,
     * stopping pixels as t passes theirs.
     *
     * @param order the moving pixels' indices in the low bits, sorted by break point in its first
     *     {@code moving} entries
     * @param rate the sums' slope while no pixel is stopped
     */
    private static double crossing(
            long[] order,
            int moving,
            double[] room,
            double[] breakPoint,
            float[] w,
            double toCover,
            double rate,
            boolean l2) {
        double stopped = 0; // sum |w_i| room_i over the pixels the box has stopped
        double t = 0;
        for (int m = 0; m < moving; m++) {
            int i = (int) (order[m] & 0xFFFFFFFFL);
            double candidate = (toCover - stopped) / rate;
            if (candidate <= breakPoint[i]) {
                return candidate;
            }
            double wi = Math.abs(w[i]);
            stopped += wi * room[i];
            rate -= l2 ? wi * wi : wi;
            t = breakPoint[i];
        }
        return t;
    }

    private static void project(float[] p, float[] w, double b, float[] step, boolean l2) {
        int d = p.length;
        double gap = b;
        for (int i = 0; i < d; i++) {
            gap -= (double) w[i] * p[i];
        }
        Arrays.fill(step, 0f);
        if (gap == 0) {
            return;
        }
        double side = Math.signum(gap);
        double toCover = Math.abs(gap);
        // per pixel: its break point, and the room it has before the box stops it
        long[] order = new long[d];
        double[] room = new double[d];
        double[] breakPoint = new double[d];
        int moving = 0;
        double reach = 0; // sum |w_i| room_i: how far the box's corner gets
        double rate = 0; // the sums' slope while no pixel is stopped
        for (int i = 0; i < d; i++) {
            double wi = w[i] * side;
            if (wi == 0) {
                continue;
            }
            room[i] = wi > 0 ? 1.0 - p[i] : p[i];
            room[i] = Math.max(0, room[i]);
            breakPoint[i] = l2 ? room[i] / Math.abs(wi) : room[i];
            // non-negative floats sort as their bits; the pixel's index rides in the low bits
            order[moving++] = ((long) Float.floatToIntBits((float) breakPoint[i]) << 32) | i;
            reach += Math.abs(wi) * room[i];
            rate += l2 ? wi * wi : Math.abs(wi);
        }
        if (moving == 0) {
            return;
        }
        if (reach < toCover) { // unreachable inside the box: the unconstrained projection
            double t = toCover / rate;
            for (int i = 0; i < d; i++) {
                double wi = w[i] * side;
                step[i] = (float) (Math.signum(wi) * (l2 ? t * Math.abs(wi) : t));
            }
            return;
        }
        Arrays.sort(order, 0, moving);
        double t = crossing(order, moving, room, breakPoint, w, toCover, rate, l2);
        for (int i = 0; i < d; i++) {
            double wi = w[i] * side;
            if (wi != 0) {
                double length = Math.min(l2 ? t * Math.abs(wi) : t, room[i]);
                step[i] = (float) (Math.signum(wi) * length);
            }
        }
    }
}
