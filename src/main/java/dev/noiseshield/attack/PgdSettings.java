package dev.noiseshield.attack;

/**
 * Settings of a PGD attack.
 *
 * @param steps gradient steps per run (>= 1)
 * @param relativeStepSize step length as a fraction of eps; 0 chooses Madry et al.'s 2.5 / steps,
 *     which lets a run cross the ball and come back
 * @param restarts independent runs from fresh random starts (>= 1)
 * @param randomStart start at a uniformly random point of the ball (true) or at x
 */
public record PgdSettings(int steps, float relativeStepSize, int restarts, boolean randomStart) {
    public PgdSettings {
        SettingChecks.atLeastOne("PGD", "steps", steps);
        SettingChecks.notNegative("PGD", "relative step size", relativeStepSize);
        SettingChecks.atLeastOne("PGD", "restarts", restarts);
    }

    /** PGD with the default step size, one run and a random start. */
    public static PgdSettings of(int steps) {
        return new PgdSettings(steps, 0f, 1, true);
    }

    public float stepSize(float eps) {
        return eps * (relativeStepSize > 0f ? relativeStepSize : 2.5f / steps);
    }
}
