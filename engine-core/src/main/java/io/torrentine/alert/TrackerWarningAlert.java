package io.torrentine.alert;

import io.torrentine.metainfo.InfoHashes;
import java.time.Instant;
import java.util.Objects;

/**
 * A tracker answered with a {@code warning message}: the announce worked, but the tracker says something is off.
 *
 * <p>Category {@link AlertCategory#TRACKER}.
 *
 * @param time when the engine posted it
 * @param infoHashes the torrent's info-hashes
 * @param name the torrent's name; empty while it has none
 * @param url the tracker's announce URL
 * @param message the tracker's words
 */
public record TrackerWarningAlert(
        Instant time,
        InfoHashes infoHashes,
        String name,
        String url,
        String message) implements TorrentAlert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param infoHashes the torrent's info-hashes
     * @param name the torrent's name
     * @param url the tracker's announce URL
     * @param message the tracker's words
     * @throws NullPointerException if a value is null
     */
    public TrackerWarningAlert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(infoHashes, "infoHashes");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public AlertCategory category() {
        return AlertCategory.TRACKER;
    }
}
