package dev.noiseshield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PaceTest {
    @Test
    void theRestTakesWhatTheMeasuredUnitsTookEach() {
        assertEquals("12 s so far, about 28 s to go", Pace.soFar(12, 3, 7));
        assertEquals("12 s so far", Pace.soFar(12, 3, 0));
        // units done without being measured (resumed from a journal) give no pace yet
        assertEquals("0 s so far", Pace.soFar(0, 0, 5));
    }

    @Test
    void aLineIsDueOncePerPeriod() throws InterruptedException {
        Pace everyTime = new Pace(0);
        assertTrue(everyTime.due());
        assertTrue(everyTime.due());
        Pace hourly = new Pace(3600);
        assertFalse(hourly.due());
        Pace tenthOfASecond = new Pace(0.05);
        assertFalse(tenthOfASecond.due());
        Thread.sleep(80);
        assertTrue(tenthOfASecond.due());
        assertFalse(tenthOfASecond.due(), "the next line waits a new period");
    }
}
