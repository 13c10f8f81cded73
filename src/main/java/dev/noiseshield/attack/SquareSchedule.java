package dev.noiseshield.attack;

/**
 * How the Square attack's window shrinks ({@code p_selection} of fra31/auto-attack's square.py):
 * the fraction p of the image a window covers starts at {@code pInit} and halves after iterations
 * 10, 50, 200, 500, 1,000, 2,000, 4,000, 6,000 and 8,000. Standalone, Square rescales those
 * iterations to its budget (as if it had 10,000 queries); inside AutoAttack it does not ({@code
 * resc_schedule=False}), so with 5,000 queries its windows never get below {@code pInit / 128}.
 *
 * @param pInit the first fraction (AutoAttack: 0.8)
 * @param rescaled whether the halvings are spread over the budget as over 10,000 queries
 */
public record SquareSchedule(float pInit, boolean rescaled) implements java.io.Serializable {
    /** Square as AutoAttack's standard version runs it. */
    public static final SquareSchedule AUTOATTACK = new SquareSchedule(0.8f, false);

    /** Square on its own, as its authors' code runs it by default. */
    public static final SquareSchedule RESCALED = new SquareSchedule(0.8f, true);

    private static final int[] HALVINGS = {10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000};

    public SquareSchedule {
        if (!(pInit > 0 && pInit <= 1)) {
            throw new IllegalArgumentException("Square needs p_init in (0, 1], got " + pInit);
        }
    }

    /** The fraction p of the image a window covers at query q (from 0) of {@code queries}. */
    public float fraction(int q, int queries) {
        int it = rescaled ? (int) (q / (double) queries * 10000) : q;
        float p = pInit;
        for (int bound : HALVINGS) {
            p /= it > bound ? 2 : 1;
        }
        return p;
    }
}
