package io.torrentine.alert;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The alert queue was full and alerts were dropped. It comes first in the next batch a consumer gets,
 * so the loss is seen before anything else (a full queue refuses newcomers, so the dropped alerts are
 * newer than the ones that filled it).
 * Posted whatever the category mask says. Drain alerts more often, raise the queue size, or mask
 * out categories you do not need.
 *
 * <p>Category {@link AlertCategory#ERROR}.
 *
 * @param time when the engine posted it
 * @param dropped how many alerts were dropped since the last such alert, at least 1
 * @param categories the categories of the dropped alerts
 */
public record AlertsDroppedAlert(Instant time, long dropped, Set<AlertCategory> categories) implements Alert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param dropped how many alerts were dropped since the last such alert, at least 1
     * @param categories the categories of the dropped alerts
     * @throws NullPointerException if a value is null
     * @throws IllegalArgumentException if dropped is less than 1
     */
    public AlertsDroppedAlert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(categories, "categories");
        if (dropped < 1) {
            throw new IllegalArgumentException("dropped must be at least 1: " + dropped);
        }
        // An EnumSet copy: immutable, and in declaration order for a stable toString.
        categories = Collections.unmodifiableSet(categories.isEmpty()
                ? EnumSet.noneOf(AlertCategory.class) : EnumSet.copyOf(categories));
    }

    /** {@return {@link AlertCategory#ERROR}} */
    @Override
    public AlertCategory category() {
        return AlertCategory.ERROR;
    }
}
