package dev.noiseshield.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * An attack built with a bad setting is refused in one line naming the attack, setting and value.
 */
class SettingChecksTest {
    @Test
    void eachRefusalNamesTheSettingAndItsValue() {
        assertRefused("C&W needs a finite kappa >= 0, got -1.0", () -> cw(1, 1, 0.01f, 0.1f, -1f));
        assertRefused("C&W needs iterations >= 1, got 0", () -> cw(1, 0, 0.01f, 0.1f, 0f));
        assertRefused("C&W needs a finite c > 0, got 0.0", () -> cw(1, 1, 0.01f, 0f, 0f));
        assertRefused("ZOO needs coordinates >= 1, got 0", () -> new ZooAttack(10, 0, 0.01f, 0));
        assertRefused(
                "ZOO needs a finite lr > 0, got Infinity",
                () -> new ZooAttack(10, 1, Float.POSITIVE_INFINITY, 0));
        assertRefused(
                "PGD needs a finite relative step size >= 0, got NaN",
                () -> new PgdSettings(10, Float.NaN, 1, true));
        assertRefused("PGD needs restarts >= 1, got 0", () -> new PgdSettings(10, 0.1f, 0, true));
        assertRefused(
                "Square needs queries >= 1, got 0",
                () -> new SquareBudget(0, SquareSchedule.AUTOATTACK));
    }

    @Test
    void settingsAtTheirLimitsAreTaken() {
        cw(1, 1, Float.MIN_VALUE, Float.MIN_VALUE, 0f);
        new PgdSettings(1, 0f, 1, false);
        new SquareBudget(1, SquareSchedule.RESCALED);
    }

    private static CarliniWagnerL2 cw(int search, int steps, float lr, float c, float kappa) {
        return new CarliniWagnerL2(search, steps, lr, c, kappa);
    }

    private static void assertRefused(String message, Executable build) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, build).getMessage());
    }
}
