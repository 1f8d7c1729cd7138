package io.torrentine.session;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one tracker of a torrent, as the torrent's status reports it.
 *
 * @param url the tracker's URL as the torrent gives it
 * @param tier the tier (BEP 12) the tracker belongs to, 0 first
 * @param lastAnnounce when the last announce to it completed, successfully or not; empty if none has
 * @param nextAnnounce when the next announce to it is due; empty while one is in flight or the
 *     torrent is stopped
 * @param seeds the seeds it reported ({@code complete}), or -1 if it has not said
 * @param peers the downloaders it reported ({@code incomplete}), or -1 if it has not said
 * @param failures consecutive failed announces since its last success
 * @param lastError the last error text, cleared by a success
 * @param warning the last {@code warning message} it sent, cleared by a reply without one
 * @param working whether its last announce succeeded
 * @param updating whether an announce to it is in flight now
 */
public record TrackerStatus(String url, int tier, Optional<Instant> lastAnnounce,
                            Optional<Instant> nextAnnounce, int seeds, int peers, int failures,
                            Optional<String> lastError, Optional<String> warning, boolean working,
                            boolean updating) {

    /**
     * Checks that nothing is null.
     *
     * @param url the tracker's URL
     * @param tier its tier
     * @param lastAnnounce when the last announce completed
     * @param nextAnnounce when the next is due
     * @param seeds the seeds it reported, or -1
     * @param peers the downloaders it reported, or -1
     * @param failures consecutive failures
     * @param lastError the last error text
     * @param warning the last warning
     * @param working whether the last announce succeeded
     * @param updating whether an announce is in flight
     * @throws NullPointerException if a reference is null
     */
    public TrackerStatus {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(lastAnnounce, "lastAnnounce");
        Objects.requireNonNull(nextAnnounce, "nextAnnounce");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(warning, "warning");
    }
}
