package io.torrentine.alert;

import io.torrentine.session.SessionStats;
import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of the session's statistics. An answer to a call (the session posts it when asked for
 * statistics), so it is posted whatever the category mask says.
 *
 * <p>Category {@link AlertCategory#STATS}.
 *
 * @param time when the engine posted it
 * @param stats the statistics
 */
public record SessionStatsAlert(Instant time, SessionStats stats) implements Alert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param stats the statistics
     * @throws NullPointerException if a value is null
     */
    public SessionStatsAlert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(stats, "stats");
    }

    /** {@return {@link AlertCategory#STATS}} */
    @Override
    public AlertCategory category() {
        return AlertCategory.STATS;
    }
}
