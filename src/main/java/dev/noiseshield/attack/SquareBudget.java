package dev.noiseshield.attack;

import java.util.Objects;

/**
 * What both Square attacks spend: their queries, and the schedule on which their windows shrink
 * over those queries.
 *
 * @param queries model queries per example, at least 1
 * @param schedule how the window's share of the image halves as the queries go
 */
public record SquareBudget(int queries, SquareSchedule schedule) implements java.io.Serializable {
    public SquareBudget {
        SettingChecks.atLeastOne("Square", "queries", queries);
        Objects.requireNonNull(schedule, "schedule");
    }

    /** The fraction of the image a window covers at query q (from 0). */
    public float fraction(int q) {
        return schedule.fraction(q, queries);
    }
}
