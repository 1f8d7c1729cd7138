package io.torrentine.internal.tracker;

import java.util.Optional;

/**
 * The announce state of one tracker of one torrent. Mutable, touched only on the torrent's
 * executor by its {@link TrackerAnnouncer}. Times are {@code nanoTime}-style ticks.
 */
final class TrackerEntry {
    /** "No such time". */
    static final long NEVER = Long.MIN_VALUE;

    final String url;
    final int tier;
    /** When the last announce completed (success or failure), or {@link #NEVER}. */
    long lastAnnounce = NEVER;
    /** When the last successful announce completed, or {@link #NEVER}. */
    long lastSuccess = NEVER;
    /** When the next announce is due; 0 or less means at once. */
    long nextAnnounce = NEVER;
    /** Consecutive failures since the last success. */
    int fails;
    /** An announce is in flight. */
    boolean updating;
    /** The URL can never work (its scheme or address is refused): skipped by the tier walk. */
    boolean disabled;
    /** Regular interval from the last reply, in nanoseconds. */
    long intervalNanos;
    /** Minimum re-announce interval from the last reply, in nanoseconds, or 0. */
    long minIntervalNanos;
    int seeds = -1;
    int peers = -1;
    Optional<String> lastError = Optional.empty();
    Optional<String> warning = Optional.empty();
    Optional<byte[]> trackerId = Optional.empty();
    /** A {@code started} announce succeeded since the torrent (re)started. */
    boolean startSent;
    /** {@code completed} was sent, or is not due because the torrent was complete at start. */
    boolean completeSent;

    TrackerEntry(String url, int tier) {
        this.url = url;
        this.tier = tier;
    }

    /** Not failing: never tried, or its last announce succeeded (libtorrent's is_working). */
    boolean notFailing() {
        return fails == 0;
    }

    /** Whether it is due at {@code now}. */
    boolean due(long now) {
        return nextAnnounce == NEVER || now - nextAnnounce >= 0;
    }
}
